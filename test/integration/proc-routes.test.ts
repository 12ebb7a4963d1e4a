/**
 * On-link routes read from /proc/net (no spawn; what the daemon uses for its own namespace)
 * against `ip -j route show` (the spawn path), on the same real namespace. /proc/<pid>/net shows
 * the namespace of process <pid>, so a process parked in the test namespace exposes its tables.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { CURRENT_NETNS, exec, spawnPersistent, type Netns } from "../../src/kernel/exec.js";
import { createNetKernel } from "../../src/kernel/net-kernel.js";
import { readProcOnLinkRoutes } from "../../src/kernel/proc-routes.js";
import { readOnLinkRoutes } from "../../src/kernel/routes.js";
import { testNetns } from "../harness/netns-fixture.js";
import { kernelSkipReason } from "../harness/root.js";

const skip = kernelSkipReason() ?? false;

const SETUP: readonly string[][] = [
  ["link", "add", "br-r1", "type", "bridge"],
  ["link", "add", "br-r2", "type", "bridge"],
  ["link", "set", "br-r1", "up"],
  ["link", "set", "br-r2", "up"],
  ["address", "add", "10.81.0.1/24", "dev", "br-r1"],
  ["address", "add", "172.30.4.1/22", "dev", "br-r2"],
  ["address", "add", "fd81::1/64", "dev", "br-r1", "nodad"],
  ["address", "add", "fd82:0:0:4::1/62", "dev", "br-r2", "nodad"],
  ["route", "add", "default", "via", "10.81.0.254"],
  ["route", "add", "10.90.0.0/16", "via", "10.81.0.9"],
  ["route", "add", "10.91.0.5", "dev", "br-r1"],
  ["route", "add", "10.92.0.0/24", "dev", "br-r2"],
  ["route", "add", "blackhole", "10.93.0.0/16"],
  ["route", "add", "unreachable", "10.94.0.0/16"],
  ["route", "add", "prohibit", "10.95.0.0/16"],
  ["route", "add", "throw", "10.96.0.0/16"],
  ["route", "add", "10.97.0.0/24", "dev", "br-r1", "table", "100"],
];
const SETUP6: readonly string[][] = [
  ["route", "add", "default", "via", "fd81::fe"],
  ["route", "add", "fd90::/48", "via", "fd81::9"],
  ["route", "add", "fd91::5", "dev", "br-r1"],
  ["route", "add", "fd92::/56", "dev", "br-r2"],
  ["route", "add", "blackhole", "fd93::/48"],
  ["route", "add", "unreachable", "fd94::/48"],
];

const sorted = (xs: readonly string[]): string[] => [...xs].sort();

const batch = (cmds: readonly string[][]): string => cmds.map((c) => c.join(" ")).join("\n") + "\n";

async function setUp(ns: Netns): Promise<void> {
  await exec(["ip", "-batch", "-"], { netns: ns, stdin: batch(SETUP) });
  await exec(["ip", "-6", "-batch", "-"], { netns: ns, stdin: batch(SETUP6) });
}

describe("on-link routes: /proc/net against ip -j (real kernel)", { skip }, () => {
  test("the same prefixes from both, for bridges, host routes, gateways, reject types and other tables", async (t) => {
    const { ns } = await testNetns(t, "cop-rt");
    await setUp(ns);
    const parked = spawnPersistent(["sleep", "60"], { netns: ns });
    t.after(async () => {
      parked.kill("SIGKILL");
      await parked.exited;
    });
    const procNet = `/proc/${parked.pid ?? 0}/net`;

    const fromIp = await readOnLinkRoutes(exec, ns);
    const fromProc = await readProcOnLinkRoutes(procNet);
    assert.deepEqual(sorted(fromProc), sorted(fromIp));
    assert.deepEqual(sorted(fromIp), ["10.81.0.0/24", "10.91.0.5/32", "10.92.0.0/24", "172.30.4.0/22", "fd81::/64", "fd82:0:0:4::/62", "fd91::5/128", "fd92::/56"]);

    const viaKernel = await createNetKernel({ procNetRoot: procNet }).onLinkRoutes(CURRENT_NETNS);
    assert.deepEqual(viaKernel, fromProc, "NetKernel reads the current namespace from /proc");
  });

  test("known differences, both conservative: a non-link-scope device route, an IPv6 route in another table", async (t) => {
    const { ns } = await testNetns(t, "cop-rt");
    await setUp(ns);
    await exec(["ip", "route", "add", "10.98.0.0/24", "dev", "br-r2", "scope", "global"], { netns: ns });
    await exec(["ip", "-6", "route", "add", "fd98::/48", "dev", "br-r2", "table", "100"], { netns: ns });
    const parked = spawnPersistent(["sleep", "60"], { netns: ns });
    t.after(async () => {
      parked.kill("SIGKILL");
      await parked.exited;
    });
    const fromIp = await readOnLinkRoutes(exec, ns);
    const fromProc = await readProcOnLinkRoutes(`/proc/${parked.pid ?? 0}/net`);
    assert.deepEqual(sorted(fromProc.filter((p) => !fromIp.includes(p))), ["10.98.0.0/24", "fd98::/48"]);
    assert.deepEqual(fromIp.filter((p) => !fromProc.includes(p)), []);
  });
});
