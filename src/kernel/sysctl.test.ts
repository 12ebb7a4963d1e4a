import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { isBerthError } from "../lib/errors.js";
import { CURRENT_NETNS, netnsAt } from "./exec.js";
import { scriptedExec } from "./scripted-exec.js";
import { getSysctls, setSysctls, sysctlPath } from "./sysctl.js";

test("sysctlPath: sysctl(8)'s two spellings", () => {
  assert.equal(sysctlPath("net.ipv4.ip_forward"), "net/ipv4/ip_forward");
  assert.equal(sysctlPath("net.ipv4.conf.eth0/100.forwarding"), "net/ipv4/conf/eth0.100/forwarding");
  assert.equal(sysctlPath("net/ipv4/conf/eth0.100/forwarding"), "net/ipv4/conf/eth0.100/forwarding");
  for (const bad of ["", "net..ipv4", "/etc/passwd", "net/../x", "net.ipv4.a b", "net.ipv4.x=1", "net/./x"]) {
    assert.throws(() => sysctlPath(bad), (e: unknown) => isBerthError(e, "InvalidParameter"), bad);
  }
});

/** A stand-in for /proc/sys with one key, and no spawns allowed. */
function fakeProc(t: { after: (fn: () => void) => void }): { root: string; noSpawn: ReturnType<typeof scriptedExec> } {
  const root = mkdtempSync(path.join(tmpdir(), "berth-sysctl-"));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(path.join(root, "net/ipv4/conf/br.1"), { recursive: true });
  writeFileSync(path.join(root, "net/ipv4/ip_forward"), "0\n");
  writeFileSync(path.join(root, "net/ipv4/conf/br.1/forwarding"), "0\n");
  return { root, noSpawn: scriptedExec(() => assert.fail("the current namespace must not spawn")) };
}

test("current namespace: reads and writes /proc/sys directly, no spawn", async (t) => {
  const { root, noSpawn } = fakeProc(t);
  const d = { run: noSpawn.exec, procSysRoot: root };
  await setSysctls(d, CURRENT_NETNS, [["net.ipv4.ip_forward", "1"], ["net.ipv4.conf.br/1.forwarding", "1"]]);
  assert.equal(readFileSync(path.join(root, "net/ipv4/ip_forward"), "utf8"), "1");
  assert.deepEqual(await getSysctls(d, CURRENT_NETNS, ["net/ipv4/conf/br.1/forwarding", "net.ipv4.ip_forward"]), ["1", "1"]);
  assert.equal(noSpawn.calls.length, 0);
});

test("current namespace: a missing key is NotFound, never created; missing IPv6 keys may be skipped", async (t) => {
  const { root, noSpawn } = fakeProc(t);
  const d = { run: noSpawn.exec, procSysRoot: root };
  await assert.rejects(setSysctls(d, CURRENT_NETNS, [["net.ipv4.nope", "1"]]), (e: unknown) => isBerthError(e, "NotFound"));
  await assert.rejects(getSysctls(d, CURRENT_NETNS, ["net.ipv4.nope"]), (e: unknown) => isBerthError(e, "NotFound") && /"net.ipv4.nope" does not exist/.test(e.message));
  assert.throws(() => readFileSync(path.join(root, "net/ipv4/nope")));
  await setSysctls(d, CURRENT_NETNS, [["net.ipv6.conf.br0.accept_ra", "0"]], { ignoreMissingIpv6: true });
  await assert.rejects(setSysctls(d, CURRENT_NETNS, [["net.ipv4.nope", "0"]], { ignoreMissingIpv6: true }), (e: unknown) => isBerthError(e, "NotFound"));
});

test("another namespace: one sysctl spawn there for several keys", async () => {
  const ns = netnsAt("/run/netns/bt-x");
  const s = scriptedExec((c) => (c.argv[1] === "-n" ? "0\n1\n" : ""));
  const d = { run: s.exec, procSysRoot: "/nonexistent" };
  await setSysctls(d, ns, [["net.ipv6.conf.br0.accept_ra", "0"], ["net.ipv6.conf.br0.disable_ipv6", "1"]], { ignoreMissingIpv6: true });
  assert.deepEqual(await getSysctls(d, ns, ["a.b", "c.d"]), ["0", "1"]);
  assert.deepEqual(s.calls.map((c) => [c.argv, c.netns]), [
    [["sysctl", "-q", "-e", "-w", "net.ipv6.conf.br0.accept_ra=0", "net.ipv6.conf.br0.disable_ipv6=1"], ns],
    [["sysctl", "-n", "a.b", "c.d"], ns],
  ]);
});

test("another namespace: a failure is NotFound when a key does not exist there, else System", async () => {
  const ns = netnsAt("/run/netns/bt-x");
  const missing = scriptedExec((c) => (c.argv[0] === "test" ? { code: c.argv[2]?.endsWith("/nope") ? 1 : 0 } : { code: 1, stderr: "sysctl: cannot stat" }));
  const d = { run: missing.exec, procSysRoot: "/nonexistent" };
  await assert.rejects(getSysctls(d, ns, ["net.ipv4.ip_forward", "net.ipv4.nope"]), (e: unknown) => isBerthError(e, "NotFound") && e.message.includes('"net.ipv4.nope"'));
  assert.deepEqual(missing.calls.slice(1).map((c) => c.argv), [["test", "-e", "/proc/sys/net/ipv4/ip_forward"], ["test", "-e", "/proc/sys/net/ipv4/nope"]]);
  const invalid = scriptedExec((c) => (c.argv[0] === "test" ? "" : { code: 1, stderr: 'sysctl: setting key "net.ipv4.ip_forward": Invalid argument' }));
  await assert.rejects(setSysctls({ run: invalid.exec, procSysRoot: "/x" }, ns, [["net.ipv4.ip_forward", "abc"]]), (e: unknown) => isBerthError(e, "System") && /Invalid argument/.test(e.message));
});
