import { test } from "node:test";
import assert from "node:assert/strict";
import { isBerthError } from "../lib/errors.js";
import { addrAdd, ifaceSysctl, normalizeCidr, parseLinks, randomMac, validateBridgeSpec, validateLinkName } from "./links.js";

/** `ip -j -d address show` from a namespace with lo, a bridge with IPv4+IPv6, and a veth pair (one end a port). */
const ADDR_SHOW = JSON.parse(String.raw`[{"ifindex": 1, "ifname": "lo", "flags": ["LOOPBACK", "UP", "LOWER_UP"], "mtu": 65536, "address": "00:00:00:00:00:00", "addr_info": [{"family": "inet", "local": "127.0.0.1", "prefixlen": 8, "scope": "host"}, {"family": "inet6", "local": "::1", "prefixlen": 128, "scope": "host"}]}, {"ifindex": 2, "ifname": "br-x", "flags": ["NO-CARRIER", "BROADCAST", "MULTICAST", "UP"], "mtu": 1500, "address": "02:42:0a:00:00:01", "linkinfo": {"info_kind": "bridge"}, "ifalias": "berth:n1", "addr_info": [{"family": "inet", "local": "10.0.0.1", "prefixlen": 24, "scope": "global"}, {"family": "inet6", "local": "fd00:1::1", "prefixlen": 64, "scope": "global", "nodad": true}, {"family": "inet6", "local": "fe80::42:aff:fe00:1", "prefixlen": 64, "scope": "link"}]}, {"ifindex": 3, "ifname": "veth1", "flags": ["BROADCAST", "MULTICAST", "M-DOWN"], "mtu": 1500, "address": "26:fe:3f:12:9b:ba", "linkinfo": {"info_kind": "veth"}, "addr_info": []}, {"ifindex": 4, "ifname": "veth0", "flags": ["BROADCAST", "MULTICAST", "M-DOWN"], "mtu": 1500, "master": "br-x", "address": "e2:38:ef:fd:73:cc", "linkinfo": {"info_kind": "veth", "info_slave_kind": "bridge"}, "addr_info": []}]`) as unknown;

test("parseLinks: kind, up, alias, master, MAC and global addresses only", () => {
  const links = parseLinks(ADDR_SHOW);
  assert.deepEqual(links.map((l) => [l.name, l.index, l.kind, l.up, l.master]), [
    ["lo", 1, "", true, ""],
    ["br-x", 2, "bridge", true, ""],
    ["veth1", 3, "veth", false, ""],
    ["veth0", 4, "veth", false, "br-x"],
  ]);
  const br = links[1];
  assert.deepEqual([br?.alias, br?.mac, br?.mtu, br?.addresses], ["berth:n1", "02:42:0a:00:00:01", 1500, ["10.0.0.1/24", "fd00:1::1/64"]]);
  assert.deepEqual(links[0]?.addresses, []);
});

test("parseLinks: tolerates missing fields and skips entries without a name or index", () => {
  assert.deepEqual(parseLinks([{ ifname: "x" }, { ifindex: 7, ifname: "y" }, 3, null]), [
    { name: "y", index: 7, kind: "", mtu: 0, up: false, alias: "", master: "", mac: "", addresses: [] },
  ]);
  assert.throws(() => parseLinks({}), (e: unknown) => isBerthError(e, "System"));
});

test("validateLinkName: the kernel's rules", () => {
  for (const ok of ["br-0123456789a", "docker0", "a", "br.100", "x@y", "ä-123456789012"]) assert.equal(validateLinkName(ok), ok);
  for (const bad of ["", ".", "..", "br-0123456789abc", "a/b", "a b", "a:b", "a#b", "a'b", "ä-1234567890123"]) {
    assert.throws(() => validateLinkName(bad), (e: unknown) => isBerthError(e, "InvalidParameter"), bad);
  }
});

test("validateBridgeSpec: normalizes and deduplicates addresses, lower-cases the MAC", () => {
  const spec = validateBridgeSpec({ name: "br-1", alias: "berth:1", addresses: ["fd00:0:0::1/64", "10.0.0.1/8", "fd00::1/64"], ipv6: true, mac: "02:AB:00:00:00:01", mtu: 9000 });
  assert.deepEqual(spec, { name: "br-1", alias: "berth:1", addresses: ["fd00::1/64", "10.0.0.1/8"], ipv6: true, mac: "02:ab:00:00:00:01", mtu: 9000 });
  assert.ok(!("mtu" in validateBridgeSpec({ name: "b", alias: "", addresses: [], ipv6: false })));
  const bad = [
    { mtu: 67 }, { mtu: 65536 }, { mtu: 1500.5 }, { addresses: ["10.0.0.1/33"] }, { addresses: ["fd00::1/64"] },
    { mac: "03:00:00:00:00:01" }, { mac: "00:00:00:00:00:00" }, { mac: "02:00:00:00:01" }, { alias: "x".repeat(256) },
  ];
  for (const b of bad) {
    assert.throws(() => validateBridgeSpec({ name: "b", alias: "", addresses: [], ipv6: false, ...b }), (e: unknown) => isBerthError(e, "InvalidParameter"), JSON.stringify(b));
  }
});

test("randomMac: unicast, locally administered, random", () => {
  const macs = new Set(Array.from({ length: 50 }, randomMac));
  assert.equal(macs.size, 50);
  for (const m of macs) {
    assert.match(m, /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);
    assert.equal(parseInt(m.slice(0, 2), 16) & 3, 2);
  }
});

test("batch lines and per-interface sysctl keys", () => {
  assert.deepEqual(addrAdd("b", "fd00::1/64"), ["address", "add", "fd00::1/64", "dev", "b", "nodad"]);
  assert.deepEqual(addrAdd("b", "10.0.0.1/24"), ["address", "add", "10.0.0.1/24", "dev", "b"]);
  assert.equal(ifaceSysctl("ipv6", "br.100", "accept_ra"), "net.ipv6.conf.br/100.accept_ra");
  assert.equal(normalizeCidr("FD00:0::A/64"), "fd00::a/64");
});
