/**
 * The docker CLI's client-side IPAM consolidation for `network create` (createIPAMConfig):
 * each --ip-range, --gateway and --aux-address is attached to the --subnet containing it,
 * with the CLI's own error texts. Address semantics follow Go's net package (an IPv4
 * network contains IPv4-mapped IPv6 addresses); values are sent exactly as typed.
 */
import type { IPAMConfigWire } from "../../api/wire/network.js";
import { containsAddr, parseAddr, parsePrefix, type Addr, type Prefix } from "../../lib/ip.js";

export interface IpamFlags {
  readonly subnets: readonly string[];
  readonly ipRanges: readonly string[];
  readonly gateways: readonly string[];
  /** --aux-address pairs in command-line order (later keys win, as in a Go map). */
  readonly auxAddresses: readonly (readonly [string, string])[];
}

const MAPPED = 0xffff00000000n;

function unmapAddr(a: Addr): Addr {
  return a.family === 6 && a.value >> 32n === MAPPED >> 32n ? { family: 4, value: a.value & 0xffffffffn } : a;
}

function unmapPrefix(p: Prefix): Prefix {
  if (p.family === 6 && p.bits >= 96 && p.addr >> 32n === MAPPED >> 32n) return { family: 4, addr: p.addr & 0xffffffffn, bits: p.bits - 96 };
  return p;
}

/** net.ParseCIDR; throws "invalid CIDR address: X". */
function parseCidr(s: string): Prefix {
  const p = s.trim() === s ? parsePrefix(s) : undefined;
  if (!p) throw new Error(`invalid CIDR address: ${s}`);
  return unmapPrefix(p);
}

/** The CLI's subnetMatches(subnet, data). */
function subnetMatches(subnet: string, data: string): boolean {
  let s: Prefix;
  try {
    s = parseCidr(subnet);
  } catch (e) {
    throw new Error(`invalid subnet: ${(e as Error).message}`);
  }
  let ip: Addr | undefined;
  if (data.includes("/")) {
    const p = parseCidr(data);
    ip = { family: p.family, value: p.addr };
  } else {
    const a = data.trim() === data ? parseAddr(data) : undefined;
    ip = a && unmapAddr(a);
  }
  return ip !== undefined && containsAddr(s, ip);
}

interface Pool {
  Subnet: string;
  IPRange?: string;
  Gateway?: string;
  AuxiliaryAddresses: Record<string, string>;
}

/** Returns IPAM.Config for the create request, or throws Error with the CLI's message. */
export function createIpamConfig(f: IpamFlags): IPAMConfigWire[] {
  if (f.subnets.length < f.ipRanges.length || f.subnets.length < f.gateways.length) {
    throw new Error("every ip-range or gateway must have a corresponding subnet");
  }
  const pools = new Map<string, Pool>();
  for (const s of f.subnets) {
    for (const k of pools.keys()) {
      if (subnetMatches(s, k) || subnetMatches(k, s)) throw new Error("multiple overlapping subnet configuration is not supported");
    }
    pools.set(s, { Subnet: s, AuxiliaryAddresses: {} });
  }
  for (const r of f.ipRanges) {
    attach(f.subnets, pools, r, `no matching subnet for range ${r}`, (p, s) => {
      if (p.IPRange !== undefined) throw new Error(`cannot configure multiple ranges (${r}, ${p.IPRange}) on the same subnet (${s})`);
      p.IPRange = r;
    }, true);
  }
  for (const g of f.gateways) {
    attach(f.subnets, pools, g, `no matching subnet for gateway ${g}`, (p, s) => {
      if (p.Gateway !== undefined) throw new Error(`cannot configure multiple gateways (${g}, ${p.Gateway}) for the same subnet (${s})`);
      p.Gateway = g;
    });
  }
  const aux = new Map<string, string>();
  for (const [k, v] of f.auxAddresses) aux.set(k, v);
  for (const [key, addr] of aux) {
    attach(f.subnets, pools, addr, `no matching subnet for aux-address ${addr}`, (p) => {
      p.AuxiliaryAddresses[key] = addr;
    });
  }
  return [...pools.values()].map((p) => {
    const c: IPAMConfigWire = { Subnet: p.Subnet };
    if (p.IPRange !== undefined) c.IPRange = p.IPRange;
    if (p.Gateway !== undefined) c.Gateway = p.Gateway;
    if (Object.keys(p.AuxiliaryAddresses).length) c.AuxiliaryAddresses = p.AuxiliaryAddresses;
    return c;
  });
}

function attach(
  subnets: readonly string[],
  pools: Map<string, Pool>,
  value: string,
  noMatch: string,
  apply: (p: Pool, subnet: string) => void,
  mustBeCidr = false,
): void {
  let match = false;
  for (const s of subnets) {
    if (mustBeCidr) parseCidr(value);
    if (!subnetMatches(s, value)) continue;
    apply(pools.get(s)!, s);
    match = true;
  }
  if (!match) throw new Error(noMatch);
}
