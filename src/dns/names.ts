/**
 * Name handling for the embedded DNS: normalisation (case-insensitive, trailing dot ignored),
 * the `name.network` split points Docker tries, and reverse (PTR) names to addresses.
 */
import { isIP } from "node:net";

/** Lower case, without the trailing dot: the form every lookup uses. */
export function normalizeName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith(".") ? lower.slice(0, -1) : lower;
}

/**
 * Every way to read `a.b.c` as `<name>.<network>`, longest name first (Docker tries each split
 * point): [{ name: "a.b", network: "c" }, { name: "a", network: "b.c" }].
 */
export function networkSplits(name: string): { name: string; network: string }[] {
  const out: { name: string; network: string }[] = [];
  for (let i = name.lastIndexOf("."); i > 0; i = name.lastIndexOf(".", i - 1)) {
    out.push({ name: name.slice(0, i), network: name.slice(i + 1) });
  }
  return out;
}

const V4_SUFFIX = ".in-addr.arpa";
const V6_SUFFIX = ".ip6.arpa";

/** The address a reverse name stands for, or undefined ("4.3.2.1.in-addr.arpa" -> "1.2.3.4"). */
export function reverseToAddress(normalized: string): string | undefined {
  if (normalized.endsWith(V4_SUFFIX)) {
    const parts = normalized.slice(0, -V4_SUFFIX.length).split(".");
    if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255)) return undefined;
    return parts.reverse().join(".");
  }
  if (normalized.endsWith(V6_SUFFIX)) {
    const nibbles = normalized.slice(0, -V6_SUFFIX.length).split(".");
    if (nibbles.length !== 32 || !nibbles.every((n) => /^[0-9a-f]$/.test(n))) return undefined;
    const hex = nibbles.reverse().join("");
    const groups = hex.match(/.{4}/g) ?? [];
    return canonicalIp(groups.join(":"));
  }
  return undefined;
}

/** One spelling per address (IPv6 compressed, lower case) so table keys match. */
export function canonicalIp(ip: string): string | undefined {
  const family = isIP(ip);
  if (family === 4) return ip;
  if (family !== 6) return undefined;
  const url = new URL(`http://[${ip}]/`);
  return url.hostname.slice(1, -1);
}
