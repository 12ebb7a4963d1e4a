import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { isBerthError } from "../lib/errors.js";
import { netnsAt, type Netns } from "./exec.js";
import { FakeNetKernel } from "./fake-net-kernel.js";
import { FakeSandboxKernel } from "./fake-sandbox.js";
import { createSandboxKernel, sandboxName, sandboxPrefix, type AttachSpec } from "./sandbox.js";
import { sandboxSuite } from "./sandbox-suite.js";
import { batchesOf, scriptedExec, type ExecCall, type ScriptedAnswer } from "./scripted-exec.js";

let n = 0;
sandboxSuite("FakeSandboxKernel conformance", async () => {
  const net = new FakeNetKernel();
  const kernel = new FakeSandboxKernel({ hostLinks: (ns) => net.listLinks(ns) });
  const host = netnsAt(`/run/netns/fake-host-${n}`);
  return {
    kernel, host, owner: `f${String(n++).padStart(7, "0")}`,
    makeBridge: (name, cidrs) => net.createBridge(host, { name, alias: "", addresses: [...cidrs], ipv6: cidrs.some((c) => c.includes(":")) }),
    hostLinks: async () => [...(await net.listLinks(host)), ...kernel.hostVeths(host)],
    sysctl: async (sb, key) => kernel.sysctl(sb, key),
    failInsideOnce: () => kernel.failNext("attach:inside"),
    cleanup: async () => undefined,
  };
});

test("sandboxName: berth-<owner8>-<12 of the id>; bad owners and ids are refused", () => {
  assert.equal(sandboxName("0123abcd", "f".repeat(64)), "berth-0123abcd-ffffffffffff");
  assert.equal(sandboxPrefix("0123abcd"), "berth-0123abcd-");
  for (const [o, id] of [["short", "a".repeat(12)], ["0123ABCD", "a".repeat(12)], ["0123abcd", "abc"], ["0123abcd", "g".repeat(12)]] as const) {
    assert.throws(() => sandboxName(o, id), (e: unknown) => isBerthError(e, "InvalidParameter"));
  }
});

describe("real SandboxKernel over a scripted exec", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "berth-sbx-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const host: Netns = netnsAt("/run/netns/host-ns");
  const SB = "berth-0123abcd-000000000001";
  writeFileSync(path.join(dir, SB), "");
  const spec: AttachSpec = { sandbox: SB, bridge: "br-x", hostVeth: "veth1234567", ifname: "eth0", mac: "02:AA:00:00:00:01", mtu: 1400, addresses: ["10.0.0.2/24"], defaultGateway4: "10.0.0.1" };
  const kernelWith = (answer: (c: ExecCall) => ScriptedAnswer) => {
    const s = scriptedExec(answer);
    return { ...s, k: createSandboxKernel({ exec: s.exec, netnsDir: dir, ipv6: true }) };
  };
  const where = (c: ExecCall): string => (c.netns?.kind === "path" ? c.netns.path : "current");

  test("attach IPv4: two spawns, one line on the host, up/address/route inside", async () => {
    const { k, calls } = kernelWith(() => "");
    await k.attach(host, spec);
    assert.deepEqual(calls.map(where), ["/run/netns/host-ns", `${dir}/${SB}`]);
    assert.deepEqual(batchesOf(calls), [
      [`link add name veth1234567 mtu 1400 up master br-x type veth peer name eth0 address 02:aa:00:00:00:01 mtu 1400 netns ${dir}/${SB}`],
      ["link set dev eth0 up", "address add 10.0.0.2/24 dev eth0", "route replace default via 10.0.0.1 dev eth0"],
    ]);
  });

  test("attach with IPv6: IPv6 is switched on for the interface before its address is added", async () => {
    const { k, calls } = kernelWith(() => "");
    const { mtu: _mtu, defaultGateway4: _gw, ...bare } = spec;
    await k.attach(host, { ...bare, addresses: ["fd00::2/64"], defaultGateway6: "fd00::1" });
    assert.deepEqual(calls.map((c) => c.argv.join(" ")), ["ip -batch -", "sysctl -q -w net.ipv6.conf.eth0.disable_ipv6=0", "ip -batch -"]);
    assert.deepEqual(batchesOf(calls)[1], ["link set dev eth0 up", "address add fd00::2/64 dev eth0 nodad", "route replace default via fd00::1 dev eth0"]);
  });

  test("attach: a failure inside deletes the host end (its peer goes with it)", async () => {
    const { k, calls } = kernelWith((c) => (where(c).endsWith(SB) ? { code: 2, stderr: "RTNETLINK answers: Invalid argument\nCommand failed -:2\n" } : ""));
    await assert.rejects(k.attach(host, spec), (e: unknown) => isBerthError(e, "System") && /at "ip address add 10.0.0.2\/24 dev eth0".*Invalid argument/.test(e.message));
    assert.deepEqual(batchesOf(calls).at(-1), ["link del dev veth1234567"]);
    assert.equal(where(calls.at(-1) as ExecCall), "/run/netns/host-ns");
  });

  test("attach: a missing sandbox is NotFound without a spawn; invalid input too", async () => {
    const { k, calls } = kernelWith(() => "");
    await assert.rejects(k.attach(host, { ...spec, sandbox: "berth-0123abcd-00000000000f" }), (e: unknown) => isBerthError(e, "NotFound"));
    await assert.rejects(k.attach(host, { ...spec, mac: "ff:ff:ff:ff:ff:ff" }), (e: unknown) => isBerthError(e, "InvalidParameter"));
    assert.equal(calls.length, 0);
  });

  test("detach: one spawn; setDefaultRoute: replaces or clears each family in one batch", async () => {
    const { k, calls } = kernelWith(() => "");
    await k.detach(host, SB, "veth1234567", "eth0");
    await k.setDefaultRoute(SB, "10.0.0.1");
    assert.deepEqual(batchesOf(calls), [
      ["link del dev veth1234567"],
      ["route replace default via 10.0.0.1", "route replace unreachable ::/0", "route del unreachable ::/0"],
    ]);
  });

  test("createSandbox: claims the file, unshare + ip in the host namespace, then one sysctl inside", async () => {
    const { k, calls } = kernelWith(() => "");
    const name = "berth-0123abcd-000000000002";
    assert.equal(await k.createSandbox(host, name, { sysctls: [["net.ipv4.ip_unprivileged_port_start", "0"]] }), `${dir}/${name}`);
    assert.ok(existsSync(`${dir}/${name}`));
    assert.deepEqual(calls.map((c) => [where(c), c.argv.join(" "), c.stdin]), [
      ["/run/netns/host-ns", `unshare --net=${dir}/${name} -- ip -batch -`, "link set dev lo up\n"],
      [`${dir}/${name}`, "sysctl -q -w net.ipv6.conf.default.disable_ipv6=1 net.ipv4.ip_unprivileged_port_start=0", ""],
    ]);
    await assert.rejects(k.createSandbox(host, name), (e: unknown) => isBerthError(e, "Conflict"));
    assert.deepEqual(await k.listSandboxes("berth-0123abcd-"), [SB, name]);
  });
});
