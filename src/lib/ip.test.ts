import { test } from "node:test";
import assert from "node:assert/strict";
import { canonical, containsAddr, formatAddr, formatPrefix, isCanonical, mustAddr, mustPrefix, overlaps, parseAddr, parsePrefix } from "./ip.js";

test("parses and formats IPv4 and IPv6", () => {
  assert.equal(formatAddr(mustAddr("192.168.0.1")), "192.168.0.1");
  assert.equal(formatAddr(mustAddr("fd00:0:0::1")), "fd00::1");
  assert.equal(parseAddr("1.2.3"), undefined);
  assert.equal(parseAddr("1.2.3.4/8"), undefined);
  assert.equal(parseAddr("300.1.1.1"), undefined);
  assert.equal(parsePrefix("10.0.0.0/33"), undefined);
  assert.equal(formatPrefix(canonical(mustPrefix("10.1.2.3/24"))), "10.1.2.0/24");
});

test("containment and overlap", () => {
  const p = mustPrefix("192.168.0.0/16");
  assert.ok(containsAddr(p, mustAddr("192.168.255.255")));
  assert.ok(!containsAddr(p, mustAddr("192.169.0.0")));
  assert.ok(overlaps(p, mustPrefix("192.168.10.0/24")));
  assert.ok(!overlaps(p, mustPrefix("192.167.0.0/16")));
  assert.ok(!overlaps(p, mustPrefix("::/0")));
  assert.ok(!isCanonical(mustPrefix("10.1.2.3/24")));
});
