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
import { spawn } from "node:child_process";
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startFakeUpstream } from "../../src/dns/testing/fake-upstream.js";
import { openResolverSockets } from "../../src/kernel/netns-socket.js";
import { TEST_UPSTREAM, run } from "./daemon.js";

export interface FakeDns {
  /** The names asked so far, lower-case, in order. */
  queries(): string[];
  close(): Promise<void>;
}

/** The server (in the child): src/dns's fake upstream on sockets opened in the namespace; serves until killed. */
async function serve(netns: string, table: Readonly<Record<string, string>>, log: string): Promise<void> {
  const { udpFd, tcpFd } = openResolverSockets(`/run/netns/${netns}`, TEST_UPSTREAM, 53);
  const udp = dgram.createSocket("udp4");
  await new Promise<void>((resolve) => udp.bind({ fd: udpFd }, () => resolve()));
  const tcp = net.createServer();
  await new Promise<void>((resolve) => tcp.listen({ fd: tcpFd }, () => resolve()));
  await startFakeUpstream({
    answers: Object.fromEntries(Object.entries(table).map(([name, ip]) => [name, [ip]])),
    sockets: { udp, tcp, address: TEST_UPSTREAM, port: 53 },
    onQuery: (name) => appendFileSync(log, `${name.toLowerCase()}\n`),
  });
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
