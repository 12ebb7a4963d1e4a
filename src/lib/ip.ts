/**
 * IP address and prefix math on bigint. Parsing and formatting go through ipaddr.js
 * (RFC 5952 text for IPv6); everything else is exact integer arithmetic.
 */
import ipaddr from "ipaddr.js";

export type Family = 4 | 6;

export interface Addr {
  readonly family: Family;
  readonly value: bigint;
}

/** A prefix as written: `addr` may have host bits set (see `isCanonical`). */
export interface Prefix {
  readonly family: Family;
  readonly addr: bigint;
  readonly bits: number;
}

export const familyBits = (f: Family): number => (f === 4 ? 32 : 128);

function bytesToBigint(bytes: number[]): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

/** Parses a plain IPv4 or IPv6 address (no zone, no prefix); undefined if invalid. */
export function parseAddr(text: string): Addr | undefined {
  const s = text.trim();
  if (s === "" || s.includes("/") || s.includes("%")) return undefined;
  if (ipaddr.IPv4.isValidFourPartDecimal(s)) {
    return { family: 4, value: bytesToBigint(ipaddr.IPv4.parse(s).toByteArray()) };
  }
  if (s.includes(":") && ipaddr.IPv6.isValid(s)) {
    const v6 = ipaddr.IPv6.parse(s);
    return { family: 6, value: bytesToBigint(v6.toByteArray()) };
  }
  return undefined;
}

/** Parses "a.b.c.d/n" or "x::/n"; undefined if invalid. Host bits are kept. */
export function parsePrefix(text: string): Prefix | undefined {
  const s = text.trim();
  const slash = s.indexOf("/");
  if (slash < 0) return undefined;
  const addr = parseAddr(s.slice(0, slash));
  const bitsText = s.slice(slash + 1);
  if (!addr || !/^\d{1,3}$/.test(bitsText)) return undefined;
  const bits = Number(bitsText);
  if (bits > familyBits(addr.family)) return undefined;
  return { family: addr.family, addr: addr.value, bits };
}

export function formatAddr(a: Addr): string {
  const n = a.family === 4 ? 4 : 16;
  const bytes: number[] = [];
  let v = a.value;
  for (let i = 0; i < n; i++) {
    bytes.unshift(Number(v & 0xffn));
    v >>= 8n;
  }
  return ipaddr.fromByteArray(bytes).toString();
}

export const formatPrefix = (p: Prefix): string => `${formatAddr({ family: p.family, value: p.addr })}/${p.bits}`;

export function hostMask(family: Family, bits: number): bigint {
  return (1n << BigInt(familyBits(family) - bits)) - 1n;
}

export const networkAddr = (p: Prefix): bigint => p.addr & ~hostMask(p.family, p.bits);
export const lastAddr = (p: Prefix): bigint => networkAddr(p) | hostMask(p.family, p.bits);
export const prefixSize = (p: Prefix): bigint => 1n << BigInt(familyBits(p.family) - p.bits);
export const isCanonical = (p: Prefix): boolean => p.addr === networkAddr(p);
export const canonical = (p: Prefix): Prefix => ({ family: p.family, addr: networkAddr(p), bits: p.bits });

export function containsAddr(p: Prefix, a: Addr): boolean {
  return p.family === a.family && a.value >= networkAddr(p) && a.value <= lastAddr(p);
}

export function containsPrefix(outer: Prefix, inner: Prefix): boolean {
  return outer.family === inner.family && outer.bits <= inner.bits && containsAddr(outer, { family: inner.family, value: inner.addr });
}

export function overlaps(a: Prefix, b: Prefix): boolean {
  return a.family === b.family && networkAddr(a) <= lastAddr(b) && networkAddr(b) <= lastAddr(a);
}

/** Parse-or-throw helpers for values already validated upstream (store, config). */
export function mustAddr(text: string): Addr {
  const a = parseAddr(text);
  if (!a) throw new Error(`not an IP address: ${text}`);
  return a;
}

export function mustPrefix(text: string): Prefix {
  const p = parsePrefix(text);
  if (!p) throw new Error(`not a CIDR prefix: ${text}`);
  return p;
}
