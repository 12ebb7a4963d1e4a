/**
 * Docker's `filters` query parameter (api/types/filters): a JSON object
 * `{"key":{"value":true}}`, or the legacy `{"key":["value"]}`. Parsing, key validation and
 * the matchers every list/prune route uses: exact, Go-regexp, and label `k` / `k=v` lists.
 */
import { invalidParameter } from "../lib/errors.js";

type FieldValues = ReadonlyMap<string, boolean>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export class Filters {
  private readonly regexpCache = new Map<string, RegExp | null>();

  constructor(private readonly fields: ReadonlyMap<string, FieldValues> = new Map()) {}

  /**
   * Parses the `filters` parameter. Empty or absent means no filters; anything that is
   * neither form is `invalid filter` (400), as in Docker.
   */
  static parse(raw: string | null | undefined): Filters {
    if (raw === null || raw === undefined || raw === "") return new Filters();
    let v: unknown;
    try {
      v = JSON.parse(raw);
    } catch {
      throw invalidParameter("invalid filter");
    }
    if (v === null) return new Filters();
    const parsed = parseSetForm(v) ?? parseLegacyForm(v);
    if (!parsed) throw invalidParameter("invalid filter");
    return new Filters(parsed);
  }

  /** Builds filters from key/value pairs (tests, internal lookups). */
  static of(...pairs: readonly (readonly [string, string])[]): Filters {
    const m = new Map<string, Map<string, boolean>>();
    for (const [k, v] of pairs) {
      const vals = m.get(k) ?? new Map<string, boolean>();
      vals.set(v, true);
      m.set(k, vals);
    }
    return new Filters(m);
  }

  /** Rejects keys outside `accepted` with `invalid filter '<key>'` (400). */
  validate(accepted: readonly string[]): void {
    for (const key of this.fields.keys()) if (!accepted.includes(key)) throw invalidParameter(`invalid filter '${key}'`);
  }

  get size(): number {
    return this.fields.size;
  }

  contains(key: string): boolean {
    return this.fields.has(key);
  }

  keys(): string[] {
    return [...this.fields.keys()];
  }

  /** Every value given for `key` (whatever its boolean), in the order given. */
  get(key: string): string[] {
    return [...(this.fields.get(key)?.keys() ?? [])];
  }

  /** True when `key` is absent or has no values, or `source` is one of its (true) values. */
  exactMatch(key: string, source: string): boolean {
    const vals = this.fields.get(key);
    if (!vals || vals.size === 0) return true;
    return vals.get(source) === true;
  }

  /** exactMatch, else any value as an unanchored Go regexp over `source`. */
  match(key: string, source: string): boolean {
    if (this.exactMatch(key, source)) return true;
    for (const pattern of this.fields.get(key)?.keys() ?? []) {
      if (this.regexp(pattern)?.test(source)) return true;
    }
    return false;
  }

  /** Every value `k` or `k=v` of `key` must be present in `labels` (true when `key` is unset). */
  matchKVList(key: string, labels: Readonly<Record<string, string>>): boolean {
    const vals = this.fields.get(key);
    if (!vals || vals.size === 0) return true;
    if (Object.keys(labels).length === 0) return false;
    for (const value of vals.keys()) {
      const eq = value.indexOf("=");
      const k = eq < 0 ? value : value.slice(0, eq);
      if (!Object.hasOwn(labels, k)) return false;
      if (eq >= 0 && labels[k] !== value.slice(eq + 1)) return false;
    }
    return true;
  }

  private regexp(pattern: string): RegExp | null {
    let re = this.regexpCache.get(pattern);
    if (re === undefined) {
      re = goRegexp(pattern);
      this.regexpCache.set(pattern, re);
    }
    return re;
  }
}

/** `{"k":{"v":true}}`; undefined when the JSON is not of that shape. */
function parseSetForm(v: unknown): Map<string, Map<string, boolean>> | undefined {
  if (!isRecord(v)) return undefined;
  const out = new Map<string, Map<string, boolean>>();
  for (const [key, set] of Object.entries(v)) {
    if (set === null) {
      out.set(key, new Map());
      continue;
    }
    if (!isRecord(set)) return undefined;
    const vals = new Map<string, boolean>();
    for (const [val, flag] of Object.entries(set)) {
      if (flag !== null && typeof flag !== "boolean") return undefined;
      vals.set(val, flag === true);
    }
    out.set(key, vals);
  }
  return out;
}

/** The legacy `{"k":["v1","v2"]}` form (every value true). */
function parseLegacyForm(v: unknown): Map<string, Map<string, boolean>> | undefined {
  if (!isRecord(v)) return undefined;
  const out = new Map<string, Map<string, boolean>>();
  for (const [key, list] of Object.entries(v)) {
    if (list !== null && !Array.isArray(list)) return undefined;
    const vals = new Map<string, boolean>();
    for (const item of list ?? []) {
      if (item !== null && typeof item !== "string") return undefined;
      vals.set(item ?? "", true);
    }
    out.set(key, vals);
  }
  return out;
}

/**
 * Compiles a Go (RE2) pattern as a JavaScript RegExp, or null when it does not compile
 * (Docker skips such values). Handles the RE2 spellings that JavaScript lacks: leading
 * `(?i)`-style flags, `(?P<name>` groups and `\z`.
 */
export function goRegexp(pattern: string): RegExp | null {
  let src = pattern;
  let flags = "";
  const lead = /^\(\?([imsU]+)\)/.exec(src);
  if (lead?.[1]) {
    if (lead[1].includes("U")) return null;
    flags = [...new Set(lead[1])].join("");
    src = src.slice(lead[0].length);
  }
  src = src.replace(/\(\?P</g, "(?<").replace(/\\z/g, "(?![\\s\\S])");
  try {
    return new RegExp(src, flags);
  } catch {
    return null;
  }
}
