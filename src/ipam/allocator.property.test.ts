import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { isBerthError } from "../lib/errors.js";
import { canonical, familyBits, formatAddr, formatPrefix, lastAddr, mustAddr, networkAddr, type Family, type Prefix } from "../lib/ip.js";
import type { IpamPool } from "../model/network.js";
import { allocateAddress } from "./allocator.js";

/** A random pool small enough to check by brute force: subnet, optional range, gateway, aux. */
interface Scenario {
  readonly pool: IpamPool;
  readonly subnet: Prefix;
  readonly span: Prefix; // ip-range, else subnet
  readonly forbidden: ReadonlySet<bigint>; // network/broadcast/anycast, gateway, aux
}

function scenario(family: Family, hostBits: number, rangeBits: number, offsets: number[], withRange: boolean, withGateway: boolean): Scenario {
  const fb = familyBits(family);
  const top = family === 4 ? 10n << 24n : 0xfd00n << 112n;
  const subnet = canonical({ family, addr: top | (BigInt(offsets[0] ?? 0) << BigInt(hostBits)), bits: fb - hostBits });
  const size = 1n << BigInt(hostBits);
  const at = (o: number): bigint => networkAddr(subnet) + (BigInt(o) % size);
  const span = withRange ? canonical({ family, addr: at(offsets[1] ?? 0), bits: Math.min(fb, subnet.bits + rangeBits) }) : subnet;
  const text = (v: bigint): string => formatAddr({ family, value: v });
  const reserved = family === 6 ? [networkAddr(subnet)] : subnet.bits >= 31 ? [] : [networkAddr(subnet), lastAddr(subnet)];
  const gateway = withGateway ? at(offsets[2] ?? 1) : undefined;
  const aux = offsets.slice(3).map(at);
  const pool: IpamPool = {
    subnet: formatPrefix(subnet),
    ...(withRange ? { ipRange: formatPrefix(span) } : {}),
    ...(gateway !== undefined ? { gateway: text(gateway) } : {}),
    auxAddresses: Object.fromEntries(aux.map((a, i) => [`aux${i}`, text(a)])),
  };
  return { pool, subnet, span, forbidden: new Set([...reserved, ...(gateway !== undefined ? [gateway] : []), ...aux]) };
}

const scenarioArb = fc
  .record({
    family: fc.constantFrom<Family>(4, 6),
    hostBits: fc.integer({ min: 0, max: 7 }),
    rangeBits: fc.integer({ min: 0, max: 4 }),
    offsets: fc.array(fc.nat({ max: 1000 }), { minLength: 3, maxLength: 6 }),
    withRange: fc.boolean(),
    withGateway: fc.boolean(),
  })
  .map((r) => scenario(r.family, r.hostBits, r.rangeBits, r.offsets, r.withRange, r.withGateway));

type Op = { kind: "alloc" } | { kind: "release"; index: number } | { kind: "request"; offset: number };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.constant({ kind: "alloc" as const }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant("release" as const), index: fc.nat() }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("request" as const), offset: fc.integer({ min: -2, max: 140 }) }), weight: 2 },
);

/** The reference answer: scan the whole span. */
function bruteLowest(s: Scenario, inUse: ReadonlySet<bigint>): bigint | undefined {
  for (let v = networkAddr(s.span); v <= lastAddr(s.span); v++) if (!s.forbidden.has(v) && !inUse.has(v)) return v;
  return undefined;
}

function doAlloc(s: Scenario, inUse: Map<bigint, string>): void {
  const expected = bruteLowest(s, new Set(inUse.keys()));
  try {
    const got = mustAddr(allocateAddress(s.pool, new Set(inUse.values())));
    assert.equal(got.value, expected, "lowest free address of the span");
    assert.ok(!s.forbidden.has(got.value) && !inUse.has(got.value));
    inUse.set(got.value, formatAddr(got));
    // Release-then-allocate hands the same address out again.
    inUse.delete(got.value);
    assert.equal(allocateAddress(s.pool, new Set(inUse.values())), formatAddr(got));
    inUse.set(got.value, formatAddr(got));
  } catch (e) {
    if (!isBerthError(e, "System")) throw e;
    assert.equal(expected, undefined, "full only when nothing is free");
  }
}

function doRequest(s: Scenario, inUse: Map<bigint, string>, offset: number): void {
  const value = networkAddr(s.subnet) + BigInt(offset);
  const text = formatAddr({ family: s.subnet.family, value });
  const inside = value >= networkAddr(s.subnet) && value <= lastAddr(s.subnet);
  try {
    const got = allocateAddress(s.pool, new Set(inUse.values()), text);
    assert.ok(inside && !s.forbidden.has(value) && !inUse.has(value), `granted ${text}`);
    assert.equal(got, text);
    inUse.set(value, got);
  } catch (e) {
    if (!inside) assert.ok(isBerthError(e, "InvalidParameter"), String(e));
    else assert.ok(isBerthError(e, "Forbidden") && (s.forbidden.has(value) || inUse.has(value)), String(e));
  }
}

test("property: allocations are unique, never reserved/gateway/aux, lowest first, and round-trip", () => {
  fc.assert(
    fc.property(scenarioArb, fc.array(opArb, { maxLength: 60 }), (s, ops) => {
      const inUse = new Map<bigint, string>();
      for (const op of ops) {
        if (op.kind === "alloc") doAlloc(s, inUse);
        else if (op.kind === "request") doRequest(s, inUse, op.offset);
        else if (inUse.size > 0) inUse.delete([...inUse.keys()][op.index % inUse.size] as bigint);
      }
      for (const v of inUse.keys()) assert.ok(!s.forbidden.has(v));
    }),
    { numRuns: 400 },
  );
});
