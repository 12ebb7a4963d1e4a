/**
 * Checked reads of the JSON `doc` columns, shared by the codecs. Each helper throws a TypeError
 * naming the field; the codec turns it into a System error naming the row. `int` is also used
 * when encoding, so a number JSON cannot hold exactly (NaN, 1.5, 2^60) is refused on write
 * instead of being stored as something else.
 */

export type Json = Readonly<Record<string, unknown>>;

export function asObject(v: unknown, field: string): Json {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new TypeError(`${field} is not an object`);
  return v as Json;
}

export function asArray(v: unknown, field: string): readonly unknown[] {
  if (!Array.isArray(v)) throw new TypeError(`${field} is not an array`);
  return v;
}

export function asString(v: unknown, field: string): string {
  if (typeof v !== "string") throw new TypeError(`${field} is not a string`);
  return v;
}

export function asBool(v: unknown, field: string): boolean {
  if (typeof v !== "boolean") throw new TypeError(`${field} is not a boolean`);
  return v;
}

/** A safe integer (what Docker's int fields hold); -0 is read and written as 0. */
export function int(v: unknown, field: string): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v)) throw new TypeError(`${field} is not an integer`);
  return v === 0 ? 0 : v;
}

export function asStringArray(v: unknown, field: string): string[] {
  return asArray(v, field).map((x, i) => asString(x, `${field}[${i}]`));
}

/** Object.fromEntries defines own properties, so keys such as "__proto__" survive intact. */
export function asStringMap(v: unknown, field: string): Readonly<Record<string, string>> {
  const entries = Object.entries(asObject(v, field)).map(([k, x]) => [k, asString(x, `${field}.${k}`)] as const);
  return Object.fromEntries(entries);
}

/** A string-valued field that may be absent; present-but-not-a-string is an error. */
export function optionalString<K extends string>(o: Json, key: K, field: string): { readonly [P in K]?: string } {
  const v = o[key];
  return v === undefined ? {} : ({ [key]: asString(v, field) } as { [P in K]: string });
}
