import { test } from "node:test";
import assert from "node:assert/strict";
import { attachOps, defaultRouteOps, describeOp, explainOpFailure, netnsOpFailure } from "./netns-ops.js";

test("attachOps: IPv6 on first when there is an IPv6 address, then up, addresses, default routes on the interface", () => {
  assert.deepEqual(attachOps({ ifname: "eth0", addresses: ["10.0.0.2/24"] }), [
    { op: "up", ifname: "eth0" },
    { op: "addr", ifname: "eth0", family: 4, address: "10.0.0.2", prefix: 24 },
  ]);
  assert.deepEqual(attachOps({ ifname: "eth0.5", addresses: ["10.0.0.2/24", "fd00::2/64"], defaultGateway4: "10.0.0.1", defaultGateway6: "fd00::1" }), [
    { op: "sysctl", key: "net.ipv6.conf.eth0/5.disable_ipv6", value: "0" },
    { op: "up", ifname: "eth0.5" },
    { op: "addr", ifname: "eth0.5", family: 4, address: "10.0.0.2", prefix: 24 },
    { op: "addr", ifname: "eth0.5", family: 6, address: "fd00::2", prefix: 64 },
    { op: "route", family: 4, via: "10.0.0.1", ifname: "eth0.5" },
    { op: "route", family: 6, via: "fd00::1", ifname: "eth0.5" },
  ]);
});

test("defaultRouteOps: a family left out loses its default; IPv6 is left alone on a kernel without it", () => {
  assert.deepEqual(defaultRouteOps("10.0.0.1", undefined, true), [{ op: "route", family: 4, via: "10.0.0.1" }, { op: "noroute", family: 6 }]);
  assert.deepEqual(defaultRouteOps(undefined, "fd00::1", true), [{ op: "noroute", family: 4 }, { op: "route", family: 6, via: "fd00::1" }]);
  assert.deepEqual(defaultRouteOps(undefined, undefined, false), [{ op: "noroute", family: 4 }]);
});

test("describeOp and explainOpFailure name the failed op as the ip command it stands for", () => {
  const ops = attachOps({ ifname: "eth0", addresses: ["fd00::2/64"], defaultGateway6: "fd00::1" });
  assert.deepEqual(ops.map(describeOp), [
    "sysctl -w net.ipv6.conf.eth0.disable_ipv6=0", "ip link set dev eth0 up", "ip address add fd00::2/64 dev eth0 nodad", "ip route replace default via fd00::1 dev eth0",
  ]);
  assert.equal(describeOp({ op: "noroute", family: 6 }), "ip -6 route del default");
  const e = Object.assign(new Error("configureNetns /run/netns/x: addr #2: File exists"), { code: "EEXIST", step: "addr", index: 2 });
  assert.equal(netnsOpFailure(e), e);
  assert.equal(explainOpFailure(ops, e), 'at "ip address add fd00::2/64 dev eth0 nodad": File exists');
  assert.equal(netnsOpFailure(new Error("plain")), undefined);
  assert.equal(explainOpFailure(ops, new Error("plain")), "plain");
});
