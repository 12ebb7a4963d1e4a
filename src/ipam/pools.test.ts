import { test } from "node:test";
import assert from "node:assert/strict";
import { formatPrefix } from "../lib/ip.js";
import { DEFAULT_V4_POOLS, candidateSubnets, ulaPool, type AddressPool } from "./pools.js";

function take<T>(it: Iterable<T>, n: number): T[] {
  const out: T[] = [];
  for (const x of it) {
    if (out.length >= n) break;
    out.push(x);
  }
  return out;
}

test("default IPv4 pools offer Docker's 31 subnets in order", () => {
  const all = [...candidateSubnets(DEFAULT_V4_POOLS, 4)].map(formatPrefix);
  assert.equal(all.length, 31);
  assert.deepEqual(all.slice(0, 15), Array.from({ length: 15 }, (_, i) => `172.${17 + i}.0.0/16`));
  assert.deepEqual(all.slice(15), Array.from({ length: 16 }, (_, i) => `192.168.${i * 16}.0/20`));
  assert.equal([...candidateSubnets(DEFAULT_V4_POOLS, 6)].length, 0);
});

test("ULA pool: fd + 40 bits of SHA-256(hostId), /48 in /64s", () => {
  // sha256("myhost") = a5638e33 1e759fd4 ...: the low 40 bits of the first 8 bytes are 331e759fd4.
  assert.deepEqual({ ...ulaPool("myhost") }, { base: "fd33:1e75:9fd4::/48", size: 64 });
  assert.deepEqual(ulaPool("myhost"), ulaPool("myhost"));
  assert.notEqual(ulaPool("myhost").base, ulaPool("otherhost").base);
  const first = take(candidateSubnets([ulaPool("myhost")], 6), 3).map(formatPrefix);
  assert.deepEqual(first, ["fd33:1e75:9fd4::/64", "fd33:1e75:9fd4:1::/64", "fd33:1e75:9fd4:2::/64"]);
});

test("candidate subnets skip pools of the other family, unparsable or unsplittable pools", () => {
  const pools: AddressPool[] = [
    { base: "10.0.0.0/30", size: 31 },
    { base: "garbage", size: 24 },
    { base: "10.1.0.0/24", size: 16 },
    { base: "fd00::/64", size: 64 },
    { base: "10.2.0.5/31", size: 32 },
  ];
  assert.deepEqual([...candidateSubnets(pools, 4)].map(formatPrefix), ["10.0.0.0/31", "10.0.0.2/31", "10.2.0.4/32", "10.2.0.5/32"]);
  assert.deepEqual([...candidateSubnets(pools, 6)].map(formatPrefix), ["fd00::/64"]);
});
