import { test } from "node:test";
import assert from "node:assert/strict";
import { parseIpText, unmappedIpText } from "./ip-text.js";

test("parseIpText: Go netip text, family, loopback, zone", () => {
  assert.deepEqual(parseIpText("127.0.0.53"), { text: "127.0.0.53", family: 4, loopback: true, zone: "" });
  assert.deepEqual(parseIpText("0:0:0:0:0:0:0:1"), { text: "::1", family: 6, loopback: true, zone: "" });
  assert.deepEqual(parseIpText("FE80::1%eth0"), { text: "fe80::1%eth0", family: 6, loopback: false, zone: "eth0" });
  assert.deepEqual(parseIpText("::ffff:127.0.0.1"), { text: "::ffff:127.0.0.1", family: 6, loopback: true, zone: "" });
  assert.equal(parseIpText("2001:db8:0:0:1:0:0:1")?.text, "2001:db8::1:0:0:1");
  assert.equal(parseIpText("1:0:2:3:4:5:6:7")?.text, "1:0:2:3:4:5:6:7");
  for (const bad of ["", "1.2.3.4.5", "01.2.3.4", "1.2.3.4%eth0", "fe80::1%", " 1.2.3.4", "host"]) {
    assert.equal(parseIpText(bad), undefined, bad);
  }
});

test("unmappedIpText: IPv4-mapped addresses become IPv4", () => {
  assert.equal(unmappedIpText("::ffff:10.0.0.1"), "10.0.0.1");
  assert.equal(unmappedIpText("2001:DB8::1"), "2001:db8::1");
  assert.equal(unmappedIpText("x"), undefined);
});
