/**
 * Container address allocation within one IPAM pool (spec §2.4, §1.7). Pure: the caller passes
 * the addresses already in use; nothing is remembered here, so "release" is just dropping an
 * address from that set, and the lowest free address is handed out again at once (as Docker).
 *
 * Cost is O(k log k) in the number of blocked addresses, never in the size of the range, so a
 * /8 or an IPv6 /64 is as cheap as a /24.
 */
import { forbidden, invalidParameter, systemError, type BerthError } from "../lib/errors.js";
import {
  canonical,
  containsAddr,
  formatAddr,
  lastAddr,
  mustPrefix,
  networkAddr,
  parseAddr,
  parsePrefix,
  type Addr,
  type Family,
  type Prefix,
} from "../lib/ip.js";
import type { IpamPool } from "../model/network.js";

/**
 * Addresses of a subnet that Docker's allocator pre-reserves (`newPoolData`): for IPv4 the
 * network and broadcast addresses, except in a /31 or /32; for IPv6 the subnet-router anycast
 * address (the subnet's `::`), always.
 */
export function reservedAddresses(subnet: Prefix): bigint[] {
  const net = networkAddr(subnet);
  if (subnet.family === 6) return [net];
  return subnet.bits >= 31 ? [] : [net, lastAddr(subnet)];
}

/** The lowest value in [first, last] that is not blocked, or undefined when all are. */
export function lowestFree(first: bigint, last: bigint, blocked: Iterable<bigint>): bigint | undefined {
  const sorted = [...new Set(blocked)].filter((v) => v >= first && v <= last).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let candidate = first;
  for (const v of sorted) {
    if (v > candidate) break;
    candidate = v + 1n; // v === candidate: sorted and unique, so v is never below it
  }
  return candidate <= last ? candidate : undefined;
}

/**
 * Docker's "subnet full" error (500). The engine names the network:
 * `noAvailableAddresses(4, "mynet (3f0e...)")` gives
 * `no available IPv4 addresses on this network's address pools: mynet (3f0e...)`.
 */
export function noAvailableAddresses(family: Family, label?: string): BerthError {
  const text = `no available IPv${family} addresses on this network's address pools`;
  return systemError(label ? `${text}: ${label}` : text);
}

/** Addresses of the pool no container may get: reserved ones, the gateway and every aux address. */
export function poolBlocked(pool: IpamPool): Set<bigint> {
  const subnet = canonical(mustPrefix(pool.subnet));
  const out = new Set(reservedAddresses(subnet));
  const add = (text: string | undefined): void => {
    const a = text === undefined ? undefined : parseAddr(text);
    if (a && a.family === subnet.family) out.add(a.value);
  };
  add(pool.gateway);
  for (const v of Object.values(pool.auxAddresses)) add(v);
  return out;
}

/** An in-use entry as an address; "10.0.0.2/24" is accepted as well as "10.0.0.2". */
function inUseAddr(text: string): Addr | undefined {
  const a = parseAddr(text);
  if (a) return a;
  const p = parsePrefix(text);
  return p ? { family: p.family, value: p.addr } : undefined;
}

/**
 * An address for a container joining the network of `pool`, as canonical text without prefix.
 * - Dynamic (`requested` undefined or ""): the lowest free address of `ipRange`, else of the
 *   subnet; never reserved, gateway, aux or in use. None left → 500 `noAvailableAddresses`,
 *   with `label` ("NAME (ID)") appended.
 * - Requested: must lie in the subnet (29.1+: the ip-range does not matter) → 400
 *   `no configured subnet contains IP address X`; must be free → 403 `Address already in use`.
 */
export function allocateAddress(pool: IpamPool, inUse: ReadonlySet<string>, requested?: string, label?: string): string {
  const subnet = canonical(mustPrefix(pool.subnet));
  const blocked = poolBlocked(pool);
  for (const t of inUse) {
    const a = inUseAddr(t);
    if (a && a.family === subnet.family) blocked.add(a.value);
  }
  if (requested !== undefined && requested !== "") return requestStatic(subnet, blocked, requested);
  const range = pool.ipRange ? canonical(mustPrefix(pool.ipRange)) : subnet;
  const value = lowestFree(networkAddr(range), lastAddr(range), blocked);
  if (value === undefined) throw noAvailableAddresses(subnet.family, label);
  return formatAddr({ family: subnet.family, value });
}

function requestStatic(subnet: Prefix, blocked: ReadonlySet<bigint>, requested: string): string {
  const a = parseAddr(requested);
  // Docker's API layer words a malformed address by the family of the field it came in.
  if (!a) throw invalidParameter(`invalid IPv${subnet.family} address: ${requested}`);
  const text = formatAddr(a);
  if (!containsAddr(subnet, a)) throw invalidParameter(`no configured subnet contains IP address ${text}`);
  if (blocked.has(a.value)) throw forbidden("Address already in use");
  return text;
}
