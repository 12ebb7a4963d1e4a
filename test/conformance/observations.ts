/**
 * What a conformance scenario records: step name -> observed value (JSON). Tests assert on
 * it; scripts/side-by-side normalises and diffs it between two daemons.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Observations = Record<string, Json>;

/** A client's error, reduced to what Docker makes observable. */
export interface ObservedError {
  readonly [key: string]: Json;
  readonly status: number;
  readonly message: string;
}

/** JSON type names of an object's values, as a client decoded them. */
export function shapeOf(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (value === null || typeof value !== "object") return out;
  for (const [k, v] of Object.entries(value)) out[k] = typeName(v);
  return out;
}

export function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "object") return "object";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return "number";
  return typeof v;
}

/** Deep-copies any JSON-shaped value into Json (drops functions and undefined). */
export function toJson(v: unknown): Json {
  return JSON.parse(JSON.stringify(v ?? null)) as Json;
}

/** Runs a step that should fail; "no error" when it does not. */
export async function observeError(fn: () => Promise<unknown>, read: (e: unknown) => ObservedError): Promise<ObservedError | "no error"> {
  try {
    await fn();
  } catch (e) {
    return read(e);
  }
  return "no error";
}
