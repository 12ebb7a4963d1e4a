/**
 * The embedded DNS's answers, as Docker gives them (spec §2.7), as a pure function of the
 * directory, the asking container and the question:
 * - --link aliases first (only the linking container sees them), then the names on the asking
 *   container's networks in endpoint order; `name.<network>` looks on that network only (every
 *   split point of a dotted name is tried). A name on a network the client is not on is unknown.
 * - A name held by several containers (a shared alias) answers all their addresses, shuffled.
 * - A known name without an address of the asked family, or asked with another type (MX, TXT..),
 *   answers NOERROR with no records; it is never forwarded.
 * - PTR for an address on the client's networks answers `<container name>.<network name>`.
 * - Anything else is forwarded to the client's upstreams; when it may not forward (all its
 *   networks are internal) it is "unanswerable", which the server answers SERVFAIL as Docker's
 *   resolver does ("the backend doesn't support proxying dns request").
 */
import type { StringAnswer } from "dns-packet";
import { directoryIndex, type IndexedNetwork } from "./directory-index.js";
import { networkSplits, normalizeName, reverseToAddress } from "./names.js";
import type { DnsClientView, DnsDirectory } from "./types.js";

/**
 * TTL of local answers. Docker says 600; we say 10 so that no client cache holds a stale
 * address more than 10 s after a container restarts or leaves (aardvark-dns uses 0).
 */
export const DNS_TTL_SECONDS = 10;

export type Resolution =
  | { readonly kind: "records"; readonly answers: StringAnswer[] } // NOERROR; empty = NODATA
  | { readonly kind: "unanswerable" }
  | { readonly kind: "forward" };

export interface ResolveOptions {
  readonly ttlSeconds?: number;
  /** In [0, 1); Math.random by default (tests pass a fixed sequence). */
  readonly random?: () => number;
}

interface Found {
  readonly ipv4: readonly string[];
  readonly ipv6: readonly string[];
}

const addressesOf = (entries: readonly { ipv4?: string; ipv6?: string }[]): Found => ({
  ipv4: [...new Set(entries.flatMap((e) => (e.ipv4 ? [e.ipv4] : [])))],
  ipv6: [...new Set(entries.flatMap((e) => (e.ipv6 ? [e.ipv6] : [])))],
});

function clientNetworks(dir: DnsDirectory, client: DnsClientView): IndexedNetwork[] {
  const idx = directoryIndex(dir);
  return client.networkIds.flatMap((id) => idx.byId.get(id) ?? []);
}

/** Docker's order: per network (endpoint order), the whole name, then each `name.network` split. */
function lookup(n: string, nets: readonly IndexedNetwork[], client: DnsClientView): Found | undefined {
  const links = client.links.filter((l) => normalizeName(l.alias) === n);
  if (links.length > 0) return addressesOf(links);
  const splits = networkSplits(n);
  for (const net of nets) {
    const whole = net.byName.get(n);
    if (whole) return addressesOf(whole);
    for (const s of splits) {
      if (s.network !== net.name) continue;
      const link = client.links.filter((l) => normalizeName(l.alias) === s.name);
      if (link.length > 0) return addressesOf(link);
      const entries = net.byName.get(s.name);
      if (entries) return addressesOf(entries);
    }
  }
  return undefined;
}

function shuffled<T>(xs: readonly T[], random: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = out[i] as T;
    out[i] = out[j] as T;
    out[j] = t;
  }
  return out;
}

function ptrAnswer(name: string, n: string, nets: readonly IndexedNetwork[], ttl: number): StringAnswer[] | undefined {
  const addr = reverseToAddress(n);
  if (addr === undefined) return undefined;
  for (const net of nets) {
    const target = net.ptr.get(addr);
    if (target !== undefined) return [{ type: "PTR", name, ttl, class: "IN", data: target }];
  }
  return undefined;
}

/** The answer to `name` (as asked; answers echo its spelling) of `type` for one client. */
export function resolve(dir: DnsDirectory, client: DnsClientView, name: string, type: string, opts: ResolveOptions = {}): Resolution {
  const ttl = opts.ttlSeconds ?? DNS_TTL_SECONDS;
  const n = normalizeName(name);
  const nets = clientNetworks(dir, client);
  const notFound: Resolution = client.forward ? { kind: "forward" } : { kind: "unanswerable" };
  if (n === "") return notFound;
  if (type === "PTR") {
    const ptr = ptrAnswer(name, n, nets, ttl);
    if (ptr) return { kind: "records", answers: ptr };
  }
  const found = lookup(n, nets, client);
  if (!found) return notFound;
  if (type !== "A" && type !== "AAAA") return { kind: "records", answers: [] };
  const addrs = type === "A" ? found.ipv4 : found.ipv6;
  const ordered = addrs.length > 1 ? shuffled(addrs, opts.random ?? Math.random) : addrs;
  return { kind: "records", answers: ordered.map((data) => ({ type, name, ttl, class: "IN", data })) };
}
