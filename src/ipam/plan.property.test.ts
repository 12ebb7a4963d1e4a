import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { isBerthError } from "../lib/errors.js";
import { canonical, containsAddr, formatPrefix, mustAddr, mustPrefix, overlaps, type Prefix } from "../lib/ip.js";
import type { IpamPoolRequest } from "../model/network.js";
import { POOLS_EXHAUSTED, POOL_OVERLAPS, planPools } from "./plan.js";
import { candidateSubnets, type AddressPool } from "./pools.js";
import { reservedAddresses } from "./allocator.js";

// Small pools so that sequences reach exhaustion: 10.0.0.0/22 in /24s, 10.0.4.0/23 in /25s,
// and a ULA-like /60 in /64s.
const pools4: AddressPool[] = [
  { base: "10.0.0.0/22", size: 24 },
  { base: "10.0.4.0/23", size: 25 },
];
const pools6: AddressPool[] = [{ base: "fd00:0:0:10::/62", size: 64 }];

type Step =
  | { kind: "auto"; v4: boolean; v6: boolean }
  | { kind: "user"; octet: number; bits: number }
  | { kind: "delete"; index: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant("auto" as const), v4: fc.boolean(), v6: fc.boolean() }),
  fc.record({ kind: fc.constant("user" as const), octet: fc.integer({ min: 0, max: 7 }), bits: fc.integer({ min: 23, max: 26 }) }),
  fc.record({ kind: fc.constant("delete" as const), index: fc.nat() }),
);
// Host prefixes to avoid: a few /27s or bare addresses inside the pools' space.
const reservedArb = fc.array(
  fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 255 }), fc.boolean()).map(([o3, o4, bare]) =>
    bare ? `10.0.${o3}.${o4}` : `10.0.${o3}.${o4 & 0xe0}/27`,
  ),
  { maxLength: 4 },
);

const asPrefix = (t: string): Prefix => mustPrefix(t.includes("/") ? t : `${t}/32`);

function checkPool(subnet: Prefix, gateway: string | undefined): void {
  assert.ok(gateway !== undefined);
  const g = mustAddr(gateway);
  assert.ok(containsAddr(subnet, g), `gateway ${gateway} inside ${formatPrefix(subnet)}`);
  assert.ok(!reservedAddresses(subnet).includes(g.value), `gateway ${gateway} not a reserved address`);
}

/** Runs one step against the current `taken`, checking every outcome; returns the new subnets. */
function runStep(s: Step, taken: string[], reserved: readonly string[]): string[] {
  if (s.kind === "delete") {
    if (taken.length > 0) taken.splice(s.index % taken.length, 1);
    return [];
  }
  const requests: IpamPoolRequest[] = s.kind === "user" ? [{ subnet: formatPrefix(canonical({ family: 4, addr: (10n << 24n) | (BigInt(s.octet) << 8n), bits: s.bits })) }] : [];
  const input = {
    requests,
    enableIPv4: s.kind === "user" || s.v4,
    enableIPv6: s.kind === "auto" && s.v6,
    taken,
    reserved,
    pools4,
    pools6,
  };
  const takenP = taken.map(asPrefix);
  let out;
  try {
    out = planPools(input);
  } catch (e) {
    if (isBerthError(e, "Forbidden") && e.message === POOL_OVERLAPS) {
      const req = mustPrefix(requests[0]?.subnet ?? "");
      assert.ok(takenP.some((t) => overlaps(t, req)), "refused only when overlapping");
      return [];
    }
    assert.ok(isBerthError(e, "InvalidParameter") && e.message === POOLS_EXHAUSTED, `unexpected ${String(e)}`);
    // Exhaustion is claimed only when some enabled family truly has no free candidate.
    const blockers = [...takenP, ...reserved.map(asPrefix)];
    const hasFree = (pools: AddressPool[], f: 4 | 6): boolean => [...candidateSubnets(pools, f)].some((c) => !blockers.some((b) => overlaps(b, c)));
    assert.ok((input.enableIPv4 && !hasFree(pools4, 4)) || (input.enableIPv6 && !hasFree(pools6, 6)));
    return [];
  }
  const subnets = out.map((p) => mustPrefix(p.subnet));
  for (const [i, p] of out.entries()) {
    const sub = subnets[i] as Prefix;
    assert.equal(p.subnet, formatPrefix(sub));
    checkPool(sub, p.gateway);
    assert.ok(!takenP.some((t) => overlaps(t, sub)), `${p.subnet} overlaps an existing subnet`);
    if (s.kind === "auto") assert.ok(!reserved.map(asPrefix).some((r) => overlaps(r, sub)), `${p.subnet} overlaps reserved`);
    else assert.equal(p.subnet, requests[0]?.subnet);
  }
  return out.map((p) => p.subnet);
}

test("property: repeated plans never overlap each other, existing or reserved subnets", () => {
  fc.assert(
    fc.property(fc.array(step, { minLength: 1, maxLength: 25 }), reservedArb, (steps, reserved) => {
      const taken: string[] = [];
      for (const s of steps) taken.push(...runStep(s, taken, reserved));
      const all = taken.map(asPrefix);
      for (let i = 0; i < all.length; i++) {
        for (let j = i + 1; j < all.length; j++) assert.ok(!overlaps(all[i] as Prefix, all[j] as Prefix), `${taken[i]} vs ${taken[j]}`);
      }
    }),
    { numRuns: 300 },
  );
});

test("property: auto-selection takes the lowest free candidate", () => {
  fc.assert(
    fc.property(fc.subarray([...candidateSubnets(pools4, 4)].map(formatPrefix)), reservedArb, (taken, reserved) => {
      const blockers = [...taken, ...reserved].map(asPrefix);
      const expected = [...candidateSubnets(pools4, 4)].find((c) => !blockers.some((b) => overlaps(b, c)));
      let got: string | undefined;
      try {
        got = planPools({ requests: [], enableIPv4: true, enableIPv6: false, taken, reserved, pools4, pools6 })[0]?.subnet;
      } catch (e) {
        assert.ok(isBerthError(e, "InvalidParameter"));
      }
      assert.equal(got, expected ? formatPrefix(expected) : undefined);
    }),
    { numRuns: 300 },
  );
});
