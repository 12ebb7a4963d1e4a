/**
 * A small model of Go values, so templates and JSON behave as they do on the docker CLI:
 * structs keep field order, maps print and encode with sorted keys, fmt's %v formatting
 * ("map[a:1]", "{x y}", "<nil>"), and encoding/json with omitempty. `undefined` is Go's
 * invalid reflect.Value (a missing map key), printed by templates as "<no value>".
 */
import { goJsonString } from "./go-json.js";
import { goTimeRfc3339Nano, goTimeString, type GoTimeValue } from "./go-time.js";

export type GoValue = string | number | boolean | null | undefined | GoNumber | GoMap | GoSlice | GoStruct | GoTime | GoNilPtr;

/** A typed nil pointer (e.g. a *container.Health): prints "<nil>", encodes as null, is false. */
export class GoNilPtr {
  constructor(readonly typeName: string) {}
}

/** json.Number: a number decoded by the raw-inspect fallback, kept as its text. */
export class GoNumber {
  constructor(readonly text: string) {}
}

export class GoTime {
  constructor(readonly t: GoTimeValue) {}
}

export class GoMap {
  constructor(
    readonly entries: ReadonlyMap<string, GoValue>,
    readonly typeName: string, // e.g. "map[string]string"
    readonly zero: GoValue, // value of a missing key for `index`
    readonly isNil = false,
    readonly methods: Readonly<Record<string, { arity: number; fn: GoMethod }>> = {},
  ) {}
  sortedKeys(): string[] {
    return [...this.entries.keys()].sort(compareBytes);
  }
}

export class GoSlice {
  constructor(
    readonly items: readonly GoValue[],
    readonly typeName: string,
    readonly isNil = false,
  ) {}
}

export interface GoField {
  readonly name: string;
  readonly value: GoValue;
  readonly json?: string; // JSON key when it differs from the name
  readonly omitEmpty?: boolean;
}

export type GoMethod = (args: GoValue[]) => GoValue;

export class GoStruct {
  constructor(
    readonly typeName: string, // e.g. "network.Inspect" or "*network.networkContext"
    readonly fields: readonly GoField[],
    readonly methods: Readonly<Record<string, { arity: number; fn: GoMethod }>> = {},
    readonly marshalJSON?: () => string,
  ) {}
  field(name: string): GoField | undefined {
    return this.fields.find((f) => f.name === name);
  }
}

/** Byte-wise comparison of UTF-16 strings equals code point order, as Go sorts keys. */
export function compareBytes(a: string, b: string): number {
  const ab = Buffer.from(a, "utf8");
  const bb = Buffer.from(b, "utf8");
  return Buffer.compare(ab, bb);
}

export const stringMap = (rec: Readonly<Record<string, string>> | null | undefined): GoMap =>
  new GoMap(new Map(Object.entries(rec ?? {})), "map[string]string", "", rec === null || rec === undefined);

/** The Go type name used in template error messages. */
export function goTypeName(v: GoValue): string {
  if (v === undefined || v === null) return "interface {}";
  if (typeof v === "string") return "string";
  if (typeof v === "number") return "int";
  if (typeof v === "boolean") return "bool";
  if (v instanceof GoNumber) return "json.Number";
  if (v instanceof GoTime) return "time.Time";
  return v.typeName;
}

/** fmt.Sprint("%v") of one value; nil prints as "<nil>" (templates print a nil result as "<no value>"). */
export function goSprint(v: GoValue): string {
  if (v === undefined) return "<no value>";
  if (v === null || v instanceof GoNilPtr) return "<nil>";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (v instanceof GoNumber) return v.text;
  if (v instanceof GoTime) return goTimeString(v.t);
  if (v instanceof GoMap) return "map[" + v.sortedKeys().map((k) => `${k}:${goSprint(v.entries.get(k))}`).join(" ") + "]";
  if (v instanceof GoSlice) return "[" + v.items.map(goSprint).join(" ") + "]";
  const body = "{" + v.fields.map((f) => goSprint(f.value)).join(" ") + "}";
  return v.typeName.startsWith("*") ? "&" + body : body;
}

function isEmptyValue(v: GoValue): boolean {
  if (v === undefined || v === null || v === "" || v === 0 || v === false || v instanceof GoNilPtr) return true;
  if (v instanceof GoMap) return v.entries.size === 0;
  if (v instanceof GoSlice) return v.items.length === 0;
  return false;
}

/** encoding/json Marshal of a value (escapeHTML as json.Marshal; false as the template `json`). */
export function goJsonEncode(v: GoValue, escapeHTML: boolean): string {
  if (v === undefined || v === null || v instanceof GoNilPtr) return "null";
  if (typeof v === "string") return goJsonString(v, escapeHTML);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (v instanceof GoNumber) return v.text;
  if (v instanceof GoTime) return '"' + goTimeRfc3339Nano(v.t) + '"';
  if (v instanceof GoMap) {
    if (v.isNil) return "null";
    const parts = v.sortedKeys().map((k) => goJsonString(k, escapeHTML) + ":" + goJsonEncode(v.entries.get(k), escapeHTML));
    return "{" + parts.join(",") + "}";
  }
  if (v instanceof GoSlice) {
    return v.isNil ? "null" : "[" + v.items.map((x) => goJsonEncode(x, escapeHTML)).join(",") + "]";
  }
  if (v.marshalJSON) return v.marshalJSON();
  const parts = v.fields
    .filter((f) => !(f.omitEmpty && isEmptyValue(f.value)))
    .map((f) => goJsonString(f.json ?? f.name, escapeHTML) + ":" + goJsonEncode(f.value, escapeHTML));
  return "{" + parts.join(",") + "}";
}

/** text/template truth: false, 0, "", nil and empty maps/slices are false. */
export function goIsTrue(v: GoValue): boolean {
  if (v === undefined || v === null || v instanceof GoNilPtr) return false;
  if (typeof v === "string") return v !== "";
  if (typeof v === "number") return v !== 0;
  if (typeof v === "boolean") return v;
  if (v instanceof GoNumber) return v.text !== "";
  if (v instanceof GoMap) return v.entries.size > 0;
  if (v instanceof GoSlice) return v.items.length > 0;
  return true;
}

/** Decodes JSON into map[string]interface{} values with json.Number (the raw fallback). */
export function goFromJson(v: unknown): GoValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "number") return new GoNumber(String(v));
  if (Array.isArray(v)) return new GoSlice(v.map(goFromJson), "[]interface {}");
  const entries = new Map<string, GoValue>();
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) entries.set(k, goFromJson(x));
  return new GoMap(entries, "map[string]interface {}", null);
}
