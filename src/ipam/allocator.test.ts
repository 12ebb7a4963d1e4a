import { test } from "node:test";
import assert from "node:assert/strict";
import { isBerthError, type ErrorKind } from "../lib/errors.js";
import { formatAddr } from "../lib/ip.js";
import type { IpamPool } from "../model/network.js";
import { allocateAddress, lowestFree, noAvailableAddresses } from "./allocator.js";

const v4: IpamPool = { subnet: "172.18.0.0/16", gateway: "172.18.0.1", auxAddresses: {} };
const none: ReadonlySet<string> = new Set();

function fails(fn: () => unknown, kind: ErrorKind, message: string): void {
  assert.throws(fn, (e: unknown) => isBerthError(e, kind) && e.message === message, `expected ${kind} "${message}"`);
}

test("dynamic: lowest free address, skipping gateway, in-use and aux addresses", () => {
  assert.equal(allocateAddress(v4, none), "172.18.0.2");
  assert.equal(allocateAddress(v4, new Set(["172.18.0.2", "172.18.0.4"])), "172.18.0.3");
  assert.equal(allocateAddress(v4, new Set(["172.18.0.2/16", "172.18.0.3"])), "172.18.0.4", "in-use entries may carry a prefix");
  const aux: IpamPool = { ...v4, auxAddresses: { a: "172.18.0.2", b: "172.18.0.3" } };
  assert.equal(allocateAddress(aux, none), "172.18.0.4");
  assert.equal(allocateAddress(v4, none, ""), "172.18.0.2", "an empty requested address means dynamic");
  assert.equal(allocateAddress({ subnet: "10.0.0.0/24", auxAddresses: {} }, none), "10.0.0.1", "no gateway: .1 is free");
});

test("dynamic: the ip-range bounds it, and its first address is usable", () => {
  const ranged: IpamPool = { subnet: "172.28.0.0/16", ipRange: "172.28.5.0/24", gateway: "172.28.5.254", auxAddresses: {} };
  assert.equal(allocateAddress(ranged, none), "172.28.5.0");
  assert.equal(allocateAddress(ranged, new Set(["172.28.5.0"])), "172.28.5.1");
  const atStart: IpamPool = { subnet: "10.0.0.0/16", ipRange: "10.0.0.0/24", gateway: "10.0.0.1", auxAddresses: {} };
  assert.equal(allocateAddress(atStart, none), "10.0.0.2");
  const tail: IpamPool = { subnet: "10.0.0.0/24", ipRange: "10.0.0.252/30", gateway: "10.0.0.1", auxAddresses: {} };
  const inUse = new Set(["10.0.0.252", "10.0.0.253", "10.0.0.254"]);
  fails(() => allocateAddress(tail, inUse), "System", "no available IPv4 addresses on this network's address pools");
});

test("never the network or broadcast address; /31 and /32 have none", () => {
  const p30: IpamPool = { subnet: "10.0.0.0/30", gateway: "10.0.0.1", auxAddresses: {} };
  assert.equal(allocateAddress(p30, none), "10.0.0.2");
  fails(() => allocateAddress(p30, new Set(["10.0.0.2"])), "System", "no available IPv4 addresses on this network's address pools");
  fails(() => allocateAddress(p30, new Set(["10.0.0.2"]), undefined, "mynet (3f0e5b1c2d4a)"), "System", "no available IPv4 addresses on this network's address pools: mynet (3f0e5b1c2d4a)");
  const p31: IpamPool = { subnet: "10.0.0.0/31", gateway: "10.0.0.0", auxAddresses: {} };
  assert.equal(allocateAddress(p31, none), "10.0.0.1");
  const p32: IpamPool = { subnet: "10.0.0.9/32", auxAddresses: {} };
  assert.equal(allocateAddress(p32, none), "10.0.0.9");
});

