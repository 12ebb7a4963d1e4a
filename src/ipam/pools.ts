/**
 * Address pools the subnet picker draws from (spec §2.4): Docker's local-scope defaults for
 * IPv4, a host-derived ULA /48 for IPv6, and the ordered enumeration of candidate subnets.
 */
import { createHash } from "node:crypto";
import { canonical, familyBits, formatPrefix, lastAddr, parsePrefix, type Family, type Prefix } from "../lib/ip.js";

/** A base prefix split into subnets of `/size` (Docker's `{"base","size"}`). */
export interface AddressPool {
  readonly base: string;
  readonly size: number;
}

const pool = (base: string, size: number): AddressPool => Object.freeze({ base, size });

/** Docker's `localScopeDefaultNetworks`: 15 /16s in 172.17-172.31 plus 16 /20s in 192.168/16. */
export const DEFAULT_V4_POOLS: readonly AddressPool[] = Object.freeze([
  pool("172.17.0.0/16", 16),
  pool("172.18.0.0/16", 16),
  pool("172.19.0.0/16", 16),
  pool("172.20.0.0/14", 16),
  pool("172.24.0.0/14", 16),
  pool("172.28.0.0/14", 16),
  pool("192.168.0.0/16", 20),
]);

const MASK_40 = (1n << 40n) - 1n;

/**
 * The host's ULA pool, derived as Docker does (`deriveULABaseNetwork`): the 40 least
 * significant bits of the first 8 bytes (big-endian) of SHA-256(hostId) become the Global ID
 * after `fd`, giving a /48 split into /64s.
 */
export function ulaPool(hostId: string): AddressPool {
  const digest = createHash("sha256").update(hostId, "utf8").digest();
  const gid = digest.readBigUInt64BE(0) & MASK_40;
  const addr = (0xfdn << 120n) | (gid << 80n);
  return pool(formatPrefix({ family: 6, addr, bits: 48 }), 64);
}

/**
 * A pool's canonical base and the prefix length of its subnets, or undefined when the pool is
 * of the other family, unparsable, or cannot be split into `/size` (size shorter than the base).
 */
export function poolBase(p: AddressPool, family: Family): { base: Prefix; size: number } | undefined {
  const parsed = parsePrefix(p.base);
  const size = p.size;
  if (!parsed || parsed.family !== family) return undefined;
  if (!Number.isInteger(size) || size < parsed.bits || size > familyBits(family)) return undefined;
  return { base: canonical(parsed), size };
}

/**
 * Every subnet the pools offer for `family`, in pool order and ascending within a pool.
 * Lazy: a ULA /48 split into /64s has 65,536 candidates.
 */
export function* candidateSubnets(pools: readonly AddressPool[], family: Family): Generator<Prefix, void, undefined> {
  for (const p of pools) {
    const b = poolBase(p, family);
    if (!b) continue;
    const step = 1n << BigInt(familyBits(family) - b.size);
    const end = lastAddr(b.base);
    for (let addr = b.base.addr; addr <= end; addr += step) yield { family, addr, bits: b.size };
  }
}
