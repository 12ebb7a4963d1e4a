/** URL encoding as Go's net/url does it, and docker's filter arguments (filters.Args). */
import { goJsonString } from "./format/go-json.js";
import { compareBytes } from "./format/go-value.js";

/** Filter values by key, e.g. driver -> {bridge}; keys and values keep no order (encoded sorted). */
export type Filters = Map<string, Set<string>>;

const UNRESERVED = /[A-Za-z0-9\-_.~]/;

/** url.QueryEscape: space becomes '+', everything but unreserved is %XX. */
export function goQueryEscape(s: string): string {
  let out = "";
  for (const b of Buffer.from(s, "utf8")) {
    const c = String.fromCharCode(b);
    if (c === " ") out += "+";
    else if (b < 0x80 && UNRESERVED.test(c)) out += c;
    else out += "%" + b.toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}

/** A query: one value per key, or several (url.Values.Add) kept in order. */
export type Query = Readonly<Record<string, string | readonly string[]>>;

/** url.Values.Encode: keys sorted, each value of a key in order. */
export function goQueryEncode(q: Query): string {
  return Object.keys(q)
    .sort()
    .flatMap((k) => {
      const v = q[k]!;
      return (typeof v === "string" ? [v] : v).map((x) => `${goQueryEscape(k)}=${goQueryEscape(x)}`);
    })
    .join("&");
}

/** URL.EscapedPath for a path: reserved "$&+,/:;=@" stay, everything else non-unreserved is %XX. */
export function goPathEscape(s: string): string {
  let out = "";
  for (const b of Buffer.from(s, "utf8")) {
    const c = String.fromCharCode(b);
    if (b < 0x80 && (UNRESERVED.test(c) || "$&+,/:;=@".includes(c))) out += c;
    else out += "%" + b.toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}

/** filters.ToJSON: {"key":{"value":true}} with sorted keys at both levels. */
export function filtersJson(f: Filters): string {
  const keys = [...f.keys()].sort(compareBytes);
  const parts = keys.map((k) => {
    const vals = [...(f.get(k) ?? [])].sort(compareBytes).map((v) => `${goJsonString(v, true)}:true`);
    return `${goJsonString(k, true)}:{${vals.join(",")}}`;
  });
  return "{" + parts.join(",") + "}";
}

/** opts.FilterOpt.Set: "key=value" (key lower-cased, both trimmed); "" is ignored. */
export function addFilter(f: Filters, arg: string): void {
  if (arg === "") return;
  const eq = arg.indexOf("=");
  if (eq < 0) throw new Error("bad format of filter (expected name=value)");
  const key = arg.slice(0, eq).trim().toLowerCase();
  const value = arg.slice(eq + 1).trim();
  const set = f.get(key) ?? new Set<string>();
  set.add(value);
  f.set(key, set);
}
