/**
 * A fake upstream DNS server for e2e tests, listening on TEST_UPSTREAM:53 inside a test
 * daemon's namespace (the sockets are opened there with the same addon the daemon uses),
 * so the daemon's forwarding is exercised without ever reaching a real resolver. It answers
 * A queries from a fixed table, NXDOMAIN otherwise, and records every name it was asked.
 * It runs in a child process: the tests block their own event loop in spawnSync while the
 * daemon forwards to it.
 */
import dgram from "node:dgram";
import net from "node:net";
import dnsPacket from "dns-packet";
import { openResolverSockets } from "../../src/kernel/netns-socket.js";
import { spawn } from "node:child_process";
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { TEST_UPSTREAM, run } from "./daemon.js";

export interface FakeDns {
  /** The names asked so far, lower-case, in order. */
  queries(): string[];
  close(): Promise<void>;
}

function answer(query: Buffer, table: Readonly<Record<string, string>>, log: string): Buffer {
  const q = dnsPacket.decode(query);
  const question = q.questions?.[0];
  const name = (question?.name ?? "").toLowerCase();
  appendFileSync(log, `${name}\n`);
  const ip = question?.type === "A" ? table[name] : undefined;
  const known = table[name] !== undefined;
  return dnsPacket.encode({
    type: "response",
    id: q.id ?? 0,
    flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | (known ? 0 : 3),
    questions: q.questions ?? [],
    answers: ip ? [{ type: "A", name: question?.name ?? "", ttl: 60, class: "IN", data: ip }] : [],
  });
}

/** The server (in the child): serves until killed. */
async function serve(netns: string, table: Readonly<Record<string, string>>, queries: string): Promise<void> {
  const { udpFd, tcpFd } = openResolverSockets(`/run/netns/${netns}`, TEST_UPSTREAM, 53);
  const udp = dgram.createSocket("udp4");
  await new Promise<void>((resolve) => udp.bind({ fd: udpFd }, () => resolve()));
  udp.on("message", (msg, rinfo) => {
    try {
      udp.send(answer(msg, table, queries), rinfo.port, rinfo.address);
    } catch {
      /* a malformed query gets no answer */
    }
  });
  const tcp = net.createServer((sock) => {
    let buf = Buffer.alloc(0);
    sock.on("data", (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        const len = buf.readUInt16BE(0);
        const out = answer(buf.subarray(2, 2 + len), table, queries);
        buf = buf.subarray(2 + len);
        const framed = Buffer.alloc(2 + out.length);
        framed.writeUInt16BE(out.length, 0);
        out.copy(framed, 2);
        sock.write(framed);
      }
    });
    sock.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => tcp.listen({ fd: tcpFd }, () => resolve()));
  process.stdout.write("ready\n");
}

/** Starts the fake upstream in the daemon's namespace (TEST_UPSTREAM:53 on its lo). */
export async function startFakeDns(netns: string, table: Readonly<Record<string, string>>): Promise<FakeDns> {
  run(["ip", "-n", netns, "addr", "add", `${TEST_UPSTREAM}/32`, "dev", "lo"]);
  const dir = mkdtempSync(path.join(tmpdir(), "berth-fake-dns-"));
  const log = path.join(dir, "queries");
  writeFileSync(log, "");
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), netns, JSON.stringify(table), log], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.once("data", () => resolve());
    child.once("exit", (code) => reject(new Error(`fake DNS server exited with ${code}`)));
  });
  return {
    queries: () => readFileSync(log, "utf8").split("\n").filter((l) => l !== ""),
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGKILL");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [netns = "", table = "{}", log = ""] = process.argv.slice(2);
  void serve(netns, JSON.parse(table) as Record<string, string>, log);
}
