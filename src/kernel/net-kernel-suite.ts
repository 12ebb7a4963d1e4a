/**
 * The one conformance suite for NetKernel. It runs against FakeNetKernel in the unit tests
 * (fake-net-kernel.test.ts) and against the real kernel in test/integration/net-kernel.test.ts,
 * so the fake cannot drift from what the kernel does. `make` gives each test a fresh namespace.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { isBerthError, type ErrorKind } from "../lib/errors.js";
import type { Netns } from "./exec.js";
import type { BridgeSpec, LinkInfo, NetKernel } from "./net-kernel.js";

export interface NetKernelFixture {
  readonly kernel: NetKernel;
  readonly ns: Netns;
  cleanup(): Promise<void>;
}

const BR = "br-suite0";
const base: BridgeSpec = { name: BR, alias: "berth:suite0", mtu: 1400, addresses: ["10.200.0.1/16"], ipv6: false, mac: "02:42:0a:c8:00:01" };
const dual: BridgeSpec = { name: BR, alias: "berth:suite6", addresses: ["10.201.0.1/24", "fd00:beef:0:0::1/64"], ipv6: true };

/** Asserts that the promise rejects with a BerthError of that kind whose message matches. */
async function rejectsWith(p: Promise<unknown>, kind: ErrorKind, message: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(isBerthError(e, kind), `expected a ${kind} error, got: ${String(e)}`);
    assert.match(e.message, message);
    return true;
  });
}

async function linkNamed(k: NetKernel, ns: Netns, name: string): Promise<LinkInfo | undefined> {
  return (await k.listLinks(ns)).find((l) => l.name === name);
}

async function mustLink(k: NetKernel, ns: Netns, name: string): Promise<LinkInfo> {
  const l = await linkNamed(k, ns, name);
  assert.ok(l, `link ${name} should exist`);
  return l;
}

const v6sysctl = (name: string, leaf: string): string => `net.ipv6.conf.${name}.${leaf}`;

