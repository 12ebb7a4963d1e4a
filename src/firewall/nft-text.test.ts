import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { chainKeys, COMMENT_MAX, globalComment, ifname, netComment, valueOrSet } from "./nft-text.js";
import type { FirewallNetwork } from "./state.js";

const net = (id: string, name = "n"): FirewallNetwork => ({
  id,
  name,
  bridge: "br-x",
  subnets4: [],
  subnets6: [],
  masquerade: true,
  icc: true,
  internal: false,
});

test("ifname quotes valid names and refuses ones nft cannot express", () => {
  assert.equal(ifname("br-3f0e5b1c2d4a"), '"br-3f0e5b1c2d4a"');
  assert.equal(ifname("docker0"), '"docker0"');
  assert.equal(ifname("a.b_c@d"), '"a.b_c@d"');
  for (const bad of ["", 'br"x', "br-*", "br\\x", "br x", "br/x", "br:x", "br\nx", "abcdefghijklmnop", "brü"]) {
    assert.throws(() => ifname(bad), { name: "BerthError" }, JSON.stringify(bad));
  }
});

test("netComment names the network by name and 12-char id", () => {
  const id = "3f0e5b1c2d4a7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f";
  assert.equal(netComment(net(id, "mynet"), "masquerade"), 'comment "berth net mynet (3f0e5b1c2d4a): masquerade"');
  assert.equal(globalComment("dispatch"), 'comment "berth: dispatch"');
});

test("a long network name is shortened; the id and purpose survive the 128-byte limit", () => {
  const c = netComment(net("3f0e5b1c2d4a7e8f", "n".repeat(300)), "masquerade 10.0.0.0/8");
  const text = /^comment "(.*)"$/.exec(c)?.[1] ?? "";
  assert.equal(text.length, COMMENT_MAX);
  assert.ok(text.endsWith("... (3f0e5b1c2d4a): masquerade 10.0.0.0/8"), text);
});

test("comments are always printable ASCII, quote-free and within the limit (property)", () => {
  fc.assert(
    fc.property(fc.string({ unit: "binary", maxLength: 400 }), fc.string({ unit: "binary", maxLength: 200 }), (name, what) => {
      for (const c of [netComment(net("abc", name), what), globalComment(what)]) {
        const m = /^comment "([\x20-\x21\x23-\x5b\x5d-\x7e]*)"$/.exec(c);
        assert.ok(m, c);
        assert.ok((m[1] ?? "").length <= COMMENT_MAX);
      }
    }),
  );
});

test("valueOrSet writes one value bare and several as an anonymous set", () => {
  assert.equal(valueOrSet(["10.0.0.0/8"]), "10.0.0.0/8");
  assert.equal(valueOrSet(["10.0.0.0/8", "192.168.0.0/16"]), "{ 10.0.0.0/8, 192.168.0.0/16 }");
});

test("chainKeys: 12-char prefixes, lengthened only on a shared prefix, always distinct", () => {
  const a = "aaaaaaaaaaaa1111";
  const b = "aaaaaaaaaaaa2222";
  const c = "bbbbbbbbbbbb0000";
  assert.deepEqual(chainKeys([net(a), net(c)]), ["aaaaaaaaaaaa", "bbbbbbbbbbbb"]);
  assert.deepEqual(chainKeys([net(a), net(b), net(c)]), ["aaaaaaaaaaaa1", "aaaaaaaaaaaa2", "bbbbbbbbbbbb"]);
  assert.deepEqual(chainKeys([net(a), net(a)]), ["aaaaaaaaaaaa1111", "aaaaaaaaaaaa1111_1"]);
  assert.deepEqual(chainKeys([net("AB:cd")]), ["ab_cd"]);
});

test("chainKeys are valid nft identifiers and unique (property)", () => {
  fc.assert(
    fc.property(fc.array(fc.string({ maxLength: 20 }), { maxLength: 8 }), (ids) => {
      const keys = chainKeys(ids.map((id) => net(id)));
      assert.equal(new Set(keys).size, ids.length);
      for (const k of keys) assert.match(`net-${k}-from`, /^[a-z][a-z0-9_-]*$/);
    }),
  );
});
