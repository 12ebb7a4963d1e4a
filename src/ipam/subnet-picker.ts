/**
 * Auto-selection of a subnet (spec §2.4): walk the pools in order and take the lowest
 * candidate that overlaps no blocker (existing networks, host on-link routes, nameservers).
 */
import { familyBits, lastAddr, overlaps, type Family, type Prefix } from "../lib/ip.js";
import { poolBase, type AddressPool } from "./pools.js";

/**
 * Same order as `candidateSubnets`, but skips past a whole blocker at once, so the cost is
 * O(pools + blockers) candidate checks rather than the pool's size (a /8 split into /30s is
 * four million candidates).
 */
export function findFreeSubnet(
  pools: readonly AddressPool[],
  family: Family,
  blockers: readonly Prefix[],
): Prefix | undefined {
  const relevant = blockers.filter((b) => b.family === family);
  for (const p of pools) {
    const b = poolBase(p, family);
    if (!b) continue;
    const step = 1n << BigInt(familyBits(family) - b.size);
    const end = lastAddr(b.base);
    let addr = b.base.addr;
    while (addr <= end) {
      const candidate: Prefix = { family, addr, bits: b.size };
      const blocker = relevant.find((x) => overlaps(x, candidate));
      if (!blocker) return candidate;
      // The next aligned candidate past the blocker (at least the next candidate).
      const past = lastAddr(blocker) + 1n;
      const aligned = ((past + step - 1n) / step) * step;
      addr = aligned > addr ? aligned : addr + step;
    }
  }
  return undefined;
}