test("IPv6: ::1 gateway, ::2 first, never the subnet-router anycast", () => {
  const v6: IpamPool = { subnet: "2001:db8::/64", gateway: "2001:db8::1", auxAddresses: {} };
  assert.equal(allocateAddress(v6, none), "2001:db8::2");
  assert.equal(allocateAddress({ subnet: "2001:db8::/64", auxAddresses: {} }, none), "2001:db8::1");
  fails(() => allocateAddress({ subnet: "2001:db8::/128", auxAddresses: {} }, none), "System", "no available IPv6 addresses on this network's address pools");
  assert.equal(allocateAddress(v6, new Set(["10.0.0.2", "2001:DB8::2"])), "2001:db8::3", "other-family and non-canonical in-use entries");
});

test("requested: honoured inside the subnet, even outside the ip-range", () => {
  const ranged: IpamPool = { subnet: "172.28.0.0/16", ipRange: "172.28.5.0/24", gateway: "172.28.5.254", auxAddresses: {} };
  assert.equal(allocateAddress(ranged, none, "172.28.0.10"), "172.28.0.10");
  assert.equal(allocateAddress({ subnet: "2001:db8::/64", auxAddresses: {} }, none, "2001:DB8::0:5"), "2001:db8::5");
});

test("requested: Docker's texts for outside, taken and malformed", () => {
  const p: IpamPool = { subnet: "10.0.0.0/24", gateway: "10.0.0.1", auxAddresses: { router: "10.0.0.254" } };
  fails(() => allocateAddress(p, none, "10.0.1.5"), "InvalidParameter", "no configured subnet contains IP address 10.0.1.5");
  fails(() => allocateAddress(p, none, "2001:db8::5"), "InvalidParameter", "no configured subnet contains IP address 2001:db8::5");
  for (const taken of ["10.0.0.1", "10.0.0.254", "10.0.0.0", "10.0.0.255", "10.0.0.7"]) {
    fails(() => allocateAddress(p, new Set(["10.0.0.7"]), taken), "Forbidden", "Address already in use");
  }
  fails(() => allocateAddress(p, none, "10.0.0.300"), "InvalidParameter", "invalid IPv4 address: 10.0.0.300");
  fails(() => allocateAddress({ subnet: "fd00::/64", auxAddresses: {} }, none, "fd00::/64"), "InvalidParameter", "invalid IPv6 address: fd00::/64");
  fails(() => allocateAddress({ subnet: "fd00::/64", auxAddresses: {} }, none, "fd00::"), "Forbidden", "Address already in use");
});

test("large ranges cost the number of used addresses, not the range size", () => {
  const big: IpamPool = { subnet: "10.0.0.0/8", gateway: "10.0.0.1", auxAddresses: {} };
  const inUse = new Set(Array.from({ length: 20_000 }, (_, i) => formatAddr({ family: 4, value: (10n << 24n) + 2n + BigInt(i) })));
  const v6: IpamPool = { subnet: "fd00::/64", gateway: "fd00::1", auxAddresses: {} };
  const t0 = performance.now();
  assert.equal(allocateAddress(big, inUse), "10.0.78.34");
  assert.equal(allocateAddress(v6, new Set(["fd00::2", "fd00::ffff:ffff:ffff:ffff"])), "fd00::3");
  const fullRange: IpamPool = { subnet: "10.0.0.0/8", ipRange: "10.1.0.0/20", auxAddresses: {} };
  const fullSet = new Set(Array.from({ length: 4096 }, (_, i) => formatAddr({ family: 4, value: (10n << 24n) + (1n << 16n) + BigInt(i) })));
  fails(() => allocateAddress(fullRange, fullSet), "System", "no available IPv4 addresses on this network's address pools");
  assert.ok(performance.now() - t0 < 1000, `took ${performance.now() - t0} ms`);
});

test("lowestFree and noAvailableAddresses", () => {
  assert.equal(lowestFree(5n, 9n, [5n, 6n, 6n, 8n, 100n, 1n]), 7n);
  assert.equal(lowestFree(5n, 6n, [6n, 5n]), undefined);
  assert.equal(lowestFree(0n, 0n, []), 0n);
  const e = noAvailableAddresses(6, "n (id)");
  assert.equal(e.kind, "System");
  assert.equal(e.message, "no available IPv6 addresses on this network's address pools: n (id)");
});
