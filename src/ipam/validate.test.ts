import { test } from "node:test";
import assert from "node:assert/strict";
import { isBerthError } from "../lib/errors.js";
import type { IpamPoolRequest } from "../model/network.js";
import { joinErrors, validateIpamRequest } from "./validate.js";

/** The full message thrown for `configs`, asserting it is a 400. */
function failure(configs: readonly IpamPoolRequest[], enableIPv6 = false): string {
  try {
    validateIpamRequest(configs, enableIPv6);
  } catch (e) {
    assert.ok(isBerthError(e, "InvalidParameter"), `expected InvalidParameter, got ${String(e)}`);
    return e.message;
  }
  assert.fail("expected validateIpamRequest to throw");
}

const one = (text: string): string => `invalid network config:\n${text}`;
const many = (...texts: string[]): string => `invalid network config:\n* ${texts.join("\n* ")}`;

test("valid configurations pass", () => {
  validateIpamRequest([], false);
  validateIpamRequest([{ subnet: "10.0.0.0/8", ipRange: "10.10.0.0/16", gateway: "10.10.0.1", auxAddresses: { DefaultGatewayIPv4: "10.10.0.1" } }], false);
  validateIpamRequest([{ subnet: "172.28.0.0/16" }, { subnet: "2001:db8::/64", gateway: "2001:db8::1" }], true);
  validateIpamRequest([{ subnet: "192.168.1.0/31" }, { subnet: "192.168.2.7/32" }], false);
});

test("non-canonical subnet", () => {
  assert.equal(failure([{ subnet: "10.1.2.3/24" }]), one("invalid subnet 10.1.2.3/24: it should be 10.1.2.0/24"));
  assert.equal(failure([{ subnet: "10.10.10.0/8" }]), one("invalid subnet 10.10.10.0/8: it should be 10.0.0.0/8"));
  assert.equal(failure([{ subnet: "2001:DB8::1/64" }], true), one("invalid subnet 2001:db8::1/64: it should be 2001:db8::/64"));
});

test("malformed subnet uses Docker's 'invalid CIDR block notation'", () => {
  for (const s of ["abc", "300.1.1.0/24", "10.0.0.0/33", "10.0.0.0", "10.0.0.0/024", " 10.0.0.0/8", "010.0.0.0/8", "fe80::/64%eth0"]) {
    assert.equal(failure([{ subnet: s }]), one(`invalid subnet ${s}: invalid CIDR block notation`), s);
  }
  assert.equal(failure([{ gateway: "10.0.0.1" }]), one("invalid subnet : invalid CIDR block notation"));
});

test("ip-range errors", () => {
  assert.equal(
    failure([{ subnet: "10.10.10.0/24", ipRange: "10.0.0.0/8" }]),
    one("invalid ip-range 10.0.0.0/8: CIDR block is bigger than its parent subnet 10.10.10.0/24"),
  );
  assert.equal(failure([{ subnet: "10.0.0.0/8", ipRange: "10.10.10.0/16" }]), one("invalid ip-range 10.10.10.0/16: it should be 10.10.0.0/16"));
  assert.equal(
    failure([{ subnet: "10.0.0.0/8", ipRange: "192.168.0.0/24" }]),
    one("invalid ip-range 192.168.0.0/24: parent subnet 10.0.0.0/8 doesn't contain ip-range"),
  );
  assert.equal(failure([{ subnet: "10.0.0.0/8", ipRange: "2001:db8::/64" }]), one("invalid ip-range 2001:db8::/64: parent subnet is an IPv4 block"));
  assert.equal(failure([{ subnet: "2001:db8::/64", ipRange: "10.0.0.0/24" }], true), one("invalid ip-range 10.0.0.0/24: parent subnet is an IPv6 block"));
  assert.equal(failure([{ subnet: "10.0.0.0/8", ipRange: "foobar" }]), one("invalid ip-range foobar: invalid CIDR block notation"));
});

test("gateway errors", () => {
  assert.equal(
    failure([{ subnet: "10.0.0.0/24", gateway: "10.1.0.1" }]),
    one("invalid gateway 10.1.0.1: parent subnet 10.0.0.0/24 doesn't contain this address"),
  );
  assert.equal(failure([{ subnet: "10.0.0.0/24", gateway: "2001:db8::1" }]), one("invalid gateway 2001:db8::1: parent subnet is an IPv4 block"));
  assert.equal(failure([{ subnet: "2001:db8::/64", gateway: "10.0.0.1" }], true), one("invalid gateway 10.0.0.1: parent subnet is an IPv6 block"));
  assert.equal(failure([{ subnet: "10.0.0.0/24", gateway: "1001.10.5.3" }]), one("invalid gateway 1001.10.5.3: invalid address"));
  assert.equal(failure([{ subnet: "10.0.0.0/24", gateway: "10.0.0.1/24" }]), one("invalid gateway 10.0.0.1/24: invalid address"));
});

test("auxiliary address errors", () => {
  assert.equal(
    failure([{ subnet: "10.0.0.0/24", auxAddresses: { router: "10.0.1.1" } }]),
    one("invalid auxiliary address router: parent subnet 10.0.0.0/24 doesn't contain this address"),
  );
  assert.equal(
    failure([{ subnet: "10.0.0.0/24", auxAddresses: { DefaultGatewayIPv4: "2001:db8::1" } }]),
    one("invalid auxiliary address DefaultGatewayIPv4: parent subnet is an IPv4 block"),
  );
  assert.equal(failure([{ subnet: "10.0.0.0/24", auxAddresses: { x: "dummy" } }]), one("invalid auxiliary address x: invalid address"));
});

test("several errors are listed with '* ', across entries, in order", () => {
  assert.equal(
    failure([{ subnet: "10.0.0.0/8", ipRange: "192.168.0.1/24", gateway: "192.168.0.1", auxAddresses: { DefaultGatewayIPv4: "192.168.0.1" } }]),
    many(
      "invalid ip-range 192.168.0.1/24: it should be 192.168.0.0/24",
      "invalid ip-range 192.168.0.1/24: parent subnet 10.0.0.0/8 doesn't contain ip-range",
      "invalid gateway 192.168.0.1: parent subnet 10.0.0.0/8 doesn't contain this address",
      "invalid auxiliary address DefaultGatewayIPv4: parent subnet 10.0.0.0/8 doesn't contain this address",
    ),
  );
  assert.equal(
    failure([{ subnet: "foobar" }, { subnet: "10.1.2.3/24" }]),
    many("invalid subnet foobar: invalid CIDR block notation", "invalid subnet 10.1.2.3/24: it should be 10.1.2.0/24"),
  );
  assert.equal(joinErrors(["a\nb", "c"]), "* a\n\tb\n* c");
});

test("IPv6 entries are skipped when IPv6 is disabled, but a malformed subnet is not", () => {
  validateIpamRequest([{ subnet: "2001:db8::1/64", gateway: "10.0.0.1", ipRange: "abc" }], false);
  assert.equal(failure([{ subnet: "2001:db8::1/64" }], true), one("invalid subnet 2001:db8::1/64: it should be 2001:db8::/64"));
  assert.equal(failure([{ subnet: "2001:zz8::/64" }], false), one("invalid subnet 2001:zz8::/64: invalid CIDR block notation"));
});
