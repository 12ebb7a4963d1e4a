/**
 * The network filters of GET /networks (spec §1.4) and POST /networks/prune (§1.10),
 * applied in dockerd's order with its error texts.
 */
import type { NetworkDetail } from "../engine/engine.js";
import type { Network } from "../model/network.js";
import { PREDEFINED_NETWORK_NAMES } from "../model/network.js";
import { invalidParameter } from "../lib/errors.js";
import { parseTimestamp } from "../lib/time.js";
import { Filters } from "./filters.js";
import { parseUntil } from "./until.js";

export const NETWORK_LIST_FILTERS: readonly string[] = ["dangling", "driver", "id", "label", "name", "scope", "type"];
export const NETWORK_PRUNE_FILTERS: readonly string[] = ["label", "label!", "until"];

const isPredefinedName = (name: string): boolean => PREDEFINED_NETWORK_NAMES.includes(name);

/** Whether the network has attachments (containers; Berth has no services). */
const inUse = (d: NetworkDetail): boolean => d.endpoints.length > 0;

function matchesFields(f: Filters, d: NetworkDetail): boolean {
  const n = d.network;
  if (f.contains("driver") && !f.exactMatch("driver", n.driver)) return false;
  if (f.contains("name") && !f.match("name", n.name)) return false;
  if (f.contains("id") && !f.match("id", n.id)) return false;
  if (f.contains("label") && !f.matchKVList("label", n.labels)) return false;
  if (f.contains("scope") && !f.exactMatch("scope", n.scope)) return false;
  return true;
}

/** `dangling`: undefined when absent, else whether only unused custom networks are wanted. */
function danglingOnly(f: Filters): boolean | undefined {
  const values = f.get("dangling");
  if (values.length === 0) return undefined;
  if (values.length > 1) throw invalidParameter('got more than one value for filter key "dangling"');
  const v = values[0];
  if (v === "1" || v === "true") return true;
  if (v === "0" || v === "false") return false;
  throw invalidParameter(`invalid value for filter 'dangling', must be "true" (or "1"), or "false" (or "0")`);
}

function byType(list: readonly NetworkDetail[], type: string): NetworkDetail[] {
  if (type === "builtin") return list.filter((d) => isPredefinedName(d.network.name));
  if (type === "custom") return list.filter((d) => !isPredefinedName(d.network.name));
  throw invalidParameter(`invalid filter: 'type'='${type}'`);
}

/** Validates (400 on a bad key or value) and applies list filters. */
export function filterNetworks(all: readonly NetworkDetail[], f: Filters): NetworkDetail[] {
  f.validate(NETWORK_LIST_FILTERS);
  if (f.size === 0) return [...all];
  let shown = all.filter((d) => matchesFields(f, d));
  const dangling = danglingOnly(f);
  if (dangling !== undefined) {
    shown = shown.filter((d) =>
      dangling ? !isPredefinedName(d.network.name) && !inUse(d) : isPredefinedName(d.network.name) || inUse(d),
    );
  }
  if (f.contains("type")) shown = f.get("type").flatMap((t) => byType(shown, t));
  return shown;
}

/**
 * Validates prune filters and returns the predicate the engine applies to unused custom
 * networks: created no later than `until`, `label` all present, no `label!` match.
 */
export function pruneMatcher(f: Filters, now: Date = new Date()): (n: Network) => boolean {
  f.validate(NETWORK_PRUNE_FILTERS);
  const untils = f.get("until");
  if (untils.length > 1) throw invalidParameter("more than one until filter specified");
  const until = untils[0] === undefined ? undefined : parseUntil(untils[0], now);
  return (n) => {
    if (until !== undefined) {
      const created = parseTimestamp(n.created);
      if (created !== undefined && created > until) return false;
    }
    if (!f.matchKVList("label", n.labels)) return false;
    if (f.contains("label!") && f.matchKVList("label!", n.labels)) return false;
    return true;
  };
}
