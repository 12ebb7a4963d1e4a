import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { isBerthError } from "../lib/errors.js";
import { clearDefaultLines, dockerStyleMac, generateVethName, insideLines, legacyDockerMac, validateUnicastMac, VETH_NAME, vethAddLine } from "./veth.js";

const firstOctet = (mac: string): number => parseInt(mac.slice(0, 2), 16);

test("generateVethName: veth + 7 hex, and not the same twice in a row", () => {
  const seen = new Set<string>();
  for (let i = 0; i < 200; i++) {
    const n = generateVethName();
    assert.match(n, VETH_NAME);
    assert.equal(n.length, 11);
    seen.add(n);
  }
  assert.ok(seen.size > 190, `only ${seen.size} distinct names in 200`);
});

test("dockerStyleMac: random, unicast, locally administered (Docker >= 28), IPv4 or not", () => {
  const macs = new Set<string>();
  for (const ip of [undefined, "172.17.0.2"]) {
    for (let i = 0; i < 100; i++) {
      const m = dockerStyleMac(ip);
      assert.match(m, /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);
      assert.equal(firstOctet(m) & 0x03, 0x02, m);
      macs.add(m);
    }
  }
  assert.ok(macs.size > 195);
});

test("legacyDockerMac: 02:42 and the IPv4 bytes; dockerStyleMac 'legacy' falls back to random without IPv4", () => {
  assert.equal(legacyDockerMac("172.17.0.2"), "02:42:ac:11:00:02");
  assert.equal(dockerStyleMac("10.255.0.16", "legacy"), "02:42:0a:ff:00:10");
  assert.equal(firstOctet(dockerStyleMac(undefined, "legacy")) & 0x03, 0x02);
  for (const bad of ["fd00::1", "bogus", "10.0.0.1/8"]) assert.throws(() => legacyDockerMac(bad), (e: unknown) => isBerthError(e, "InvalidParameter"));
  fc.assert(fc.property(fc.ipV4(), (ip) => {
    const m = legacyDockerMac(ip);
    return m.startsWith("02:42:") && m.slice(6).split(":").map((h) => parseInt(h, 16)).join(".") === ip;
  }));
});

test("validateUnicastMac: lower-cases; refuses multicast, zero and malformed", () => {
  assert.equal(validateUnicastMac("02:AB:cd:00:00:01"), "02:ab:cd:00:00:01");
  for (const bad of ["01:00:5e:00:00:01", "ff:ff:ff:ff:ff:ff", "00:00:00:00:00:00", "02:00:00:00:00", "02-00-00-00-00-01", "02:00:00:00:00:0g"]) {
    assert.throws(() => validateUnicastMac(bad), (e: unknown) => isBerthError(e, "InvalidParameter"), bad);
  }
});

test("batch lines: the pair in one line; inside: up, addresses (IPv6 nodad), routes; clearing never fails", () => {
  assert.deepEqual(vethAddLine({ hostVeth: "veth0000001", bridge: "br0", sandboxPath: "/run/netns/sb", ifname: "eth1", mac: "02:00:00:00:00:01" }).join(" "),
    "link add name veth0000001 up master br0 type veth peer name eth1 address 02:00:00:00:00:01 netns /run/netns/sb");
  assert.deepEqual(insideLines({ ifname: "eth1", addresses: ["10.0.0.2/24", "fd00::2/64"], defaultGateway6: "fd00::1" }).map((l) => l.join(" ")), [
    "link set dev eth1 up", "address add 10.0.0.2/24 dev eth1", "address add fd00::2/64 dev eth1 nodad", "route replace default via fd00::1 dev eth1",
  ]);
  assert.deepEqual(clearDefaultLines(4).map((l) => l.join(" ")), ["route replace unreachable 0.0.0.0/0", "route del unreachable 0.0.0.0/0"]);
});
