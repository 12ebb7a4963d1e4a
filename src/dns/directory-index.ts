/**
 * Lookup tables over a DnsDirectory, built once per setDirectory: per network, normalised
 * name -> entries holding it (several for a shared alias), and address -> PTR target.
 */
import { canonicalIp, normalizeName } from "./names.js";
import type { DnsDirectory, DnsEntry, DnsNetworkView } from "./types.js";

export interface IndexedNetwork {
  readonly view: DnsNetworkView;
  /** Lower-case network name, for `name.network` lookups. */
  readonly name: string;
  readonly byName: ReadonlyMap<string, readonly DnsEntry[]>;
  /** Canonical address -> the name PTR answers (`<first name>.<network>`). */
  readonly ptr: ReadonlyMap<string, string>;
}

export interface DirectoryIndex {
  readonly byId: ReadonlyMap<string, IndexedNetwork>;
}

function indexNetwork(view: DnsNetworkView): IndexedNetwork {
  const byName = new Map<string, DnsEntry[]>();
  const ptr = new Map<string, string>();
  for (const entry of view.entries) {
    for (const raw of new Set(entry.names.map(normalizeName))) {
      if (raw === "") continue;
      const list = byName.get(raw);
      if (list) list.push(entry);
      else byName.set(raw, [entry]);
    }
    const first = entry.names[0];
    if (first === undefined || first === "") continue;
    const target = `${first}.${view.name}`;
    for (const ip of [entry.ipv4, entry.ipv6]) {
      const key = ip === undefined ? undefined : canonicalIp(ip);
      if (key !== undefined && !ptr.has(key)) ptr.set(key, target);
    }
  }
  return { view, name: normalizeName(view.name), byName, ptr };
}

export function indexDirectory(dir: DnsDirectory): DirectoryIndex {
  return { byId: new Map(dir.networks.map((n) => [n.id, indexNetwork(n)])) };
}

const cache = new WeakMap<DnsDirectory, DirectoryIndex>();

/** The index of a directory, built on first use (directories are replaced, never mutated). */
export function directoryIndex(dir: DnsDirectory): DirectoryIndex {
  let idx = cache.get(dir);
  if (!idx) {
    idx = indexDirectory(dir);
    cache.set(dir, idx);
  }
  return idx;
}
