/**
 * On-link routes of the daemon's own namespace read from /proc/net, without a spawn: the same
 * prefixes `ip -j route show` gives readOnLinkRoutes() (routes.ts), from the kernel's text tables.
 *
 * - IPv4, /proc/net/route (the main table only): routes with a device, no gateway, not a
 *   reject type, not the default. Blackhole, throw, unreachable and prohibit routes have no
 *   device ("*"). The file does not show scopes: a gateway-less route added with a scope other
 *   than link is included here but not by `ip ... scope link` (rare; it only reserves more).
 * - IPv6, /proc/net/ipv6_route (every table): routes without a next hop that are not local,
 *   anycast, reject or cached, not on `lo`, not the default, fe80::/10 or multicast. The file
 *   does not show tables: a gateway-less route in a policy-routing table is included here but
 *   not by `ip ... table main` (rare; it only reserves more).
 */
import { readFile } from "node:fs/promises";
import { endianness } from "node:os";
import { messageOf, systemError } from "../lib/errors.js";
import { canonical, formatPrefix, parsePrefix } from "../lib/ip.js";

export const PROC_NET = "/proc/net";

const RTF_GATEWAY = 0x2;
const RTF_REJECT = 0x200;
const RTF_ANYCAST = 0x100000;
const RTF_CACHE = 0x1000000;
const RTF_LOCAL = 0x80000000;
const V6_EXCLUDED = RTF_GATEWAY | RTF_REJECT | RTF_ANYCAST | RTF_CACHE | RTF_LOCAL;

const hex = (s: string | undefined): number | undefined => (s !== undefined && /^[0-9A-Fa-f]{1,8}$/.test(s) ? parseInt(s, 16) : undefined);

/** An address the kernel printed as `%08X` of a big-endian u32, i.e. in host byte order. */
export function procIpv4(word: number, littleEndian: boolean): number[] {
  const bytes = [word >>> 24, (word >>> 16) & 255, (word >>> 8) & 255, word & 255];
  return littleEndian ? bytes.reverse() : bytes;
}

const maskLength = (bytes: readonly number[]): number => bytes.reduce((n, b) => n + b.toString(2).replaceAll("0", "").length, 0);

function canonicalPrefix(text: string): string | undefined {
  const p = parsePrefix(text);
  return p ? formatPrefix(canonical(p)) : undefined;
}

/** Parses /proc/net/route text (header line first); `littleEndian` is the host's byte order. */
export function parseProcRoute(text: string, littleEndian = endianness() === "LE"): string[] {
  return text.split("\n").slice(1).flatMap((line) => {
    const [iface, dst, gw, flags, , , , mask] = line.trim().split(/\s+/);
    const d = hex(dst);
    const g = hex(gw);
    const f = hex(flags);
    const m = hex(mask);
    if (!iface || iface === "*" || d === undefined || g === undefined || f === undefined || m === undefined) return [];
    if (g !== 0 || (f & (RTF_GATEWAY | RTF_REJECT)) !== 0 || m === 0) return [];
    const p = canonicalPrefix(`${procIpv4(d, littleEndian).join(".")}/${maskLength(procIpv4(m, littleEndian))}`);
    return p ? [p] : [];
  });
}

const V6_WORD = /^[0-9a-f]{32}$/;
const ipv6Text = (h: string): string => (h.match(/.{4}/g) ?? []).join(":");

/** Parses /proc/net/ipv6_route text: dst, dst_len, src, src_len, next hop, metric, refcnt, use, flags, dev. */
export function parseProcIpv6Route(text: string): string[] {
  return text.split("\n").flatMap((line) => {
    const [dst, len, , , via, , , , flags, dev] = line.trim().split(/\s+/);
    const plen = hex(len);
    const f = hex(flags);
    if (!dst || !V6_WORD.test(dst) || !via || !V6_WORD.test(via) || plen === undefined || f === undefined || !dev) return [];
    if (dev === "lo" || plen === 0 || /[^0]/.test(via) || (f & V6_EXCLUDED) !== 0) return [];
    const top = parseInt(dst.slice(0, 4), 16);
    if ((top & 0xffc0) === 0xfe80 || (top & 0xff00) === 0xff00) return [];
    const p = canonicalPrefix(`${ipv6Text(dst)}/${plen}`);
    return p ? [p] : [];
  });
}

/** The current namespace's on-link prefixes, IPv4 then IPv6, without duplicates (as readOnLinkRoutes). */
export async function readProcOnLinkRoutes(procNet: string = PROC_NET): Promise<string[]> {
  let v4: string;
  let v6: string;
  try {
    [v4, v6] = await Promise.all([readFile(`${procNet}/route`, "utf8"), readOptional(`${procNet}/ipv6_route`)]);
  } catch (e) {
    throw systemError(`Failed to read the routes under ${procNet}: ${messageOf(e)}`, e);
  }
  return [...new Set([...parseProcRoute(v4), ...parseProcIpv6Route(v6)])];
}

/** ipv6_route is absent when the kernel runs without IPv6. */
async function readOptional(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (e) {
    if (e instanceof Error && (e as NodeJS.ErrnoException).code === "ENOENT") return "";
    throw e;
  }
}
