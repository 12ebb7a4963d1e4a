/**
 * JSON decoded into typed Go values, as the docker CLI's json.Unmarshal into its API structs
 * does before running an inspect template: every struct field exists (zero when absent),
 * unknown keys are dropped, null slices and maps stay nil ("[]", "map[]"), nil pointers print
 * "<nil>", and field names are the Go names (ID for "Id", DNS for "Dns").
 */
import { parseGoTime, ZERO_TIME } from "./go-time.js";
import { GoMap, GoNilPtr, GoSlice, GoStruct, GoTime, goFromJson, type GoValue } from "./go-value.js";

export type GoType =
  | "string"
  | "int"
  | "bool"
  | "time"
  | "any"
  | { readonly slice: GoType; readonly name: string }
  | { readonly map: GoType; readonly name: string }
  | { readonly ptr: GoType }
  | GoStructType;

export interface GoStructType {
  readonly struct: string;
  /** [Go name, type, JSON name when different, omitempty]. */
  readonly fields: readonly (readonly [string, GoType, (string | undefined)?, boolean?])[];
}

export const slice = (elem: GoType, name: string): GoType => ({ slice: elem, name });
export const map = (elem: GoType, name: string): GoType => ({ map: elem, name });
export const ptr = (elem: GoType): GoType => ({ ptr: elem });
export const EMPTY_STRUCT: GoStructType = { struct: "struct {}", fields: [] };
export const STRINGS = slice("string", "[]string");
export const STRING_MAP = map("string", "map[string]string");

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function typeName(t: GoType): string {
  if (typeof t === "string") return t === "time" ? "time.Time" : t === "any" ? "interface {}" : t;
  if ("slice" in t || "map" in t) return t.name;
  if ("ptr" in t) return "*" + typeName(t.ptr);
  return t.struct;
}

/** The zero value of a type (what Go has for an absent field). */
function zero(t: GoType): GoValue {
  return typed(undefined, t);
}

/** Decodes `v` (parsed JSON) as Go type `t`. */
export function typed(v: unknown, t: GoType): GoValue {
  if (t === "string") return typeof v === "string" ? v : "";
  if (t === "int") return typeof v === "number" ? v : 0;
  if (t === "bool") return v === true;
  if (t === "any") return v === undefined ? null : goFromJson(v);
  if (t === "time") return new GoTime((typeof v === "string" ? parseGoTime(v) : undefined) ?? ZERO_TIME);
  if ("slice" in t) {
    const items = Array.isArray(v) ? v.map((x: unknown) => typed(x, t.slice)) : [];
    return new GoSlice(items, t.name, !Array.isArray(v));
  }
  if ("map" in t) {
    const entries = new Map<string, GoValue>(isObject(v) ? Object.entries(v).map(([k, x]) => [k, typed(x, t.map)]) : []);
    return new GoMap(entries, t.name, zero(t.map), !isObject(v));
  }
  if ("ptr" in t) return v === undefined || v === null ? new GoNilPtr(typeName(t)) : typed(v, t.ptr);
  const obj = isObject(v) ? v : {};
  return new GoStruct(
    t.struct,
    t.fields.map(([name, ft, json, omitEmpty]) => ({
      name,
      value: typed(obj[json ?? name], ft),
      ...(json !== undefined ? { json } : {}),
      ...(omitEmpty ? { omitEmpty } : {}),
    })),
  );
}
