import { test } from "node:test";
import assert from "node:assert/strict";
import { isBerthError, type ErrorKind } from "../lib/errors.js";
import type { IpamPool } from "../model/network.js";
import { POOLS_EXHAUSTED, POOL_OVERLAPS, planPools, type PlanInput } from "./plan.js";
import { DEFAULT_V4_POOLS, ulaPool } from "./pools.js";

const base: PlanInput = {
  requests: [],
  enableIPv4: true,
  enableIPv6: false,
  taken: [],
  reserved: [],
  pools4: DEFAULT_V4_POOLS,
  pools6: [ulaPool("myhost")],
};
const plan = (over: Partial<PlanInput>): IpamPool[] => planPools({ ...base, ...over });

function fails(over: Partial<PlanInput>, kind: ErrorKind, message: string): void {
  assert.throws(
    () => plan(over),
    (e: unknown) => isBerthError(e, kind) && e.message === message,
    `expected ${kind} "${message}"`,
  );
}

test("auto-picks the lowest free default subnet, gateway .1, no ip-range key", () => {
  assert.deepEqual(plan({}), [{ subnet: "172.17.0.0/16", gateway: "172.17.0.1", auxAddresses: {}, auto: true }]);
  assert.equal(plan({ taken: ["172.17.0.0/16", "172.19.0.0/16"] })[0]?.subnet, "172.18.0.0/16");
  assert.equal(plan({ taken: ["172.17.0.0/16", "172.18.0.0/16", "172.19.0.0/16", "172.20.5.0/24"] })[0]?.subnet, "172.21.0.0/16");
  assert.equal(plan({ taken: ["172.17.0.0/16"], reserved: ["172.18.0.0/16"] })[0]?.subnet, "172.19.0.0/16");
  assert.equal(plan({ reserved: ["172.17.0.53", "172.18.3.0/24"] })[0]?.subnet, "172.19.0.0/16", "bare nameserver address and on-link route");
});

test("exhausted pools: 400 all predefined address pools have been fully subnetted", () => {
  fails({ taken: ["172.16.0.0/12", "192.168.0.0/16"] }, "InvalidParameter", POOLS_EXHAUSTED);
  fails({ enableIPv6: true, pools6: [] }, "InvalidParameter", POOLS_EXHAUSTED);
  assert.equal(POOLS_EXHAUSTED, "all predefined address pools have been fully subnetted");
});

test("IPv4 first, then IPv6 from the ULA pool; disabled families are ignored", () => {
  assert.deepEqual(plan({ enableIPv6: true }), [
    { subnet: "172.17.0.0/16", gateway: "172.17.0.1", auxAddresses: {}, auto: true },
    { subnet: "fd33:1e75:9fd4::/64", gateway: "fd33:1e75:9fd4::1", auxAddresses: {}, auto: true },
  ]);
  assert.deepEqual(plan({ enableIPv6: true, taken: ["fd33:1e75:9fd4::/64"] })[1]?.subnet, "fd33:1e75:9fd4:1::/64");
  assert.deepEqual(plan({ requests: [{ subnet: "2001:db8::/64" }] }), [{ subnet: "172.17.0.0/16", gateway: "172.17.0.1", auxAddresses: {}, auto: true }]);
  assert.deepEqual(plan({ enableIPv4: false, enableIPv6: true, requests: [{ subnet: "10.0.0.0/24" }] }), [
    { subnet: "fd33:1e75:9fd4::/64", gateway: "fd33:1e75:9fd4::1", auxAddresses: {}, auto: true },
  ]);
  assert.deepEqual(plan({ enableIPv6: true, requests: [{ subnet: "10.9.0.0/16" }, { subnet: "2001:DB8::/64", gateway: "2001:DB8::FE" }] }), [
    { subnet: "10.9.0.0/16", gateway: "10.9.0.1", auxAddresses: {} },
    { subnet: "2001:db8::/64", gateway: "2001:db8::fe", auxAddresses: {} },
  ]);
});

test("user subnet overlapping an existing one or another request: 403 Pool overlaps", () => {
  assert.equal(POOL_OVERLAPS, "invalid pool request: Pool overlaps with other one on this address space");
  fails({ requests: [{ subnet: "172.17.5.0/24" }], taken: ["172.17.0.0/16"] }, "Forbidden", POOL_OVERLAPS);
  fails({ requests: [{ subnet: "10.0.0.0/8" }], taken: ["10.200.0.0/24"] }, "Forbidden", POOL_OVERLAPS);
  // Docker skips this check when an ip-range is given (moby#46756); Berth does not.
  fails({ requests: [{ subnet: "172.17.0.0/16", ipRange: "172.17.5.0/24" }], taken: ["172.17.0.0/16"] }, "Forbidden", POOL_OVERLAPS);
  fails({ requests: [{ subnet: "10.0.0.0/16" }, { subnet: "10.0.1.0/24" }] }, "Forbidden", POOL_OVERLAPS);
  // Reserved host prefixes only steer auto-selection; a user may pick them (as in Docker).
  assert.equal(plan({ requests: [{ subnet: "172.17.0.0/16" }], reserved: ["172.17.0.0/16"] })[0]?.subnet, "172.17.0.0/16");
});

