import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { isBerthError } from "../lib/errors.js";
import { CoprocessError } from "./coprocess.js";
import { CURRENT_NETNS, netnsAt } from "./exec.js";
import { fakeIpSpawn } from "./fake-children.js";
import type { IpBatchResult, IpCommand } from "./ip-batch.js";
import { ipProtocol, IpSession, type IpBatchSession } from "./ip-session.js";
import { createNetKernel } from "./net-kernel.js";
import { scriptedExec } from "./scripted-exec.js";

/** An IpSession over the fake ip; `ran()` is the lines it carried out. */
function fakeSession(t: TestContext): { session: IpSession; ran: () => string[] } {
  const dir = mkdtempSync(path.join(tmpdir(), "berth-ipses-"));
  const log = path.join(dir, "log");
  const session = new IpSession({ spawn: fakeIpSpawn(log) });
  t.after(async () => {
    await session.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const ran = (): string[] => {
    try {
      return readFileSync(log, "utf8").split("\n").filter((l) => l !== "");
    } catch {
      return [];
    }
  };
  return { session, ran };
}

const up = (n: string): IpCommand => ["link", "set", "dev", n, "up"];

test("ipProtocol: the marker is an unknown object; its Command-failed line ends the request", () => {
  assert.equal(ipProtocol.marker("ab-1", 9), "berth-sync-ab-1\n");
  const lines = ["RTNETLINK answers: File exists", "Command failed -:7", 'Object "berth-sync-ab-1" is unknown, try "ip help".'];
  assert.equal(ipProtocol.requestLines(lines, "ab-1", 8), undefined, "the trailer has not arrived yet");
  assert.equal(ipProtocol.requestLines([...lines, "Command failed -:8"], "ab-1", 8), 2);
  assert.equal(ipProtocol.requestLines(["Command failed -:3"], "ab-1", 3), 0, "a trailer alone still ends it");
});

test("IpSession: lines run in order; a failure names its line and nothing after it runs", async (t) => {
  const { session, ran } = fakeSession(t);
  assert.deepEqual(await session.tryBatch([up("a"), up("b")]), { ok: true });
  const cmds = [up("c"), ["link", "add", "name", "EEXIST", "type", "bridge"], up("never")];
  const r = await session.tryBatch(cmds);
  assert.ok(!r.ok);
  assert.equal(r.index, 1);
  assert.deepEqual(r.command, cmds[1]);
  assert.equal(r.error.stderr, "RTNETLINK answers: File exists\nCommand failed -:7\n");
  assert.deepEqual(ran(), ["link set dev a up", "link set dev b up", "link set dev c up"]);
  assert.deepEqual(await session.tryBatch([up("d")]), { ok: true }, "the session goes on after a failure");
  assert.equal(session.starts, 1);
});

test("IpSession: ip exiting on a bad argument fails that line; the next batch gets a new ip", async (t) => {
  const { session, ran } = fakeSession(t);
  const r = await session.tryBatch([up("a"), ["link", "set", "dev", "a", "mtu", "BADARG"], up("never")]);
  assert.ok(!r.ok && r.index === 1 && r.error instanceof CoprocessError);
  assert.match(r.error.stderr, /argument "BADARG" is wrong/);
  assert.deepEqual(await session.tryBatch([up("b")]), { ok: true });
  assert.equal(session.starts, 2);
  assert.deepEqual(ran(), ["link set dev a up", "link set dev b up"]);
});

test("IpSession: concurrent batches do not interleave", async (t) => {
  const { session, ran } = fakeSession(t);
  const batches = Array.from({ length: 8 }, (_, i) => [up(`x${i}`), up(`y${i}`), up(`z${i}`)]);
  assert.ok((await Promise.all(batches.map((b) => session.tryBatch(b)))).every((r) => r.ok));
  assert.deepEqual(ran(), batches.flat().map((c) => c.join(" ")));
});

test("IpSession: tokens that cannot be written fail before anything runs; only its namespace is served", async (t) => {
  const { session, ran } = fakeSession(t);
  await assert.rejects(session.tryBatch([up("ok"), ["link", "set", "dev", "a#b", "up"]]), (e: unknown) => isBerthError(e, "InvalidParameter"));
  assert.deepEqual(ran(), []);
  assert.equal(session.starts, 0, "no ip was started");
  assert.ok(session.serves(CURRENT_NETNS) && !session.serves(netnsAt("/run/netns/x")));
  assert.ok(new IpSession({ netns: netnsAt("/run/netns/x") }).serves(netnsAt("/run/netns/x")));
});

/** A session stand-in that records batches and fails the first one at `failAt`. */
function recordingSession(failAt?: number): IpBatchSession & { batches: string[][] } {
  const batches: string[][] = [];
  let failed = failAt === undefined;
  return {
    batches,
    serves: (ns) => ns.kind === "current",
    tryBatch: async (cmds): Promise<IpBatchResult> => {
      batches.push(cmds.map((c) => c.join(" ")));
      if (failed || failAt === undefined) return { ok: true };
      failed = true;
      const error = new CoprocessError(["ip"], "exited", null, "RTNETLINK answers: boom\n", "x");
      return { ok: false, index: failAt, command: cmds[failAt], error };
    },
  };
}

const spec = { name: "br-s", alias: "", addresses: ["10.3.0.1/24"], ipv6: false };
const LINK = '[{"ifindex":2,"ifname":"br-s","flags":[],"mtu":1500,"linkinfo":{"info_kind":"bridge"},"addr_info":[]}]';

test("NetKernel with a session: current-namespace writes go through it, other namespaces spawn", async () => {
  const s = scriptedExec(() => "");
  const session = recordingSession();
  const k = createNetKernel({ exec: s.exec, ipSession: session, procSysRoot: "/nonexistent" });
  await k.deleteLink(CURRENT_NETNS, "br-s");
  await k.addAddress(CURRENT_NETNS, "br-s", "10.3.0.1/24");
  assert.deepEqual(session.batches, [["link del dev br-s"], ["address add 10.3.0.1/24 dev br-s"]]);
  assert.equal(s.calls.length, 0, "no spawn at all");
  await k.deleteLink(netnsAt("/run/netns/bt-other"), "br-s");
  assert.deepEqual(s.calls.map((c) => c.argv.join(" ")), ["ip -batch -"]);
});

test("NetKernel with a session: Conflict and undo are decided from re-read state, as with spawns", async () => {
  const clash = recordingSession(0);
  const s = scriptedExec(() => LINK);
  const k = createNetKernel({ exec: s.exec, ipSession: clash, procSysRoot: "/nonexistent" });
  await assert.rejects(k.createBridge(CURRENT_NETNS, spec), (e: unknown) => isBerthError(e, "Conflict"));
  assert.equal(clash.batches.length, 1, "a link that was already there is not deleted");

  const half = recordingSession(1);
  const k2 = createNetKernel({ exec: scriptedExec(() => "[]").exec, ipSession: half, procSysRoot: "/nonexistent" });
  await assert.rejects(k2.createBridge(CURRENT_NETNS, spec), (e: unknown) => isBerthError(e, "System") && /RTNETLINK answers: boom/.test(e.message));
  assert.deepEqual(half.batches.at(-1), ["link del dev br-s"], "the half-made bridge is deleted");
});
