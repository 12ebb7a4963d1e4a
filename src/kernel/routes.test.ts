import { test } from "node:test";
import assert from "node:assert/strict";
import { CURRENT_NETNS } from "./exec.js";
import { parseOnLink4, parseOnLink6, readOnLinkRoutes } from "./routes.js";
import { scriptedExec } from "./scripted-exec.js";

test("parseOnLink4: destinations as canonical prefixes; default and host routes handled", () => {
  const json = [
    { dst: "10.0.0.0/24", dev: "br-x", protocol: "kernel", prefsrc: "10.0.0.1", flags: ["linkdown"] },
    { dst: "default", dev: "wg0", scope: "link" },
    { dst: "169.254.1.1", dev: "eth0" },
  ];
  assert.deepEqual(parseOnLink4(json), ["10.0.0.0/24", "169.254.1.1/32"]);
});

test("parseOnLink6: gateway-less routes only, without link-local and multicast", () => {
  const json = [
    { dst: "fd00:1::/64", dev: "br-x", protocol: "kernel", metric: 256 },
    { dst: "fe80::/64", dev: "br-x", protocol: "kernel", metric: 256 },
    { dst: "ff00::/8", dev: "br-x" },
    { dst: "2001:db8::/32", gateway: "fe80::1", dev: "eth0" },
    { dst: "2001:db8:1::/48", nexthops: [] },
    { dst: "default", gateway: "fe80::1", dev: "eth0" },
    { dst: "fd00:2::5", dev: "eth1" },
  ];
  assert.deepEqual(parseOnLink6(json), ["fd00:1::/64", "fd00:2::5/128"]);
});

test("readOnLinkRoutes: asks both families of the main table, IPv4 first, no duplicates", async () => {
  const s = scriptedExec((c) => (c.argv.includes("-4") ? '[{"dst":"10.0.0.0/24"},{"dst":"10.0.0.0/24"}]' : '[{"dst":"fd00::/64"}]'));
  assert.deepEqual(await readOnLinkRoutes(s.exec, CURRENT_NETNS), ["10.0.0.0/24", "fd00::/64"]);
  assert.deepEqual(s.calls.map((c) => c.argv.join(" ")).sort(), [
    "ip -j -4 route show table main scope link type unicast",
    "ip -j -6 route show table main type unicast",
  ]);
});
