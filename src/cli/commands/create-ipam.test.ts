import { test } from "node:test";
import assert from "node:assert/strict";
import { createIpamConfig, type IpamFlags } from "./create-ipam.js";

const flags = (f: Partial<IpamFlags>): IpamFlags => ({ subnets: [], ipRanges: [], gateways: [], auxAddresses: [], ...f });

test("attaches ranges, gateways and aux addresses to their subnet, keeping the text as typed", () => {
  const cfg = createIpamConfig(flags({
    subnets: ["10.0.0.0/16", "fd00::/64"],
    ipRanges: ["10.0.1.0/24"],
    gateways: ["fd00::1", "10.0.0.1"],
    auxAddresses: [["r", "10.0.0.2"], ["p", "fd00::3"], ["r", "10.0.0.4"]],
  }));
  assert.deepEqual(cfg, [
    { Subnet: "10.0.0.0/16", IPRange: "10.0.1.0/24", Gateway: "10.0.0.1", AuxiliaryAddresses: { r: "10.0.0.4" } },
    { Subnet: "fd00::/64", Gateway: "fd00::1", AuxiliaryAddresses: { p: "fd00::3" } },
  ]);
  assert.deepEqual(createIpamConfig(flags({})), []);
});

test("an IPv4 subnet contains IPv4-mapped IPv6 addresses, as in Go", () => {
  assert.deepEqual(createIpamConfig(flags({ subnets: ["10.0.0.0/8"], gateways: ["::ffff:10.0.0.1"] })), [{ Subnet: "10.0.0.0/8", Gateway: "::ffff:10.0.0.1" }]);
});

test("the docker CLI's error texts", () => {
  const fails = (f: Partial<IpamFlags>, message: string): void => assert.throws(() => createIpamConfig(flags(f)), { message });
  fails({ gateways: ["10.0.0.1"] }, "every ip-range or gateway must have a corresponding subnet");
  fails({ subnets: ["10.0.0.0/8", "10.1.0.0/16"] }, "multiple overlapping subnet configuration is not supported");
  fails({ subnets: ["10.0.0.0/16"], gateways: ["10.1.0.1"] }, "no matching subnet for gateway 10.1.0.1");
  fails({ subnets: ["10.0.0.0/16"], ipRanges: ["10.1.0.0/24"] }, "no matching subnet for range 10.1.0.0/24");
  fails({ subnets: ["10.0.0.0/16"], auxAddresses: [["a", "10.1.0.1"]] }, "no matching subnet for aux-address 10.1.0.1");
  fails({ subnets: ["10.0.0.0/16", "10.9.0.0/16"], gateways: ["10.0.0.1", "10.0.0.2"] }, "cannot configure multiple gateways (10.0.0.2, 10.0.0.1) for the same subnet (10.0.0.0/16)");
  fails({ subnets: ["10.0.0.0/16", "10.9.0.0/16"], ipRanges: ["10.0.1.0/24", "10.0.2.0/24"] }, "cannot configure multiple ranges (10.0.2.0/24, 10.0.1.0/24) on the same subnet (10.0.0.0/16)");
  fails({ subnets: ["10.0.0.0/16"], ipRanges: ["bogus"] }, "invalid CIDR address: bogus");
  fails({ subnets: ["bogus"], gateways: ["10.0.0.1"] }, "invalid subnet: invalid CIDR address: bogus");
});
