/**
 * Flag value types with pflag's behaviour, as commander argument parsers: string slices
 * (CSV, repeatable), lists with validators, key=value maps, filters, Go ints and bools.
 */
import { flagError, type CommandInfo } from "./errors.js";
import { addFilter, type Filters } from "./query.js";

/** pflag's readAsCSV: "a,b" -> [a, b]; double quotes group; "" -> []. */
export function readAsCsv(value: string): string[] {
  if (value === "") return [];
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (quoted) {
      if (c === '"' && value[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"' && cur === "") quoted = true;
    else if (c === ",") {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** strconv.ParseBool. */
export function parseGoBool(s: string): boolean | undefined {
  if (["1", "t", "T", "TRUE", "true", "True"].includes(s)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(s)) return false;
  return undefined;
}

/** strconv.ParseInt(s, 0, 64) for the values that fit a JS number. */
export function parseGoInt(s: string): number | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO]?[0-7]+|[1-9][0-9]*|0)$/.exec(s);
  if (!m) return undefined;
  const body = m[2]!;
  let n: number;
  if (/^0[xX]/.test(body)) n = parseInt(body.slice(2), 16);
  else if (/^0[bB]/.test(body)) n = parseInt(body.slice(2), 2);
  else if (/^0[oO]/.test(body)) n = parseInt(body.slice(2), 8);
  else if (body.length > 1 && body.startsWith("0")) n = parseInt(body.slice(1), 8);
  else n = parseInt(body, 10);
  return m[1] === "-" ? -n : n;
}

export type Parser<T> = (value: string, previous: T) => T;

export const stringSlice: Parser<string[]> = (v, prev) => [...prev, ...readAsCsv(v)];

/** opts.MapOpts without validator: "k=v" (or "k" meaning k=""), later values win. */
export const mapOpt: Parser<[string, string][]> = (v, prev) => {
  const eq = v.indexOf("=");
  return [...prev, eq < 0 ? [v, ""] : [v.slice(0, eq), v.slice(eq + 1)]];
};

/** A ListOpts with a validator that throws Error(reason). */
export function listOpt(cmd: CommandInfo, flag: string, validate: (v: string) => string): Parser<string[]> {
  return (v, prev) => {
    try {
      return [...prev, validate(v)];
    } catch (e) {
      throw flagError(cmd, flag, v, (e as Error).message);
    }
  };
}

export function filterOpt(cmd: CommandInfo, flag: string): Parser<Filters> {
  return (v, prev) => {
    const next: Filters = new Map([...prev].map(([k, s]) => [k, new Set(s)]));
    try {
      addFilter(next, v);
    } catch (e) {
      throw flagError(cmd, flag, v, (e as Error).message);
    }
    return next;
  };
}

export function intOpt(cmd: CommandInfo, flag: string): Parser<number> {
  return (v) => {
    const n = parseGoInt(v);
    if (n === undefined) throw flagError(cmd, flag, v, `strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`);
    return n;
  };
}

/** opts.ValidateLabel. */
export function validateLabel(v: string): string {
  const eq = v.indexOf("=");
  const key = (eq < 0 ? v : v.slice(0, eq)).trim();
  if (key === "") throw new Error(`invalid label '${v}': empty name`);
  if (/[ \t]/.test(key)) throw new Error(`label '${key}' contains whitespaces`);
  return v;
}

/** opts.ValidateLink. */
export function validateLink(v: string): string {
  if (v === "") throw new Error("empty string specified for links");
  if (v.split(":").length > 2) throw new Error(`bad format for links: ${v}`);
  return v;
}

/** Last value wins, like assigning into a Go map; result keeps first-seen key order. */
export function toRecord(pairs: readonly (readonly [string, string])[]): Record<string, string> {
  const m = new Map<string, string>();
  for (const [k, v] of pairs) m.set(k, v);
  return Object.fromEntries(m);
}
