/**
 * The SandboxKernel conformance suite against the real kernel (each test in a fresh "host"
 * namespace, sandboxes named berth-<random owner>-...), plus what only the kernel can show:
 * real traffic between sandboxes, spawns per operation, and how long attach and detach take.
 * Both ways of working inside a sandbox run: the native addon (netns-ops.ts, the default when
 * it is built) and spawned ip/sysctl (the fallback); they must leave the same kernel state.
 */
import { after, describe, test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { isBerthError } from "../../src/lib/errors.js";
import { exec, ExecError, namedNetns, type Exec, type ExecOptions } from "../../src/kernel/exec.js";
import { runIpBatch } from "../../src/kernel/ip-batch.js";
import { addrAdd, linkAddBridge, randomMac, readLinks } from "../../src/kernel/links.js";
import { nativeNetnsOps, type NetnsOps } from "../../src/kernel/netns-ops.js";
import { createSandboxKernel, sandboxName, sandboxPrefix, type AttachSpec, type SandboxKernel } from "../../src/kernel/sandbox.js";
import { sandboxSuite, type SandboxFixture } from "../../src/kernel/sandbox-suite.js";
import { getSysctls, PROC_SYS } from "../../src/kernel/sysctl.js";
import { onPath, kernelSkipReason } from "../harness/root.js";
import { assertTestNetnsDisposed, createTestNetns, type TestNetns } from "../harness/netns-fixture.js";

const skip = kernelSkipReason() ?? false;
const nativeSkip = skip || (nativeNetnsOps() ? false : "the netns addon is not built (npm run build:native)");
const owners = new Set<string>();
type Mode = "native" | "spawn";

/**
 * The real exec gateway, recording each spawn ("ns argv"), and the addon's ops for "native";
 * either can fail the next step inside a sandbox once (a spawn there, or configureNetns).
 */
function recording(owner: string, mode: Mode): { run: Exec; ops: NetnsOps | null; spawns: string[]; failInsideOnce(): void } {
  const spawns: string[] = [];
  let failInside = false;
  const take = (): boolean => {
    const armed = failInside;
    failInside = false;
    return armed;
  };
  const run: Exec = (argv, opts: ExecOptions = {}) => {
    const where = opts.netns?.kind === "path" ? opts.netns.path : "current";
    spawns.push(`${where} ${argv.join(" ")}`);
    if (where.startsWith(`/run/netns/${sandboxPrefix(owner)}`) && take()) {
      return Promise.reject(new ExecError(argv, 1, "injected failure\n", "exit status 1"));
    }
    return exec(argv, opts);
  };
  const real = mode === "native" ? nativeNetnsOps() : undefined;
  const ops: NetnsOps | null = real === undefined ? null : {
    createNetns: (path, sysctls) => real.createNetns(path, sysctls),
    deleteNetns: (path) => real.deleteNetns(path),
    configureNetns(path, list) {
      if (take()) throw new Error("injected failure");
      real.configureNetns(path, list);
    },
  };
  return { run, ops, spawns, failInsideOnce: () => void (failInside = true) };
}

interface RealFixture extends SandboxFixture {
  readonly spawns: string[];
  readonly hostNs: TestNetns;
}

async function realFixture(mode: Mode): Promise<RealFixture> {
  const hostNs = await createTestNetns("sbx");
  const owner = randomBytes(4).toString("hex");
  owners.add(owner);
  const rec = recording(owner, mode);
  const kernel = createSandboxKernel({ exec: rec.run, netnsOps: rec.ops });
  return {
    kernel, host: hostNs.ns, owner, hostNs, spawns: rec.spawns,
    // A fixed MAC, as Berth's bridges have: else the bridge takes its lowest port's, and a
    // detach can change it under the other sandboxes' ARP caches.
    makeBridge: (name, cidrs) =>
      runIpBatch(exec, hostNs.ns, [linkAddBridge(name, randomMac()), ...cidrs.map((c) => addrAdd(name, c)), ["link", "set", "dev", name, "up"]], "test bridge"),
    hostLinks: () => readLinks(exec, hostNs.ns),
    sysctl: async (sb, key) => (await getSysctls({ run: exec, procSysRoot: PROC_SYS }, namedNetns(sb), [key]))[0] ?? "",
    failInsideOnce: rec.failInsideOnce,
    async cleanup() {
      for (const s of await kernel.listSandboxes(sandboxPrefix(owner))) await kernel.deleteSandbox(s);
      await hostNs.dispose();
    },
  };
}

/** A fixture for one test, cleaned up when it ends. */
async function fixture(t: TestContext, mode: Mode = "native"): Promise<RealFixture> {
  const fx = await realFixture(mode);
  t.after(() => fx.cleanup());
  return fx;
}

const PING = onPath("ping") ? ["ping"] : ["busybox", "ping"];

async function ping(from: string, to: string): Promise<boolean> {
  const r = await exec([...PING, "-c1", "-W1", to], { netns: namedNetns(from), okCodes: [0, 1] });
  return r.code === 0;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return ((s[Math.floor((s.length - 1) / 2)] ?? 0) + (s[Math.ceil((s.length - 1) / 2)] ?? 0)) / 2;
};

async function timed(f: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
}

/** A dual-stack test bridge br-t and specs for eth0 of sandboxes 1 and 2. */
async function twoOnABridge(fx: RealFixture): Promise<{ a: string; b: string; specA: AttachSpec; specB: AttachSpec }> {
  await fx.makeBridge("br-t", ["10.90.0.1/24", "fd00:90::1/64"]);
  const [a, b] = [1, 2].map((i) => sandboxName(fx.owner, String(i).padStart(12, "0"))) as [string, string];
  for (const s of [a, b]) await fx.kernel.createSandbox(fx.host, s);
  const spec = (s: string, i: number): AttachSpec => ({
    sandbox: s, bridge: "br-t", hostVeth: `veth000000${i}`, ifname: "eth0", mac: `02:5e:00:00:00:0${i}`,
    addresses: [`10.90.0.${i + 1}/24`, `fd00:90::${i + 1}/64`], defaultGateway4: "10.90.0.1", defaultGateway6: "fd00:90::1",
  });
  return { a, b, specA: spec(a, 1), specB: spec(b, 2) };
}

describe("real kernel: sandboxes", { skip }, () => {
  after(async () => {
    await assertTestNetnsDisposed();
    const left = (await readdir("/run/netns").catch(() => [] as string[])).filter((n) => [...owners].some((o) => n.startsWith(sandboxPrefix(o))));
    assert.deepEqual(left, [], "sandboxes left in /run/netns");
  });

  describe("with the native addon", { skip: nativeSkip }, () => sandboxSuite("SandboxKernel conformance", () => realFixture("native")));
  describe("spawning ip and sysctl", () => sandboxSuite("SandboxKernel conformance", () => realFixture("spawn")));

  test("traffic: two sandboxes on one bridge reach each other and the gateway over IPv4 and IPv6", async (t) => {
    const fx = await fixture(t);
    const { a, b, specA, specB } = await twoOnABridge(fx);
    await fx.kernel.attach(fx.host, specA);
    await fx.kernel.attach(fx.host, specB);
    for (const [from, to] of [[a, "10.90.0.3"], [a, "10.90.0.1"], [b, "10.90.0.2"], [a, "fd00:90::3"], [b, "fd00:90::1"]] as const) {
      assert.ok(await ping(from, to), `ping from ${from} to ${to}`);
    }
    assert.equal(await ping(a, "10.90.0.99"), false, "an address nobody has does not answer");
    await fx.kernel.detach(fx.host, b, specB.hostVeth, specB.ifname);
    assert.equal(await ping(a, "10.90.0.3"), false, "a detached sandbox is unreachable");
    assert.ok(await ping(a, "10.90.0.1"));
  });

  const spawnCounts: Record<Mode, { create: string[]; v4: string[]; dual: string[]; route: string[]; del: string[] }> = {
    native: { create: [], v4: ["ip"], dual: ["ip"], route: [], del: [] },
    spawn: { create: ["unshare", "sysctl"], v4: ["ip", "ip"], dual: ["ip", "sysctl", "ip"], route: ["ip"], del: ["ip"] },
  };
  for (const mode of ["native", "spawn"] as const) {
    const want = spawnCounts[mode];
    test(`spawns (${mode}): createSandbox ${want.create.length}, attach ${want.v4.length} (${want.dual.length} with IPv6), detach 1, setDefaultRoute ${want.route.length}, deleteSandbox ${want.del.length}`, { skip: mode === "native" && nativeSkip }, async (t) => {
      const fx = await fixture(t, mode);
      await fx.makeBridge("br-t", ["10.90.0.1/24", "fd00:90::1/64"]);
      const s = sandboxName(fx.owner, "0".repeat(12));
      const count = async (f: () => Promise<unknown>): Promise<string[]> => {
        const from = fx.spawns.length;
        await f();
        return fx.spawns.slice(from).map((x) => x.replace(/^\S+ (nsenter \S+ -- )?/, "").split(" ")[0] ?? "");
      };
      assert.deepEqual(await count(() => fx.kernel.createSandbox(fx.host, s)), want.create);
      const v4: AttachSpec = { sandbox: s, bridge: "br-t", hostVeth: "veth0000001", ifname: "eth0", mac: "02:5e:00:00:00:01", addresses: ["10.90.0.2/24"], defaultGateway4: "10.90.0.1" };
      assert.deepEqual(await count(() => fx.kernel.attach(fx.host, v4)), want.v4);
      const dual: AttachSpec = { ...v4, hostVeth: "veth0000002", ifname: "eth1", mac: "02:5e:00:00:00:02", addresses: ["10.90.0.3/24", "fd00:90::3/64"], defaultGateway6: "fd00:90::1" };
      assert.deepEqual(await count(() => fx.kernel.attach(fx.host, dual)), want.dual);
      assert.deepEqual(await count(() => fx.kernel.detach(fx.host, s, "veth0000002", "eth1")), ["ip"]);
      assert.deepEqual(await count(() => fx.kernel.setDefaultRoute(s, "10.90.0.1")), want.route);
      assert.deepEqual(await count(() => fx.kernel.deleteSandbox(s)), want.del);
      assert.deepEqual(await count(() => fx.kernel.deleteSandbox(s)), []);
    });

    test(`deleteSandbox (${mode}): a leftover file with no namespace mounted on it is removed; a failed create leaves no mount`, { skip: mode === "native" && nativeSkip }, async (t) => {
      const fx = await fixture(t, mode);
      const [stale, bad] = [sandboxName(fx.owner, "00000000000a"), sandboxName(fx.owner, "00000000000b")];
      await writeFile(`/run/netns/${stale}`, "");
      await fx.kernel.deleteSandbox(stale);
      await assert.rejects(fx.kernel.createSandbox(fx.host, bad, { sysctls: [["net.ipv4.ip_unprivileged_port_start", "many"]] }), (e: unknown) => isBerthError(e, "System"));
      assert.deepEqual(await fx.kernel.listSandboxes(sandboxPrefix(fx.owner)), []);
      assert.ok(!(await readFile("/proc/self/mountinfo", "utf8")).includes(sandboxPrefix(fx.owner)), "a sandbox mount was left");
    });
  }

  test("native and spawning kernels leave the same state inside: addresses, routes of every table, IPv6 sysctls", { skip: nativeSkip }, async (t) => {
    const state: string[] = [];
    for (const mode of ["native", "spawn"] as const) {
      const fx = await fixture(t, mode);
      const { a, specA } = await twoOnABridge(fx);
      await fx.kernel.attach(fx.host, { ...specA, mtu: 1400 });
      await fx.kernel.attach(fx.host, { sandbox: a, bridge: "br-t", hostVeth: "veth0000009", ifname: "eth1", mac: "02:5e:00:00:00:09", addresses: ["10.90.0.9/24"] });
      const ns = namedNetns(a);
      const ip = async (args: string[]): Promise<string> => (await exec(["ip", ...args], { netns: ns })).stdout;
      const snapshot = async (): Promise<string> =>
        [await ip(["addr"]), await ip(["route", "show", "table", "all"]), await ip(["-6", "route", "show", "table", "all"]),
          ...(await getSysctls({ run: exec, procSysRoot: PROC_SYS }, ns, ["net.ipv6.conf.eth0.disable_ipv6", "net.ipv6.conf.eth0.accept_dad", "net.ipv6.conf.eth1.disable_ipv6"]))]
          .join("\n").replace(/@if\d+|link-netns(id)? \S+|valid_lft.*| tentative/g, "");
      const steps = [await snapshot()];
      await fx.kernel.setDefaultRoute(a, "10.90.0.1");
      steps.push(await snapshot());
      await fx.kernel.setDefaultRoute(a);
      steps.push(await snapshot());
      state.push(steps.join("\n=====\n"));
    }
    assert.equal(state[0], state[1]);
  });

  for (const mode of ["native", "spawn"] as const) test(`timing (${mode}): median attach and detach over 20 runs each (IPv4, then dual stack)`, { skip: mode === "native" && nativeSkip }, async (t) => {
    const fx = await fixture(t, mode);
    const { a, specA } = await twoOnABridge(fx);
    const report = async (label: string, spec: AttachSpec, k: SandboxKernel): Promise<void> => {
      const att: number[] = [];
      const det: number[] = [];
      for (let i = 0; i < 20; i++) {
        att.push(await timed(() => k.attach(fx.host, spec)));
        det.push(await timed(() => k.detach(fx.host, a, spec.hostVeth, spec.ifname)));
      }
      const line = `${label}: attach median ${median(att).toFixed(1)} ms (min ${Math.min(...att).toFixed(1)}), detach median ${median(det).toFixed(1)} ms (min ${Math.min(...det).toFixed(1)})`;
      t.diagnostic(line);
      console.log(line);
    };
    const { addresses: _a, defaultGateway6: _g, ...rest } = specA;
    await report(`${mode} IPv4`, { ...rest, addresses: ["10.90.0.2/24"] }, fx.kernel);
    await report(`${mode} dual stack`, specA, fx.kernel);
    assert.deepEqual((await fx.kernel.listInterfaces(a)).map((i) => i.name), ["lo"]);
    assert.deepEqual(await fx.kernel.listSandboxes(sandboxPrefix(fx.owner)), [a, sandboxName(fx.owner, "000000000002")]);
  });
});
