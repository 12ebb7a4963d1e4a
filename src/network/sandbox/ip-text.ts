/**
 * Address text as Go's net/netip prints it, which is what Docker writes into /etc/hosts and
 * /etc/resolv.conf: IPv4 dotted quad, IPv6 per RFC 5952 (lower case, longest zero run
 * compressed), IPv4-mapped IPv6 as "::ffff:a.b.c.d", and an IPv6 zone kept as "%zone".
 */
import { formatAddr, parseAddr } from "../../lib/ip.js";

export interface IpText {
  /** Canonical text, as netip.Addr.String(). */
  readonly text: string;
  /** 6 also for IPv4-mapped IPv6 (netip's Is6). */
  readonly family: 4 | 6;
  /** netip's IsLoopback: 127.0.0.0/8, ::1, and IPv4-mapped 127.x. */
  readonly loopback: boolean;
  readonly zone: string;
}

const MAPPED_PREFIX = 0xffffn;

function dotted(v: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String(Number((v >> s) & 0xffn))).join(".");
}

/** Parses an address the way netip.ParseAddr accepts it (IPv6 may carry a zone); undefined if invalid. */
export function parseIpText(input: string): IpText | undefined {
  const pct = input.indexOf("%");
  const base = pct < 0 ? input : input.slice(0, pct);
  const zone = pct < 0 ? "" : input.slice(pct + 1);
  if (base.trim() !== base || (pct >= 0 && (zone === "" || !base.includes(":")))) return undefined;
  const a = parseAddr(base);
  if (!a) return undefined;
  const suffix = zone === "" ? "" : `%${zone}`;
  if (a.family === 4) {
    return { text: formatAddr(a), family: 4, loopback: a.value >> 24n === 127n, zone: "" };
  }
  if (a.value >> 32n === MAPPED_PREFIX) {
    const v4 = a.value & 0xffffffffn;
    return { text: `::ffff:${dotted(v4)}${suffix}`, family: 6, loopback: v4 >> 24n === 127n, zone };
  }
  return { text: `${formatAddr(a)}${suffix}`, family: 6, loopback: a.value === 1n, zone };
}

/** Canonical text with an IPv4-mapped address unmapped (netip's Unmap), or undefined if invalid. */
export function unmappedIpText(input: string): string | undefined {
  const ip = parseIpText(input);
  if (!ip) return undefined;
  if (!(ip.text.startsWith("::ffff:") && ip.text.includes("."))) return ip.text;
  const pct = ip.text.indexOf("%");
  return ip.text.slice(7, pct < 0 ? undefined : pct);
}
