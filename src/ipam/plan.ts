/**
 * IPAM pool allocation for a new network, step 7 of `POST /networks/create` (spec §1.6, §2.4):
 * user subnets are checked for overlap, missing families are auto-picked from the pools, and
 * every pool gets its gateway and auxiliary addresses reserved.
 *
 * Deliberate differences from Docker (both only turn a Docker failure or hazard into safety):
 * - Docker skips the overlap check of a user subnet when an ip-range is given (moby#46756);
 *   Berth always refuses an overlapping subnet, as overlapping bridges break routing.
 * - Docker picks the default gateway before reserving aux addresses, so an aux address at the
 *   would-be gateway (`.1`) fails the create with 500; Berth's default gateway skips aux
 *   addresses. An explicit gateway equal to an aux address still fails as in Docker.
 *
 * Requests of a disabled family are ignored (validation already drops IPv6 ones when IPv6 is
 * off; the same is done for IPv4 when `enableIPv4` is false).
 */
import { forbidden, invalidParameter, systemError } from "../lib/errors.js";
import {
  canonical,
  containsAddr,
  familyBits,
  formatAddr,
  formatPrefix,
  lastAddr,
  networkAddr,
  overlaps,
  parseAddr,
  parsePrefix,
  type Family,
  type Prefix,
} from "../lib/ip.js";
import type { IpamPool, IpamPoolRequest } from "../model/network.js";
import { lowestFree, reservedAddresses } from "./allocator.js";
import type { AddressPool } from "./pools.js";
import { findFreeSubnet } from "./subnet-picker.js";

export interface PlanInput {
  /** Already passed `validateIpamRequest`. */
  readonly requests: readonly IpamPoolRequest[];
  readonly enableIPv4: boolean;
  readonly enableIPv6: boolean;
  /** Subnets of all existing networks (any family). */
  readonly taken: readonly string[];
  /** Host on-link routes and nameserver addresses (prefixes or bare addresses) to avoid when auto-picking. */
  readonly reserved: readonly string[];
  readonly pools4: readonly AddressPool[];
  readonly pools6: readonly AddressPool[];
}

export const POOL_OVERLAPS = "invalid pool request: Pool overlaps with other one on this address space";
export const POOLS_EXHAUSTED = "all predefined address pools have been fully subnetted";

/**
 * A prefix or a bare address (as a host prefix), canonical. These come from the store and the
 * host, so anything else is a bug upstream: fail loudly rather than risk an overlapping subnet.
 */
function blocker(text: string): Prefix {
  const p = parsePrefix(text);
  if (p) return canonical(p);
  const a = parseAddr(text);
  if (a) return { family: a.family, addr: a.value, bits: familyBits(a.family) };
  throw new Error(`IPAM plan: not a prefix or address: ${text}`);
}

/** Docker's 500 when the gateway or an aux address hits an address already reserved. */
const alreadyInUse = (what: string, detail: string): never => {
  throw systemError(`${what} (${detail}): Address already in use`);
};

/** Gateway and aux addresses of one pool; see the file comment for the default gateway. */
function buildPool(subnet: Prefix, req: IpamPoolRequest): IpamPool {
  const family = subnet.family;
  const reserved = new Set(reservedAddresses(subnet));
  const auxIn = Object.entries(req.auxAddresses ?? {}).map(([k, v]) => ({ k, v, a: parseAddr(v) }));
  const range = req.ipRange ? canonical(mustParse(req.ipRange)) : undefined;
  let gateway: bigint;
  if (req.gateway) {
    const g = parseAddr(req.gateway);
    if (!g || !containsAddr(subnet, g)) throw invalidParameter("default gateway ip must be part of the network");
    if (reserved.has(g.value)) alreadyInUse("failed to allocate gateway", req.gateway);
    gateway = g.value;
  } else {
    const span = range ?? subnet;
    const free = lowestFree(networkAddr(span), lastAddr(span), [...reserved, ...auxIn.flatMap((x) => (x.a ? [x.a.value] : []))]);
    if (free === undefined) throw systemError("failed to allocate gateway (): no available addresses on this pool");
    gateway = free;
  }
  const auxAddresses: Record<string, string> = {};
  const used = new Set([...reserved, gateway]);
  for (const { k, v, a } of auxIn) {
    if (!a || !containsAddr(subnet, a)) {
      throw forbidden(`auxiliary address: (${k}:${v}) must belong to the master pool: ${formatPrefix(subnet)}`);
    }
    if (used.has(a.value)) alreadyInUse("failed to allocate secondary ip address", `${k}:${v}`);
    used.add(a.value);
    auxAddresses[k] = formatAddr(a);
  }
  const pool: IpamPool = { subnet: formatPrefix(subnet), gateway: formatAddr({ family, value: gateway }), auxAddresses };
  return range ? { ...pool, ipRange: formatPrefix(range) } : pool;
}

function mustParse(text: string): Prefix {
  const p = parsePrefix(text);
  if (!p) throw invalidParameter(`invalid CIDR address: ${text}`);
  return p;
}

/** User subnets of `family`, each checked against everything taken so far (which it joins). */
function planRequested(requests: readonly IpamPoolRequest[], taken: Prefix[]): IpamPool[] {
  return requests.map((req) => {
    const subnet = canonical(mustParse(req.subnet ?? ""));
    if (taken.some((t) => overlaps(t, subnet))) throw forbidden(POOL_OVERLAPS);
    taken.push(subnet);
    return buildPool(subnet, req);
  });
}

function planAuto(pools: readonly AddressPool[], family: Family, taken: Prefix[], reserved: readonly Prefix[]): IpamPool {
  const subnet = findFreeSubnet(pools, family, [...taken, ...reserved]);
  if (!subnet) throw invalidParameter(POOLS_EXHAUSTED);
  taken.push(subnet);
  return { ...buildPool(subnet, {}), auto: true };
}

/**
 * The pools of a new network: IPv4 first, then IPv6, each either the user's subnets or one
 * auto-picked subnet. Canonical text; `auxAddresses` always an object.
 */
export function planPools(input: PlanInput): IpamPool[] {
  const taken = input.taken.filter((t) => t !== "").map(blocker);
  const reserved = input.reserved.filter((t) => t !== "").map(blocker);
  const out: IpamPool[] = [];
  const families: [Family, boolean, readonly AddressPool[]][] = [
    [4, input.enableIPv4, input.pools4],
    [6, input.enableIPv6, input.pools6],
  ];
  for (const [family, enabled, pools] of families) {
    if (!enabled) continue;
    const requests = input.requests.filter((r) => parsePrefix(r.subnet ?? "")?.family === family);
    if (requests.length > 0) out.push(...planRequested(requests, taken));
    else out.push(planAuto(pools, family, taken, reserved));
  }
  return out;
}