export function netKernelSuite(name: string, make: () => Promise<NetKernelFixture>): void {
  const it = (title: string, body: (k: NetKernel, ns: Netns) => Promise<void>): void => {
    test(title, async () => {
      const fx = await make();
      try {
        await body(fx.kernel, fx.ns);
      } finally {
        await fx.cleanup();
      }
    });
  };

  describe(name, () => {
    it("lists the loopback device: no kind, up, no global addresses", async (k, ns) => {
      const lo = await mustLink(k, ns, "lo");
      assert.deepEqual([lo.kind, lo.up, lo.mtu, lo.addresses, lo.master, lo.alias], ["", true, 65536, [], "", ""]);
    });

    it("createBridge: reads back kind, alias, MTU, MAC, up state, addresses and sysctls", async (k, ns) => {
      await k.createBridge(ns, base);
      const br = await mustLink(k, ns, BR);
      assert.ok(Number.isInteger(br.index) && br.index > 1);
      assert.deepEqual(
        { kind: br.kind, alias: br.alias, mtu: br.mtu, mac: br.mac, up: br.up, master: br.master, addresses: br.addresses },
        { kind: "bridge", alias: "berth:suite0", mtu: 1400, mac: "02:42:0a:c8:00:01", up: true, master: "", addresses: ["10.200.0.1/16"] },
      );
      assert.equal(await k.getSysctl(ns, v6sysctl(BR, "accept_ra")), "0");
      assert.equal(await k.getSysctl(ns, v6sysctl(BR, "disable_ipv6")), "1");
    });

    it("createBridge: without MTU, alias or MAC the defaults apply (1500, none, a local unicast MAC)", async (k, ns) => {
      await k.createBridge(ns, { name: BR, alias: "", addresses: [], ipv6: false });
      const br = await mustLink(k, ns, BR);
      assert.deepEqual([br.mtu, br.alias, br.addresses], [1500, "", []]);
      const first = parseInt(br.mac.slice(0, 2), 16);
      assert.match(br.mac, /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);
      assert.equal(first & 3, 2, `MAC ${br.mac} should be unicast and locally administered`);
    });

    it("createBridge: an existing name fails with Conflict and the link is left as it was", async (k, ns) => {
      await k.createBridge(ns, base);
      await rejectsWith(k.createBridge(ns, { ...base, alias: "berth:other", addresses: ["10.99.0.1/24"] }), "Conflict", /"br-suite0".*already exists/);
      const br = await mustLink(k, ns, BR);
      assert.deepEqual([br.alias, br.addresses, br.up], ["berth:suite0", ["10.200.0.1/16"], true]);
      await rejectsWith(k.createBridge(ns, { ...base, name: "lo" }), "Conflict", /already exists/);
      assert.ok(await linkNamed(k, ns, "lo"), "lo must survive a failed create");
    });

    it("createBridge: invalid input is refused before the kernel is touched", async (k, ns) => {
      const bad: BridgeSpec[] = [
        { ...base, name: "br-0123456789abc" },
        { ...base, name: "br/x" },
        { ...base, name: "" },
        { ...base, mtu: 10 },
        { ...base, addresses: ["10.0.0.1"] },
        { ...base, addresses: ["fd00::1/64"] },
        { ...base, alias: "berth#1" },
        { ...base, alias: "a\nlink del dev lo" },
        { ...base, mac: "01:00:5e:00:00:01" },
      ];
      for (const spec of bad) await rejectsWith(k.createBridge(ns, spec), "InvalidParameter", /^Invalid /);
      assert.deepEqual((await k.listLinks(ns)).map((l) => l.name), ["lo"]);
    });

    it("deleteLink: removes the link and its sysctls, and is idempotent", async (k, ns) => {
      await k.createBridge(ns, base);
      await k.deleteLink(ns, BR);
      assert.equal(await linkNamed(k, ns, BR), undefined);
      await rejectsWith(k.getSysctl(ns, v6sysctl(BR, "accept_ra")), "NotFound", /does not exist/);
      await k.deleteLink(ns, BR);
      await k.deleteLink(ns, "never-was");
    });

    it("ensureBridge: creates when absent, then finds nothing to do", async (k, ns) => {
      assert.equal(await k.ensureBridge(ns, base), "created");
      assert.equal(await k.ensureBridge(ns, base), "ok");
      const br = await mustLink(k, ns, BR);
      assert.deepEqual([br.alias, br.mtu, br.addresses, br.up], ["berth:suite0", 1400, ["10.200.0.1/16"], true]);
    });

    it("ensureBridge: repairs a removed address and a bridge set down", async (k, ns) => {
      await k.createBridge(ns, base);
      await k.delAddress(ns, BR, "10.200.0.1/16");
      assert.deepEqual((await mustLink(k, ns, BR)).addresses, []);
      assert.equal(await k.ensureBridge(ns, base), "repaired");
      assert.deepEqual((await mustLink(k, ns, BR)).addresses, ["10.200.0.1/16"]);
      await k.setLinkUp(ns, BR, false);
      assert.equal((await mustLink(k, ns, BR)).up, false);
      assert.equal(await k.ensureBridge(ns, base), "repaired");
      assert.equal((await mustLink(k, ns, BR)).up, true);
      assert.equal(await k.ensureBridge(ns, base), "ok");
    });

    it("ensureBridge: repairs alias, MTU, extra addresses and sysctls", async (k, ns) => {
      await k.createBridge(ns, base);
      await k.setSysctl(ns, v6sysctl(BR, "accept_ra"), "1");
      const want: BridgeSpec = { ...base, alias: "berth:moved", mtu: 1300, addresses: ["10.210.0.1/24"] };
      assert.equal(await k.ensureBridge(ns, want), "repaired");
      const br = await mustLink(k, ns, BR);
      assert.deepEqual([br.alias, br.mtu, br.addresses], ["berth:moved", 1300, ["10.210.0.1/24"]]);
      assert.equal(await k.getSysctl(ns, v6sysctl(BR, "accept_ra")), "0");
      assert.equal(await k.ensureBridge(ns, want), "ok");
    });

    it("ensureBridge: a link of that name that is not a bridge is a Conflict", async (k, ns) => {
      await rejectsWith(k.ensureBridge(ns, { ...base, name: "lo" }), "Conflict", /not a bridge/);
      assert.equal((await mustLink(k, ns, "lo")).up, true);
    });

    it("IPv6: a dual-stack bridge has both gateways, IPv6 on, accept_ra off", async (k, ns) => {
      await k.createBridge(ns, dual);
      assert.deepEqual((await mustLink(k, ns, BR)).addresses, ["10.201.0.1/24", "fd00:beef::1/64"]);
      assert.equal(await k.getSysctl(ns, v6sysctl(BR, "disable_ipv6")), "0");
      assert.equal(await k.getSysctl(ns, v6sysctl(BR, "accept_ra")), "0");
      await k.setLinkUp(ns, BR, false); // the kernel drops IPv6 addresses of a link set down
      assert.deepEqual((await mustLink(k, ns, BR)).addresses, ["10.201.0.1/24"]);
      assert.equal(await k.ensureBridge(ns, dual), "repaired");
      assert.deepEqual((await mustLink(k, ns, BR)).addresses, ["10.201.0.1/24", "fd00:beef::1/64"]);
    });

    it("IPv6: works where the namespace's default turns IPv6 off on new links", async (k, ns) => {
      await k.setSysctl(ns, "net.ipv6.conf.default.disable_ipv6", "1");
      await k.createBridge(ns, dual);
      assert.ok((await mustLink(k, ns, BR)).addresses.includes("fd00:beef::1/64"));
      assert.equal(await k.getSysctl(ns, v6sysctl(BR, "disable_ipv6")), "0");
      await k.createBridge(ns, { ...base, name: "br-suite1" });
      assert.equal(await k.getSysctl(ns, v6sysctl("br-suite1", "disable_ipv6")), "1");
    });

    it("onLinkRoutes: shows the subnets of bridges that are up, not link-local", async (k, ns) => {
      await k.createBridge(ns, { ...dual, addresses: ["10.202.3.1/16", "fd00:cafe::1/64"] });
      const routes = await k.onLinkRoutes(ns);
      assert.ok(routes.includes("10.202.0.0/16"), `routes: ${routes.join(", ")}`);
      assert.ok(routes.includes("fd00:cafe::/64"), `routes: ${routes.join(", ")}`);
      assert.ok(!routes.some((r) => r.startsWith("fe80:")), `routes: ${routes.join(", ")}`);
      await k.setLinkUp(ns, BR, false);
      assert.deepEqual(await k.onLinkRoutes(ns), []);
    });

    it("addresses: Conflict for a duplicate, NotFound for a missing link, delete is idempotent", async (k, ns) => {
      await k.createBridge(ns, base);
      await k.addAddress(ns, BR, "10.200.9.9/16");
      await rejectsWith(k.addAddress(ns, BR, "10.200.9.9/16"), "Conflict", /already there/);
      await rejectsWith(k.addAddress(ns, "nope0", "10.1.0.1/24"), "NotFound", /"nope0" not found/);
      await rejectsWith(k.setLinkUp(ns, "nope0", true), "NotFound", /"nope0" not found/);
      await rejectsWith(k.addAddress(ns, BR, "fd00:1::1/64"), "System", /IPv6 is disabled/); // an IPv4-only bridge
      await k.setSysctl(ns, v6sysctl(BR, "disable_ipv6"), "0");
      await k.addAddress(ns, BR, "fd00:1::1/64");
      await k.addAddress(ns, BR, "fd00:2::2/64");
      assert.deepEqual((await mustLink(k, ns, BR)).addresses, ["10.200.0.1/16", "10.200.9.9/16", "fd00:2::2/64", "fd00:1::1/64"], "IPv4 as added, IPv6 newest first");
      for (const a of ["10.200.9.9/16", "10.200.9.9/16", "fd00:1::1/64", "fd00:2::2/64"]) await k.delAddress(ns, BR, a);
      await k.delAddress(ns, "nope0", "10.1.0.1/24");
      assert.deepEqual((await mustLink(k, ns, BR)).addresses, ["10.200.0.1/16"]);
    });

    it("sysctl: set/get round-trip in both spellings; unknown keys are NotFound", async (k, ns) => {
      await k.setSysctl(ns, "net.ipv4.ip_forward", "1");
      assert.equal(await k.getSysctl(ns, "net/ipv4/ip_forward"), "1");
      await k.setSysctl(ns, "net/ipv4/ip_forward", "0");
      assert.equal(await k.getSysctl(ns, "net.ipv4.ip_forward"), "0");
      await rejectsWith(k.getSysctl(ns, "net.ipv4.no_such_key"), "NotFound", /"net.ipv4.no_such_key" does not exist/);
      await rejectsWith(k.setSysctl(ns, "net.ipv4.no_such_key", "1"), "NotFound", /does not exist/);
      await rejectsWith(k.getSysctl(ns, "net/../../etc/passwd"), "InvalidParameter", /Invalid sysctl key/);
      await rejectsWith(k.setSysctl(ns, "net.ipv4.ip_forward", "1\n0"), "InvalidParameter", /control characters/);
    });
  });
}
