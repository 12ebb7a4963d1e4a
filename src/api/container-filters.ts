/**
 * GET /containers/json filtering as dockerd's list.go does it (foldFilter +
 * includeContainerInList): newest first, `before`/`since` by position, `limit`, and the
 * name/id/label/status/exited/network/ancestor filters; and the prune filters.
 */
import type { ContainerDetail } from "../engine/container-contract.js";
import { invalidParameter, notFound } from "../lib/errors.js";
import type { Container, ContainerStatus } from "../model/container.js";
import { parseTimestamp } from "../lib/time.js";
import { stateWord } from "./container-state.js";
import type { Filters } from "./filters.js";
import { parseUntil } from "./until.js";

export const CONTAINER_LIST_FILTERS: readonly string[] = [
  "ancestor", "before", "expose", "exited", "health", "id", "isolation", "is-task", "label", "name", "network", "publish",
  "since", "status", "volume",
];
export const CONTAINER_PRUNE_FILTERS: readonly string[] = ["label", "label!", "until"];

const VALID_STATES: readonly ContainerStatus[] = ["created", "running", "paused", "restarting", "removing", "exited", "dead"];

export interface ListQuery {
  readonly all: boolean;
  readonly limit: number;
  readonly filters: Filters;
  /** Image ids the `ancestor` values resolve to (undefined when the filter is absent). */
  readonly ancestorIds?: ReadonlySet<string>;
}

/** foldFilter's validation: keys, status values, exited codes. Returns the exit codes. */
export function validateListFilters(f: Filters): { exited: number[]; statusImpliesAll: boolean } {
  f.validate(CONTAINER_LIST_FILTERS);
  const exited = f.get("exited").map((v) => {
    if (!/^[+-]?[0-9]+$/.test(v)) throw invalidParameter(`invalid filter 'exited=${v}': strconv.Atoi: parsing "${v}": invalid syntax`);
    return Number(v);
  });
  for (const v of f.get("status")) {
    if (!VALID_STATES.includes(v as ContainerStatus)) throw invalidParameter(`invalid filter 'status=${v}'`);
  }
  return { exited, statusImpliesAll: f.get("status").length > 0 };
}

const isRunning = (c: Container): boolean => ["running", "paused", "restarting"].includes(c.state.status);

/** Resolves a `before`/`since` value like daemon.GetContainer (id, name, or id prefix). */
function findRef(all: readonly Container[], ref: string): Container {
  const hit =
    all.find((c) => c.id === ref) ??
    all.find((c) => c.name === ref.replace(/^\//, "")) ??
    (() => {
      const byPrefix = ref === "" ? [] : all.filter((c) => c.id.startsWith(ref));
      return byPrefix.length === 1 ? byPrefix[0] : undefined;
    })();
  if (!hit) throw notFound(`No such container: ${ref}`);
  return hit;
}

function matchesNetwork(f: Filters, d: ContainerDetail): boolean {
  if (!f.contains("network")) return true;
  return f.get("network").some((value) =>
    d.container.attachments.some((a) => (d.networkNames[a.networkId] || a.networkName) === value || a.networkId.startsWith(value)),
  );
}

function matchesFields(f: Filters, d: ContainerDetail, exited: readonly number[], q: ListQuery): boolean {
  const c = d.container;
  if (!f.match("name", `/${c.name}`) && !f.match("name", c.name)) return false;
  if (!f.match("id", c.id)) return false;
  if (!f.matchKVList("label", c.config.labels)) return false;
  if (exited.length > 0) {
    const started = parseTimestamp(c.state.startedAt) !== undefined && !c.state.startedAt.startsWith("0001-");
    if (!exited.some((code) => code === c.state.exitCode && !isRunning(c) && started)) return false;
  }
  if (!f.match("status", stateWord(c.state))) return false;
  if (!matchesNetwork(f, d)) return false;
  if (q.ancestorIds !== undefined && !q.ancestorIds.has(c.imageId)) return false;
  return true;
}

/** The containers GET /containers/json shows, newest first. */
export function filterContainers(all: readonly ContainerDetail[], q: ListQuery): ContainerDetail[] {
  const { exited, statusImpliesAll } = validateListFilters(q.filters);
  const containers = all.map((d) => d.container);
  const beforeRefs = q.filters.get("before").map((r) => findRef(containers, r).id);
  const sinceRefs = q.filters.get("since").map((r) => findRef(containers, r).id);
  const showAll = q.all || statusImpliesAll;
  const sorted = [...all].sort((a, b) => (parseTimestamp(b.container.created) ?? 0) - (parseTimestamp(a.container.created) ?? 0));
  let before = beforeRefs.at(-1);
  const since = sinceRefs.at(-1);
  const out: ContainerDetail[] = [];
  for (const d of sorted) {
    const c = d.container;
    if (before !== undefined) {
      if (c.id === before) before = undefined;
      continue;
    }
    if (since !== undefined && c.id === since) break;
    if (!isRunning(c) && !showAll && beforeRefs.length === 0 && since === undefined) continue;
    if (!matchesFields(q.filters, d, exited, q)) continue;
    if (q.limit > 0 && out.length === q.limit) break;
    out.push(d);
  }
  return out;
}

/**
 * Validates prune filters and returns the predicate for stopped containers: created no later
 * than `until`, all `label`s present, no `label!` match.
 */
export function containerPruneMatcher(f: Filters, now: Date = new Date()): (c: Container) => boolean {
  f.validate(CONTAINER_PRUNE_FILTERS);
  const untils = f.get("until");
  if (untils.length > 1) throw invalidParameter("more than one until filter specified");
  const until = untils[0] === undefined ? undefined : parseUntil(untils[0], now);
  return (c) => {
    if (until !== undefined) {
      const created = parseTimestamp(c.created);
      if (created !== undefined && created > until) return false;
    }
    if (!f.matchKVList("label", c.config.labels)) return false;
    if (f.contains("label!") && f.matchKVList("label!", c.config.labels)) return false;
    return true;
  };
}

