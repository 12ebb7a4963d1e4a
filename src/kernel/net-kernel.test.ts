import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { isBerthError } from "../lib/errors.js";
import { CURRENT_NETNS, netnsAt } from "./exec.js";
import { createNetKernel } from "./net-kernel.js";
import { batchesOf, scriptedExec, type ExecCall, type ScriptedAnswer } from "./scripted-exec.js";

const spec = { name: "br-t", alias: "berth:t", mtu: 1400, addresses: ["10.9.0.1/24", "fd00:9::1/64"], ipv6: true, mac: "02:00:00:00:00:09" };
const CREATE_LINES = [
  "link add name br-t address 02:00:00:00:00:09 type bridge",
  "link set dev br-t alias berth:t",
  "link set dev br-t mtu 1400",
  "address add 10.9.0.1/24 dev br-t",
  "address add fd00:9::1/64 dev br-t nodad",
  "link set dev br-t up",
];
const LINK_BR_T = '[{"ifindex":2,"ifname":"br-t","flags":["UP"],"mtu":1400,"linkinfo":{"info_kind":"bridge"},"addr_info":[]}]';

/** A /proc/sys stand-in holding the bridge's IPv6 conf entries. */
function procSys(t: { after: (fn: () => void) => void }): string {
  const root = mkdtempSync(path.join(tmpdir(), "berth-nk-"));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(path.join(root, "net/ipv6/conf/br-t"), { recursive: true });
  for (const leaf of ["accept_ra", "disable_ipv6"]) writeFileSync(path.join(root, "net/ipv6/conf/br-t", leaf), "1\n");
  return root;
}

const readConf = (root: string, leaf: string): string => readFileSync(path.join(root, "net/ipv6/conf/br-t", leaf), "utf8");

test("createBridge in the current namespace: exactly one spawn (ip -batch), sysctls written to /proc/sys", async (t) => {
  const root = procSys(t);
  const s = scriptedExec(() => "");
  await createNetKernel({ exec: s.exec, procSysRoot: root }).createBridge(CURRENT_NETNS, spec);
  assert.equal(s.calls.length, 1);
  assert.deepEqual(batchesOf(s.calls), [CREATE_LINES]);
  assert.deepEqual([readConf(root, "accept_ra"), readConf(root, "disable_ipv6")], ["0", "0"]);
});

test("createBridge in another namespace: one ip batch and one sysctl spawn, both there", async () => {
  const ns = netnsAt("/run/netns/bt-unit");
  const s = scriptedExec(() => "");
  await createNetKernel({ exec: s.exec, procSysRoot: "/nonexistent" }).createBridge(ns, { ...spec, ipv6: false, addresses: ["10.9.0.1/24"] });
  assert.deepEqual(s.calls.map((c) => [c.argv[0], c.netns]), [["ip", ns], ["sysctl", ns]]);
  assert.deepEqual(s.calls[1]?.argv, ["sysctl", "-q", "-e", "-w", "net.ipv6.conf.br-t.accept_ra=0", "net.ipv6.conf.br-t.disable_ipv6=1"]);
});

/** ip that fails the batch at a given line (1-based), with the link list it reports afterwards. */
function failingAt(line: number, links = "[]", more: (c: ExecCall) => ScriptedAnswer = () => "") {
  let first = true;
  return scriptedExec((c) => {
    if (c.argv[1] === "-batch" && first) {
      first = false;
      return { code: 1, stderr: `RTNETLINK answers: something\nCommand failed -:${line}\n` };
    }
    if (c.argv[1] === "-j") return links;
    return more(c);
  });
}

test("createBridge over an existing link: Conflict, and nothing is undone (the link is not ours)", async () => {
  const s = failingAt(1, LINK_BR_T);
  await assert.rejects(createNetKernel({ exec: s.exec }).createBridge(CURRENT_NETNS, spec), (e: unknown) => isBerthError(e, "Conflict"));
  assert.equal(batchesOf(s.calls).length, 1, "no `link del` after a failed `link add`");
});

test("createBridge failing half-way: the new bridge is deleted and the failed line is named", async () => {
  const s = failingAt(4);
  await assert.rejects(createNetKernel({ exec: s.exec }).createBridge(CURRENT_NETNS, spec), (e: unknown) => {
    assert.ok(isBerthError(e, "System"));
    assert.match(e.message, /^Failed to create bridge "br-t": ip batch failed at "ip address add 10.9.0.1\/24 dev br-t": RTNETLINK answers: something$/);
    return true;
  });
  assert.deepEqual(batchesOf(s.calls), [CREATE_LINES, ["link del dev br-t"]]);
});

test("createBridge where new links start with IPv6 off: enable it, resume at the failed line", async (t) => {
  const root = procSys(t);
  const s = failingAt(5);
  await createNetKernel({ exec: s.exec, procSysRoot: root }).createBridge(CURRENT_NETNS, spec);
  assert.deepEqual(batchesOf(s.calls), [CREATE_LINES, CREATE_LINES.slice(4)]);
  assert.equal(readConf(root, "disable_ipv6"), "0");
});

test("ensureBridge on a healthy bridge reads state and changes nothing", async (t) => {
  const root = procSys(t);
  writeFileSync(path.join(root, "net/ipv6/conf/br-t/accept_ra"), "0\n");
  writeFileSync(path.join(root, "net/ipv6/conf/br-t/disable_ipv6"), "0\n");
  const healthy = '[{"ifindex":2,"ifname":"br-t","flags":["UP"],"mtu":1400,"ifalias":"berth:t","linkinfo":{"info_kind":"bridge"},' +
    '"addr_info":[{"local":"10.9.0.1","prefixlen":24,"scope":"global"},{"local":"fd00:9::1","prefixlen":64,"scope":"global"}]}]';
  const s = scriptedExec(() => healthy);
  assert.equal(await createNetKernel({ exec: s.exec, procSysRoot: root }).ensureBridge(CURRENT_NETNS, spec), "ok");
  assert.deepEqual(s.calls.map((c) => c.argv.join(" ")), ["ip -j -d address show"]);
});

test("deleteLink: a failure is success when the link is gone, else a System error", async () => {
  const gone = failingAt(1, "[]");
  await createNetKernel({ exec: gone.exec }).deleteLink(CURRENT_NETNS, "br-t");
  const stuck = failingAt(1, LINK_BR_T);
  await assert.rejects(createNetKernel({ exec: stuck.exec }).deleteLink(CURRENT_NETNS, "br-t"), (e: unknown) => isBerthError(e, "System"));
});
