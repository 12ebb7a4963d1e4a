/**
 * The one conformance suite for SandboxKernel. It runs against FakeSandboxKernel in the unit
 * tests (sandbox.test.ts) and against the real kernel in test/integration/sandbox.test.ts, so
 * the fake cannot drift from what the kernel does. `make` gives each test a fresh "host"
 * namespace and an owner of its own for sandbox names; `cleanup` removes both.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { isBerthError, type ErrorKind } from "../lib/errors.js";
import type { Netns } from "./exec.js";
import type { LinkInfo } from "./links.js";
import { sandboxName, sandboxPrefix, type AttachSpec, type SandboxInterface, type SandboxKernel } from "./sandbox.js";

export interface SandboxFixture {
  readonly kernel: SandboxKernel;
  /** A fresh namespace standing in for the daemon's. */
  readonly host: Netns;
  /** 8 characters, unique to this test: sandboxes are named sandboxName(owner, id). */
  readonly owner: string;
  /** A bridge in the host namespace with these addresses, up. */
  makeBridge(name: string, cidrs: readonly string[]): Promise<void>;
  hostLinks(): Promise<LinkInfo[]>;
  /** A sysctl read inside a sandbox. */
  sysctl(sandbox: string, key: string): Promise<string>;
  /** The next step attach takes inside a sandbox (after the pair exists) fails once. */
  failInsideOnce(): void;
  cleanup(): Promise<void>;
}

const BR = "br-sbx0";
const GW4 = "10.88.0.1";
const GW6 = "fd00:88::1";
const MAC_A = "02:5e:00:00:00:0a";
const MAC_B = "02:5e:00:00:00:0b";

async function rejectsWith(p: Promise<unknown>, kind: ErrorKind, message: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(isBerthError(e, kind), `expected a ${kind} error, got: ${String(e)}`);
    assert.match(e.message, message);
    return true;
  });
}

