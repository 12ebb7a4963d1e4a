import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { isBerthError } from "../../lib/errors.js";
import {
  assignInterfaceNames,
  attachmentOrder,
  compareGatewayCandidates,
  selectGatewayEndpoints,
  sortForGateway,
  type GatewayCandidate,
} from "./interface-order.js";

const cand = (networkName: string, over: Partial<GatewayCandidate> = {}): GatewayCandidate => ({
  networkName,
  gwPriority: 0,
  internal: false,
  driver: "bridge",
  hasGateway4: true,
  hasGateway6: false,
  ...over,
});

test("attachmentOrder: NetworkMode network first, the rest by name", () => {
  const order = attachmentOrder("mynet02", [{ networkName: "zeta" }, { networkName: "alpha" }, { networkName: "mynet02" }, { networkName: "Beta" }]);
  assert.deepEqual(order.map((a) => a.networkName), ["mynet02", "Beta", "alpha", "zeta"]);
});

test("assignInterfaceNames: lowest free index, explicit names reserved, per prefix", () => {
  assert.deepEqual(assignInterfaceNames([{}, {}, {}]), ["eth0", "eth1", "eth2"]);
  assert.deepEqual(assignInterfaceNames([{}, { ifname: "eth0" }, {}]), ["eth1", "eth0", "eth2"]);
  assert.deepEqual(assignInterfaceNames([{}, { prefix: "en" }, {}]), ["eth0", "en0", "eth1"]);
  // connect on a running container: the next free index, reusing a gap
  assert.deepEqual(assignInterfaceNames([{}], ["lo", "eth0", "eth2"]), ["eth1"]);
  assert.throws(() => assignInterfaceNames([{ ifname: "eth0" }], ["eth0"]), (e: unknown) => isBerthError(e, "InvalidParameter"));
});

test("assignInterfaceNames: names are unique and never collide with names in use", () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom<"eth" | "en" | undefined>("eth", "en", undefined), { maxLength: 12 }), fc.uniqueArray(fc.integer({ min: 0, max: 10 })), (prefixes, taken) => {
      const inUse = taken.map((n) => `eth${n}`);
      const names = assignInterfaceNames(prefixes.map((p) => (p === undefined ? {} : { prefix: p })), inUse);
      assert.equal(new Set([...names, ...inUse]).size, names.length + inUse.length);
    }),
  );
});

test("gateway order: priority, then non-internal, then dual-stack, then name", () => {
  const list = [
    cand("a-internal", { internal: true, hasGateway4: false }),
    cand("b-v4"),
    cand("c-dual", { hasGateway6: true }),
    cand("d-prio", { gwPriority: 10 }),
    cand("a-v4"),
    cand("e-neg", { gwPriority: -1, hasGateway6: true }),
  ];
  assert.deepEqual(
    sortForGateway(list).map((c) => c.networkName),
    ["d-prio", "c-dual", "a-v4", "b-v4", "a-internal", "e-neg"],
  );
  assert.equal(compareGatewayCandidates(cand("x"), cand("x")), 0);
});

test("selectGatewayEndpoints: IPv4 and IPv6 routes may come from different endpoints", () => {
  const choice = selectGatewayEndpoints([cand("mynet", { gwPriority: 1 }), cand("v6net", { hasGateway4: false, hasGateway6: true })]);
  assert.equal(choice.ipv4?.networkName, "mynet");
  assert.equal(choice.ipv6?.networkName, "v6net");
});

test("selectGatewayEndpoints: the tutorial's mynet + mynet02 → mynet02 is second by name unless prioritised", () => {
  assert.equal(selectGatewayEndpoints([cand("mynet02"), cand("mynet")]).ipv4?.networkName, "mynet");
  assert.equal(selectGatewayEndpoints([cand("mynet02", { gwPriority: 1 }), cand("mynet")]).ipv4?.networkName, "mynet02");
});

test("selectGatewayEndpoints: internal-only, none and host give no default route", () => {
  assert.deepEqual(selectGatewayEndpoints([cand("int", { internal: true, hasGateway4: false })]), {});
  assert.deepEqual(selectGatewayEndpoints([cand("none", { driver: "null" }), cand("host", { driver: "host" })]), {});
  assert.deepEqual(selectGatewayEndpoints([]), {});
});
