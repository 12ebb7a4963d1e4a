/**
 * Template functions: Go's builtins (index, len, eq/ne/lt/le/gt/ge, not, print, println,
 * printf) and the docker CLI's (json, join, split, lower, upper, title, pad, truncate).
 * `and`/`or` are evaluated lazily by the executor.
 */
import { ArgCountError, ArgTypeError, FuncError, type FuncMap, type GoFunc } from "./exec.js";
import { GoMap, GoNumber, GoSlice, goIsTrue, goJsonEncode, goSprint, goTypeName, type GoValue } from "../go-value.js";

const arity = (name: string, want: number, fn: GoFunc): GoFunc => (args) => {
  if (args.length !== want) throw new ArgCountError(`wrong number of args for ${name}: want ${want} got ${args.length}`);
  return fn(args);
};

/** A typed parameter: Go checks argument types before the call, at the argument's node. */
function typeError(want: string, v: GoValue, index: number | undefined): Error {
  const msg = `wrong type for value; expected ${want}; got ${goTypeName(v)}`;
  return index === undefined ? new FuncError(msg) : new ArgTypeError(index, msg);
}

function str(v: GoValue, index?: number): string {
  if (typeof v === "string") return v;
  throw typeError("string", v, index);
}

function int(v: GoValue, index?: number): number {
  if (typeof v === "number" && Number.isInteger(v)) return v;
  throw typeError("int", v, index);
}

function basic(v: GoValue): string | number | boolean | null {
  if (v instanceof GoNumber) return Number(v.text);
  if (v === undefined || v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v ?? null;
  throw new FuncError(`invalid type for comparison`);
}

function compare(name: string, a: GoValue, b: GoValue): number {
  const x = basic(a);
  const y = basic(b);
  if (x === null || y === null || typeof x !== typeof y) {
    if (name === "eq" || name === "ne") {
      if (x === null && y === null) return 0;
      if (x === null || y === null) throw new FuncError("invalid type for comparison");
    }
    throw new FuncError("incompatible types for comparison");
  }
  return x === y ? 0 : x < y ? -1 : 1;
}

/** fmt.Sprint: spaces between operands when neither is a string. */
function sprint(args: GoValue[]): string {
  let out = "";
  args.forEach((a, i) => {
    if (i > 0 && typeof a !== "string" && typeof args[i - 1] !== "string") out += " ";
    out += goSprint(a);
  });
  return out;
}

function sprintf(format: string, args: GoValue[]): string {
  let i = 0;
  return format.replace(/%([-+# 0]*)(\d*)([vsdqtx%])/g, (_m, flags: string, width: string, verb: string) => {
    if (verb === "%") return "%";
    const a = args[i++];
    if (a === undefined && i > args.length) return `%!${verb}(MISSING)`;
    let s = verb === "q" ? JSON.stringify(goSprint(a)) : verb === "x" && typeof a === "number" ? a.toString(16) : goSprint(a);
    if (width) s = flags.includes("-") ? s.padEnd(Number(width)) : s.padStart(Number(width));
    return s;
  });
}

function index(args: GoValue[]): GoValue {
  if (args.length === 0) throw new ArgCountError("wrong number of args for index: want at least 1 got 0");
  let v = args[0];
  for (const k of args.slice(1)) {
    if (v instanceof GoMap) v = v.entries.has(str(k)) ? v.entries.get(str(k)) : v.zero;
    else if (v instanceof GoSlice) {
      const n = int(k);
      if (n < 0 || n >= v.items.length) throw new FuncError(`index out of range: ${n}`);
      v = v.items[n];
    } else if (v === null || v === undefined) throw new FuncError("index of untyped nil");
    else throw new FuncError(`can't index item of type ${goTypeName(v)}`);
  }
  return v;
}

function len(v: GoValue): number {
  if (typeof v === "string") return Buffer.byteLength(v);
  if (v instanceof GoMap) return v.entries.size;
  if (v instanceof GoSlice) return v.items.length;
  throw new FuncError(`len of type ${goTypeName(v)}`);
}

const title = (s: string): string => s.replace(/(^|[^\p{L}\p{N}_'])(\p{L})/gu, (_m, sep: string, c: string) => sep + c.toUpperCase());

function join(v: GoValue, sep: GoValue): string {
  if (!(v instanceof GoSlice) || v.typeName !== "[]string") throw typeError("[]string", v, 0);
  return v.items.join(str(sep, 1));
}

/** Go's builtins plus the docker CLI's basic functions (templates.Parse). */
export const DOCKER_FUNCS: FuncMap = {
  json: arity("json", 1, ([v]) => goJsonEncode(v, false)),
  split: arity("split", 2, ([s, sep]) => new GoSlice(str(s, 0).split(str(sep, 1)), "[]string")),
  join: arity("join", 2, ([v, sep]) => join(v, sep)),
  title: arity("title", 1, ([s]) => title(str(s, 0))),
  lower: arity("lower", 1, ([s]) => str(s, 0).toLowerCase()),
  upper: arity("upper", 1, ([s]) => str(s, 0).toUpperCase()),
  pad: arity("pad", 3, ([s, a, b]) => (str(s, 0) === "" ? "" : " ".repeat(int(a, 1)) + str(s, 0) + " ".repeat(int(b, 2)))),
  truncate: arity("truncate", 2, ([s, n]) => Buffer.from(str(s, 0)).subarray(0, int(n, 1)).toString()),
  index,
  len: arity("len", 1, ([v]) => len(v)),
  not: arity("not", 1, ([v]) => !goIsTrue(v)),
  eq: (args) => {
    if (args.length < 2) throw new ArgCountError(`missing argument for comparison`);
    return args.slice(1).some((b) => compare("eq", args[0], b) === 0);
  },
  ne: arity("ne", 2, ([a, b]) => compare("ne", a, b) !== 0),
  lt: arity("lt", 2, ([a, b]) => compare("lt", a, b) < 0),
  le: arity("le", 2, ([a, b]) => compare("le", a, b) <= 0),
  gt: arity("gt", 2, ([a, b]) => compare("gt", a, b) > 0),
  ge: arity("ge", 2, ([a, b]) => compare("ge", a, b) >= 0),
  print: (args) => sprint(args),
  println: (args) => args.map(goSprint).join(" ") + "\n",
  printf: (args) => {
    if (args.length === 0) throw new ArgCountError("wrong number of args for printf: want at least 1 got 0");
    return sprintf(str(args[0], 0), args.slice(1));
  },
};

/** Docker's HeaderFunctions: the header row keeps column names intact. */
export const HEADER_FUNCS: FuncMap = {
  ...DOCKER_FUNCS,
  json: arity("json", 1, ([v]) => str(v, 0)),
  split: arity("split", 2, ([v]) => str(v, 0)),
  join: arity("join", 2, ([v]) => str(v, 0)),
  title: arity("title", 1, ([v]) => str(v, 0)),
  lower: arity("lower", 1, ([v]) => str(v, 0)),
  upper: arity("upper", 1, ([v]) => str(v, 0)),
  truncate: arity("truncate", 2, ([v]) => str(v, 0)),
};

/** Every name a template may call (and/or are handled by the executor). */
export const FUNC_NAMES: ReadonlySet<string> = new Set([...Object.keys(DOCKER_FUNCS), "and", "or"]);