async function eventually(check: () => Promise<boolean>, what: string, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`${what} did not happen within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const names = (xs: ReadonlyArray<{ readonly name: string }>): string[] => xs.map((x) => x.name);

async function iface(k: SandboxKernel, sandbox: string, name: string): Promise<SandboxInterface | undefined> {
  return (await k.listInterfaces(sandbox)).find((i) => i.name === name);
}

async function hostLink(fx: SandboxFixture, name: string): Promise<LinkInfo | undefined> {
  return (await fx.hostLinks()).find((l) => l.name === name);
}

interface Ctx {
  readonly fx: SandboxFixture;
  readonly k: SandboxKernel;
  readonly host: Netns;
  /** Sandbox name number n of this test. */
  sb(n: number): string;
  /** A sandbox, a bridge with dual-stack gateways, and an attach spec for eth0 of that sandbox. */
  setup(): Promise<{ s: string; spec: AttachSpec }>;
}

function context(fx: SandboxFixture): Ctx {
  const sb = (n: number): string => sandboxName(fx.owner, n.toString(16).padStart(12, "0"));
  return {
    fx, k: fx.kernel, host: fx.host, sb,
    async setup() {
      await fx.makeBridge(BR, [`${GW4}/24`, `${GW6}/64`]);
      const s = sb(1);
      await fx.kernel.createSandbox(fx.host, s);
      return { s, spec: { sandbox: s, bridge: BR, hostVeth: "veth000000a", ifname: "eth0", mac: MAC_A, addresses: ["10.88.0.2/24"] } };
    },
  };
}

export function sandboxSuite(name: string, make: () => Promise<SandboxFixture>): void {
  const it = (title: string, body: (c: Ctx) => Promise<void>): void => {
    test(title, async () => {
      const fx = await make();
      try {
        await body(context(fx));
      } finally {
        await fx.cleanup();
      }
    });
  };

  describe(name, () => {
    it("createSandbox: /run/netns/NAME with lo up and alone, listed, IPv6 off for new interfaces", async ({ fx, k, host, sb }) => {
      assert.equal(await k.createSandbox(host, sb(1)), `/run/netns/${sb(1)}`);
      assert.deepEqual(await k.listInterfaces(sb(1)), [{ name: "lo", mac: "00:00:00:00:00:00", addresses: [], up: true, mtu: 65536 }]);
      assert.deepEqual(await k.listSandboxes(sandboxPrefix(fx.owner)), [sb(1)]);
      assert.equal(await fx.sysctl(sb(1), "net.ipv6.conf.default.disable_ipv6"), "1");
      assert.deepEqual(await k.defaultRoutes(sb(1)), {});
    });

    it("createSandbox: a taken name is a Conflict, a bad one InvalidParameter", async ({ fx, k, host, sb }) => {
      await k.createSandbox(host, sb(1));
      await rejectsWith(k.createSandbox(host, sb(1)), "Conflict", /Sandbox ".*" already exists/);
      for (const bad of ["", "a/b", "..", "x\ny", "-".repeat(70)]) await rejectsWith(k.createSandbox(host, bad), "InvalidParameter", /^Invalid sandbox name/);
      assert.deepEqual(await k.listSandboxes(sandboxPrefix(fx.owner)), [sb(1)]);
    });

    it("createSandbox: sysctls are set inside; an unknown key is NotFound and leaves no sandbox", async ({ fx, k, host, sb }) => {
      await k.createSandbox(host, sb(1), { sysctls: [["net.ipv4.ip_unprivileged_port_start", "0"]] });
      assert.equal(await fx.sysctl(sb(1), "net/ipv4/ip_unprivileged_port_start"), "0");
      await rejectsWith(k.createSandbox(host, sb(2), { sysctls: [["net.ipv4.no_such_key", "1"]] }), "NotFound", /"net.ipv4.no_such_key" does not exist/);
      await rejectsWith(k.createSandbox(host, sb(2), { sysctls: [["net.ipv4.ip_forward", "1\n0"]] }), "InvalidParameter", /control characters/);
      assert.deepEqual(await k.listSandboxes(sandboxPrefix(fx.owner)), [sb(1)]);
    });

    it("deleteSandbox: idempotent; listSandboxes filters by prefix and sorts", async ({ fx, k, host, sb }) => {
      await k.createSandbox(host, sb(2));
      await k.createSandbox(host, sb(1));
      assert.deepEqual(await k.listSandboxes(sandboxPrefix(fx.owner)), [sb(1), sb(2)]);
      assert.deepEqual(await k.listSandboxes("berth-zzzzzzzz-"), []);
      await k.deleteSandbox(sb(1));
      await k.deleteSandbox(sb(1));
      await k.deleteSandbox(sb(3));
      assert.deepEqual(await k.listSandboxes(sandboxPrefix(fx.owner)), [sb(2)]);
      await rejectsWith(k.listInterfaces(sb(1)), "NotFound", /Sandbox ".*" not found/);
      await rejectsWith(k.deleteSandbox("../etc"), "InvalidParameter", /^Invalid sandbox name/);
    });

    it("attach IPv4: host end up on the bridge; inside ifname, MAC, MTU, address, up, IPv6 off, default route", async ({ fx, k, host, setup }) => {
      const { s, spec } = await setup();
      await k.attach(host, { ...spec, mtu: 1450, mac: MAC_A.toUpperCase(), defaultGateway4: GW4 });
      const h = await hostLink(fx, "veth000000a");
      assert.deepEqual([h?.kind, h?.master, h?.up, h?.mtu], ["veth", BR, true, 1450]);
      assert.deepEqual(await iface(k, s, "eth0"), { name: "eth0", mac: MAC_A, addresses: ["10.88.0.2/24"], up: true, mtu: 1450 });
      assert.deepEqual(names(await k.listInterfaces(s)), ["lo", "eth0"]);
      assert.equal(await fx.sysctl(s, "net.ipv6.conf.eth0.disable_ipv6"), "1");
      assert.deepEqual(await k.defaultRoutes(s), { v4: { via: GW4, dev: "eth0" } });
    });

    it("attach dual stack: both addresses, IPv6 on, both default routes", async ({ fx, k, host, setup }) => {
      const { s, spec } = await setup();
      await k.attach(host, { ...spec, addresses: ["10.88.0.2/24", "fd00:88:0::2/64"], defaultGateway4: GW4, defaultGateway6: "fd00:88:0:0::1" });
      assert.deepEqual((await iface(k, s, "eth0"))?.addresses, ["10.88.0.2/24", "fd00:88::2/64"]);
      assert.equal(await fx.sysctl(s, "net.ipv6.conf.eth0.disable_ipv6"), "0");
      assert.deepEqual(await k.defaultRoutes(s), { v4: { via: GW4, dev: "eth0" }, v6: { via: GW6, dev: "eth0" } });
      assert.equal((await hostLink(fx, "veth000000a"))?.mtu, 1500);
    });

    it("attach a second interface: without gateways the default routes stay, with them they move", async ({ fx, k, host, setup }) => {
      const { s, spec } = await setup();
      await fx.makeBridge("br-sbx1", ["10.89.0.1/24", "fd00:89::1/64"]);
      await k.attach(host, { ...spec, addresses: ["10.88.0.2/24", "fd00:88::2/64"], defaultGateway4: GW4, defaultGateway6: GW6 });
      const second = { ...spec, bridge: "br-sbx1", hostVeth: "veth000000b", ifname: "eth1", mac: MAC_B, addresses: ["10.89.0.2/24", "fd00:89::2/64"] };
      await k.attach(host, second);
      assert.deepEqual(names(await k.listInterfaces(s)), ["lo", "eth0", "eth1"]);
      assert.deepEqual(await k.defaultRoutes(s), { v4: { via: GW4, dev: "eth0" }, v6: { via: GW6, dev: "eth0" } });
      await k.detach(host, s, "veth000000b", "eth1");
      await k.attach(host, { ...second, defaultGateway4: "10.89.0.1", defaultGateway6: "fd00:89::1" });
      assert.deepEqual(await k.defaultRoutes(s), { v4: { via: "10.89.0.1", dev: "eth1" }, v6: { via: "fd00:89::1", dev: "eth1" } });
      assert.equal((await hostLink(fx, "veth000000b"))?.master, "br-sbx1");
    });

    it("detach: both ends and their routes go; idempotent; setDefaultRoute re-chooses and clears", async ({ fx, k, host, setup }) => {
      const { s, spec } = await setup();
      await fx.makeBridge("br-sbx1", ["10.89.0.1/24"]);
      await k.attach(host, { ...spec, defaultGateway4: GW4 });
      await k.attach(host, { ...spec, bridge: "br-sbx1", hostVeth: "veth000000b", ifname: "eth1", mac: MAC_B, addresses: ["10.89.0.2/24"] });
      await k.detach(host, s, "veth000000a", "eth0");
      assert.equal(await hostLink(fx, "veth000000a"), undefined);
      assert.deepEqual(names(await k.listInterfaces(s)), ["lo", "eth1"]);
      assert.deepEqual(await k.defaultRoutes(s), {});
      await k.detach(host, s, "veth000000a", "eth0");
      await k.setDefaultRoute(s, "10.89.0.1");
      assert.deepEqual(await k.defaultRoutes(s), { v4: { via: "10.89.0.1", dev: "eth1" } });
      await k.setDefaultRoute(s);
      assert.deepEqual(await k.defaultRoutes(s), {});
      await k.setDefaultRoute(s);
      await k.attach(host, { ...spec, ifname: "eth0" }); // the name is free again
      assert.deepEqual(names(await k.listInterfaces(s)), ["lo", "eth1", "eth0"]);
    });

    it("attach: NotFound for a missing sandbox or bridge, Conflict for taken names; nothing is left", async ({ fx, k, host, sb, setup }) => {
      const { s, spec } = await setup();
      await rejectsWith(k.attach(host, { ...spec, sandbox: sb(9) }), "NotFound", /Sandbox ".*" not found/);
      await rejectsWith(k.attach(host, { ...spec, bridge: "br-nope" }), "NotFound", /bridge "br-nope": no such link/);
      await rejectsWith(k.attach(host, { ...spec, bridge: "lo" }), "Conflict", /bridge "lo": the link is not a bridge/);
      assert.equal(await hostLink(fx, "veth000000a"), undefined);
      await k.attach(host, spec);
      await rejectsWith(k.attach(host, { ...spec, ifname: "eth1" }), "Conflict", /veth "veth000000a": a link with that name already exists/);
      await rejectsWith(k.attach(host, { ...spec, hostVeth: "veth000000b" }), "Conflict", /interface "eth0" in sandbox ".*": it already exists/);
      assert.equal(await hostLink(fx, "veth000000b"), undefined);
      assert.deepEqual(names(await k.listInterfaces(s)), ["lo", "eth0"]);
      assert.deepEqual((await iface(k, s, "eth0"))?.addresses, ["10.88.0.2/24"]);
    });

    it("attach: invalid specs are refused before anything is made", async ({ fx, k, host, setup }) => {
      const { s, spec } = await setup();
      const bad: AttachSpec[] = [
        { ...spec, ifname: "lo" }, { ...spec, ifname: "eth0123456789abc" }, { ...spec, hostVeth: BR }, { ...spec, bridge: "a b" },
        { ...spec, mac: "01:00:5e:00:00:01" }, { ...spec, mac: "02:00:00:00:00" }, { ...spec, mtu: 40 },
        { ...spec, mtu: 1200, addresses: ["fd00:88::2/64"] }, { ...spec, addresses: ["10.88.0.2"] },
        { ...spec, defaultGateway4: "10.99.0.1" }, { ...spec, defaultGateway4: "10.88.0.2" }, { ...spec, defaultGateway4: GW6 },
        { ...spec, defaultGateway6: GW6 }, { ...spec, sandbox: "no/such" },
      ];
      for (const b of bad) await rejectsWith(k.attach(host, b), "InvalidParameter", /^Invalid /);
      assert.deepEqual(names(await k.listInterfaces(s)), ["lo"]);
      assert.ok(!(await fx.hostLinks()).some((l) => l.kind === "veth"));
    });

    it("attach: when the step inside fails, the host end is deleted and the sandbox keeps nothing", async ({ fx, k, host, setup }) => {
      const { s, spec } = await setup();
      fx.failInsideOnce();
      await assert.rejects(k.attach(host, { ...spec, defaultGateway4: GW4 }));
      assert.equal(await hostLink(fx, "veth000000a"), undefined);
      await eventually(async () => names(await k.listInterfaces(s)).join() === "lo", "the peer's removal");
      assert.deepEqual(await k.defaultRoutes(s), {});
      await k.attach(host, { ...spec, defaultGateway4: GW4 });
      assert.deepEqual(await k.defaultRoutes(s), { v4: { via: GW4, dev: "eth0" } });
    });

    it("setDefaultRoute: an off-link gateway is InvalidParameter; a missing sandbox NotFound", async ({ k, host, sb, setup }) => {
      const { s, spec } = await setup();
      await k.attach(host, spec);
      await rejectsWith(k.setDefaultRoute(s, "10.77.0.1"), "InvalidParameter", /gateway "10.77.0.1" is not in the subnet/);
      await rejectsWith(k.setDefaultRoute(s, "fd00::1:2:3"), "InvalidParameter", /^Invalid IPv4 gateway/);
      await rejectsWith(k.setDefaultRoute(sb(9), GW4), "NotFound", /not found/);
      assert.deepEqual(await k.defaultRoutes(s), {});
      await k.setDefaultRoute(s, GW4);
      assert.deepEqual(await k.defaultRoutes(s), { v4: { via: GW4, dev: "eth0" } });
    });

    it("setDefaultRoute IPv6: both families replaced, one cleared alone; an off-link IPv6 gateway leaves the IPv4 change made", async ({ fx, k, host, setup }) => {
      const { s, spec } = await setup();
      await fx.makeBridge("br-sbx1", ["10.89.0.1/24", "fd00:89::1/64"]);
      await k.attach(host, { ...spec, addresses: ["10.88.0.2/24", "fd00:88::2/64"], defaultGateway4: GW4, defaultGateway6: GW6 });
      await k.attach(host, { ...spec, bridge: "br-sbx1", hostVeth: "veth000000b", ifname: "eth1", mac: MAC_B, addresses: ["10.89.0.2/24", "fd00:89::2/64"] });
      await k.setDefaultRoute(s, "10.89.0.1", "fd00:89::1");
      assert.deepEqual(await k.defaultRoutes(s), { v4: { via: "10.89.0.1", dev: "eth1" }, v6: { via: "fd00:89::1", dev: "eth1" } });
      await k.setDefaultRoute(s, undefined, GW6);
      assert.deepEqual(await k.defaultRoutes(s), { v6: { via: GW6, dev: "eth0" } });
      await rejectsWith(k.setDefaultRoute(s, GW4, "fd00:77::1"), "InvalidParameter", /gateway "fd00:77::1" is not in the subnet/);
      assert.deepEqual(await k.defaultRoutes(s), { v4: { via: GW4, dev: "eth0" }, v6: { via: GW6, dev: "eth0" } });
      await k.setDefaultRoute(s);
      assert.deepEqual(await k.defaultRoutes(s), {});
      assert.deepEqual((await iface(k, s, "eth1"))?.addresses, ["10.89.0.2/24", "fd00:89::2/64"]);
    });

    it("deleteSandbox with interfaces inside: their host ends go too", async ({ fx, k, host, setup }) => {
      const { s, spec } = await setup();
      await k.attach(host, spec);
      await k.deleteSandbox(s);
      await eventually(async () => (await hostLink(fx, "veth000000a")) === undefined, "the host end's removal");
      await k.detach(host, s, "veth000000a", "eth0"); // still idempotent
    });
  });
}
