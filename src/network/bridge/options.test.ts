import { test } from "node:test";
import assert from "node:assert/strict";
import { parseBridgeOptions } from "./options.js";

const ID = "3f0e5b1c2d4a" + "0".repeat(52);

test("defaults: br-<id12>, icc and masquerade on, nat gateway mode", () => {
  const c = parseBridgeOptions(ID, {});
  assert.equal(c.bridgeName, "br-3f0e5b1c2d4a");
  assert.equal(c.icc, true);
  assert.equal(c.masquerade, true);
  assert.equal(c.gatewayMode4, "nat");
  assert.equal(c.mtu, 0);
});

test("parses Go booleans and reports Docker's parse error", () => {
  assert.equal(parseBridgeOptions(ID, { "com.docker.network.bridge.enable_icc": "F" }).icc, false);
  assert.throws(
    () => parseBridgeOptions(ID, { "com.docker.network.bridge.enable_icc": "nope" }),
    { kind: "InvalidParameter", message: 'failed to parse com.docker.network.bridge.enable_icc value: nope (strconv.ParseBool: parsing "nope": invalid syntax)' },
  );
});

test("rejects long bridge names and bad MTUs", () => {
  assert.throws(() => parseBridgeOptions(ID, { "com.docker.network.bridge.name": "a-very-long-bridge" }), { kind: "InvalidParameter" });
  assert.throws(() => parseBridgeOptions(ID, { "com.docker.network.driver.mtu": "-1" }), { message: /^invalid MTU number: -1/ });
  assert.throws(() => parseBridgeOptions(ID, { "com.docker.network.driver.mtu": "70000" }), { message: /^invalid MTU number: 70000/ });
  assert.equal(parseBridgeOptions(ID, { "com.docker.network.driver.mtu": "9000" }).mtu, 9000);
});

test("gateway modes and host addresses are validated", () => {
  assert.throws(() => parseBridgeOptions(ID, { "com.docker.network.bridge.gateway_mode_ipv4": "weird" }), { message: /unknown gateway mode weird/ });
  assert.throws(() => parseBridgeOptions(ID, { "com.docker.network.host_ipv4": "::1" }), { kind: "InvalidParameter" });
  assert.equal(parseBridgeOptions(ID, { "com.docker.network.host_ipv4": "192.0.2.9" }).snat4, "192.0.2.9");
});