test("gateway: given, first of the ip-range, or first usable of the subnet", () => {
  const r = (req: PlanInput["requests"][number]): IpamPool | undefined => plan({ requests: [req] })[0];
  assert.deepEqual(r({ subnet: "172.28.0.0/16", ipRange: "172.28.5.0/24" }), {
    subnet: "172.28.0.0/16",
    ipRange: "172.28.5.0/24",
    gateway: "172.28.5.0",
    auxAddresses: {},
  });
  assert.equal(r({ subnet: "172.28.0.0/16", ipRange: "172.28.0.0/24" })?.gateway, "172.28.0.1");
  assert.equal(r({ subnet: "172.28.0.0/16", ipRange: "172.28.5.0/24", gateway: "172.28.5.254" })?.gateway, "172.28.5.254");
  assert.equal(r({ subnet: "10.0.0.0/31" })?.gateway, "10.0.0.0");
  assert.equal(r({ subnet: "10.0.0.7/32" })?.gateway, "10.0.0.7");
  assert.equal(r({ subnet: "10.0.0.4/31", gateway: "10.0.0.5" })?.gateway, "10.0.0.5");
});

test("gateway on a reserved address, or none left: Docker's 500 texts", () => {
  fails({ requests: [{ subnet: "10.0.0.0/24", gateway: "10.0.0.0" }] }, "System", "failed to allocate gateway (10.0.0.0): Address already in use");
  fails({ requests: [{ subnet: "10.0.0.0/24", gateway: "10.0.0.255" }] }, "System", "failed to allocate gateway (10.0.0.255): Address already in use");
  fails({ enableIPv6: true, requests: [{ subnet: "2001:db8::/64", gateway: "2001:db8::" }] }, "System", "failed to allocate gateway (2001:db8::): Address already in use");
  fails({ requests: [{ subnet: "10.0.0.0/24", ipRange: "10.0.0.255/32" }] }, "System", "failed to allocate gateway (): no available addresses on this pool");
  fails({ requests: [{ subnet: "10.0.0.0/24", gateway: "10.0.1.1" }] }, "InvalidParameter", "default gateway ip must be part of the network");
});

test("auxiliary addresses: canonical, reserved, never clashing", () => {
  const p = plan({ enableIPv6: true, requests: [{ subnet: "2001:db8::/64", auxAddresses: { router: "2001:DB8::0:FE", host: "2001:db8::1" } }] });
  // An aux address at the would-be gateway pushes the default gateway up (Docker would fail).
  assert.deepEqual(p[1], { subnet: "2001:db8::/64", gateway: "2001:db8::2", auxAddresses: { router: "2001:db8::fe", host: "2001:db8::1" } });
  fails(
    { requests: [{ subnet: "10.0.0.0/8", gateway: "10.10.0.1", auxAddresses: { DefaultGatewayIPv4: "10.10.0.1" } }] },
    "System",
    "failed to allocate secondary ip address (DefaultGatewayIPv4:10.10.0.1): Address already in use",
  );
  fails({ requests: [{ subnet: "10.0.0.0/24", auxAddresses: { a: "10.0.0.9", b: "10.0.0.9" } }] }, "System", "failed to allocate secondary ip address (b:10.0.0.9): Address already in use");
  fails({ requests: [{ subnet: "10.0.0.0/24", auxAddresses: { bc: "10.0.0.255" } }] }, "System", "failed to allocate secondary ip address (bc:10.0.0.255): Address already in use");
  fails({ requests: [{ subnet: "10.0.0.0/24", auxAddresses: { far: "10.0.9.9" } }] }, "Forbidden", "auxiliary address: (far:10.0.9.9) must belong to the master pool: 10.0.0.0/24");
});

test("auto-selection skips blockers without walking huge pools", () => {
  const t0 = performance.now();
  const pools4 = [{ base: "10.0.0.0/8", size: 30 }];
  assert.equal(plan({ pools4, taken: ["10.0.0.0/9"], reserved: ["10.128.0.1"] })[0]?.subnet, "10.128.0.4/30");
  fails({ pools4, taken: ["10.0.0.0/9", "10.128.0.0/9"] }, "InvalidParameter", POOLS_EXHAUSTED);
  assert.ok(performance.now() - t0 < 200);
});
