/**
 * Masks what legitimately differs between two daemons or two runs (ids, timestamps, MACs,
 * random names) so that scripts/side-by-side shows only real differences.
 */
import type { Json } from "./observations.js";

const MASKS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b[0-9a-f]{64}\b/g, "<id>"],
  [/\b[0-9a-f]{12}\b/g, "<id12>"],
  [/\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})/g, "<time>"],
  [/\b([0-9a-f]{2}:){5}[0-9a-f]{2}\b/gi, "<mac>"],
];

export function normaliseString(s: string): string {
  let out = s;
  for (const [re, mask] of MASKS) out = out.replace(re, mask);
  return out;
}

export function normalise(v: Json): Json {
  if (typeof v === "string") return normaliseString(v);
  if (Array.isArray(v)) return v.map(normalise);
  if (v !== null && typeof v === "object") {
    const out: { [key: string]: Json } = {};
    for (const [k, val] of Object.entries(v)) out[normaliseString(k)] = normalise(val);
    return out;
  }
  return v;
}

/** One line per path where a and b differ after normalisation. */
export function diff(a: Json, b: Json, path = ""): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  const bothObjects = a !== null && b !== null && typeof a === "object" && typeof b === "object" && Array.isArray(a) === Array.isArray(b);
  if (!bothObjects) return [`${path || "."}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`];
  const ao = a as Record<string, Json>;
  const bo = b as Record<string, Json>;
  const keys = [...new Set([...Object.keys(ao), ...Object.keys(bo)])];
  const out: string[] = [];
  for (const k of keys) {
    const p = `${path}.${k}`;
    if (!(k in ao)) out.push(`${p}: only in second: ${JSON.stringify(bo[k])}`);
    else if (!(k in bo)) out.push(`${p}: only in first: ${JSON.stringify(ao[k])}`);
    else out.push(...diff(ao[k] ?? null, bo[k] ?? null, p));
  }
  return out;
}
