/**
 * Typed decoding of parsed JSON into wire structs with Go's encoding/json semantics and
 * error texts: field names match case-insensitively, `null` leaves a field unset, unknown
 * fields are ignored, and a wrong type fails with
 * `json: cannot unmarshal number into Go struct field NetworkCreateRequest.Name of type string`.
 */

/** A Go UnmarshalTypeError; the body reader prefixes "invalid JSON: " as dockerd does. */
export class JsonTypeError extends Error {
  override readonly name = "JsonTypeError";
}

/** The JSON kind as Go names it in errors. */
export function jsonKind(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "boolean") return "bool";
  return typeof v === "object" ? "object" : typeof v; // "string" | "number"
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A value at top level must be an object (or null, which decodes to the zero struct). */
export function topLevelObject(v: unknown, goType: string): Record<string, unknown> {
  if (v === null || v === undefined) return {};
  if (!isRecord(v)) throw new JsonTypeError(`json: cannot unmarshal ${jsonKind(v)} into Go value of type ${goType}`);
  return v;
}

/**
 * Reads the fields of one JSON object as a Go struct. `struct` is the Go struct's name and
 * `path` the JSON field path from the top (Go reports both in type errors).
 */
export class StructReader {
  constructor(
    private readonly obj: Readonly<Record<string, unknown>>,
    private readonly structName: string,
    private readonly path: readonly string[] = [],
  ) {}

  /** The raw value of a field: exact key, else case-insensitive; last one wins as in Go. */
  raw(field: string): unknown {
    const lower = field.toLowerCase();
    let found: unknown = undefined;
    for (const [k, v] of Object.entries(this.obj)) if (k === field || k.toLowerCase() === lower) found = v;
    return found;
  }

  private typeError(field: string, v: unknown, goType: string, valueText?: string): JsonTypeError {
    const where = [...this.path, field].join(".");
    return new JsonTypeError(
      `json: cannot unmarshal ${valueText ?? jsonKind(v)} into Go struct field ${this.structName}.${where} of type ${goType}`,
    );
  }

  string(field: string): string | undefined {
    const v = this.raw(field);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "string") throw this.typeError(field, v, "string");
    return v;
  }

  bool(field: string): boolean | undefined {
    const v = this.raw(field);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "boolean") throw this.typeError(field, v, "bool");
    return v;
  }

  /** A Go int: a JSON number without fraction or exponent overflow. */
  int(field: string): number | undefined {
    const v = this.raw(field);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "number") throw this.typeError(field, v, "int");
    if (!Number.isSafeInteger(v)) throw this.typeError(field, v, "int", `number ${v}`);
    return v;
  }

  /** map[string]string; null gives null (a nil map). */
  stringMap(field: string): Record<string, string> | null | undefined {
    const v = this.raw(field);
    if (v === undefined || v === null) return v as null | undefined;
    if (!isRecord(v)) throw this.typeError(field, v, "map[string]string");
    const out: Record<string, string> = {};
    for (const [k, x] of Object.entries(v)) {
      if (x === null) out[k] = "";
      else if (typeof x !== "string") throw this.typeError(field, x, "string");
      else out[k] = x;
    }
    return out;
  }

  /** []string; null gives null (a nil slice). */
  stringArray(field: string): string[] | null | undefined {
    const v = this.raw(field);
    if (v === undefined || v === null) return v as null | undefined;
    if (!Array.isArray(v)) throw this.typeError(field, v, "[]string");
    return v.map((x: unknown) => {
      if (x === null) return "";
      if (typeof x !== "string") throw this.typeError(field, x, "string");
      return x;
    });
  }

  /** A nested struct (Go pointer or value); null gives null. */
  struct<T>(field: string, structName: string, goType: string, read: (r: StructReader) => T): T | null | undefined {
    const v = this.raw(field);
    if (v === undefined || v === null) return v as null | undefined;
    if (!isRecord(v)) throw this.typeError(field, v, goType);
    return read(new StructReader(v, structName, [...this.path, field]));
  }

  /** A slice of structs; null gives null, a null element the zero struct. */
  structArray<T>(
    field: string,
    elem: { readonly structName: string; readonly goType: string },
    read: (r: StructReader) => T,
  ): T[] | null | undefined {
    const v = this.raw(field);
    if (v === undefined || v === null) return v as null | undefined;
    if (!Array.isArray(v)) throw this.typeError(field, v, `[]${elem.goType}`);
    return v.map((x: unknown) => {
      if (x !== null && !isRecord(x)) throw this.typeError(field, x, elem.goType);
      return read(new StructReader(x ?? {}, elem.structName, [...this.path, field]));
    });
  }
}
