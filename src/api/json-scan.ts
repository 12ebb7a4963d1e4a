/**
 * A JSON syntax scanner that reports errors the way Go's encoding/json does
 * ("invalid character 'x' looking for beginning of value", "unexpected EOF"), and finds
 * where the first value ends, so the body reader can tell trailing content from bad JSON
 * exactly as dockerd's json.Decoder + More() do (spec §1.2).
 */

export type ScanResult =
  | { readonly kind: "value"; readonly start: number; readonly end: number }
  | { readonly kind: "empty" }
  | { readonly kind: "error"; readonly message: string };

const MAX_DEPTH = 10_000;
const isSpace = (c: string | undefined): boolean => c === " " || c === "\t" || c === "\n" || c === "\r";
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= "0" && c <= "9";
const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/.test(c);

class SyntaxFailure extends Error {}
/** Thrown when the input ends inside a value (Go's io.ErrUnexpectedEOF). */
class UnexpectedEof extends Error {}

/** Go's quoteChar: the character in single quotes, escaped like strconv.Quote. */
function quoteChar(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return "'\"'";
  const named: Record<string, string> = { "\x07": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v", "\\": "\\\\" };
  const code = c.codePointAt(0) ?? 0;
  const esc = named[c] ?? (code < 0x20 || code === 0x7f ? `\\x${code.toString(16).padStart(2, "0")}` : c);
  return `'${esc}'`;
}

class Scanner {
  pos: number;
  constructor(
    private readonly s: string,
    start: number,
  ) {
    this.pos = start;
  }

  private peek(): string | undefined {
    return this.s[this.pos];
  }

  /** The next character; the input ending here means the value is unfinished. */
  private next(): string {
    const c = this.s[this.pos++];
    if (c === undefined) throw new UnexpectedEof();
    return c;
  }

  private fail(c: string, context: string): never {
    throw new SyntaxFailure(`invalid character ${quoteChar(c)} ${context}`);
  }

  private skipSpace(): void {
    while (isSpace(this.peek())) this.pos++;
  }

  value(depth: number): void {
    if (depth > MAX_DEPTH) throw new SyntaxFailure("exceeded max depth");
    this.skipSpace();
    const c = this.next();
    if (c === "{") return this.object(depth);
    if (c === "[") return this.array(depth);
    if (c === '"') return this.string();
    if (c === "-" || isDigit(c)) return this.number(c);
    if (c === "t") return this.literal("true");
    if (c === "f") return this.literal("false");
    if (c === "n") return this.literal("null");
    this.fail(c, "looking for beginning of value");
  }

  private object(depth: number): void {
    this.skipSpace();
    if (this.peek() === "}") {
      this.pos++;
      return;
    }
    for (;;) {
      this.skipSpace();
      const q = this.next();
      if (q !== '"') this.fail(q, "looking for beginning of object key string");
      this.string();
      this.skipSpace();
      const colon = this.next();
      if (colon !== ":") this.fail(colon, "after object key");
      this.value(depth + 1);
      this.skipSpace();
      const sep = this.next();
      if (sep === "}") return;
      if (sep !== ",") this.fail(sep, "after object key:value pair");
    }
  }

  private array(depth: number): void {
    this.skipSpace();
    if (this.peek() === "]") {
      this.pos++;
      return;
    }
    for (;;) {
      this.value(depth + 1);
      this.skipSpace();
      const sep = this.next();
      if (sep === "]") return;
      if (sep !== ",") this.fail(sep, "after array element");
    }
  }

  private string(): void {
    for (;;) {
      const c = this.next();
      if (c === '"') return;
      if (c === "\\") this.escape();
      else if (c < " ") this.fail(c, "in string literal");
    }
  }

  private escape(): void {
    const e = this.next();
    if ('bfnrt\\/"'.includes(e)) return;
    if (e !== "u") this.fail(e, "in string escape code");
    for (let i = 0; i < 4; i++) {
      const h = this.next();
      if (!isHex(h)) this.fail(h, "in \\u hexadecimal character escape");
    }
  }

  /** Numbers end at the first character that cannot continue them (checked by the caller). */
  private number(first: string): void {
    let c = first;
    if (c === "-") {
      c = this.next();
      if (!isDigit(c)) this.fail(c, "in numeric literal");
    }
    if (c !== "0") while (isDigit(this.peek())) this.pos++;
    if (this.peek() === ".") {
      this.pos++;
      const d = this.next();
      if (!isDigit(d)) this.fail(d, "after decimal point in numeric literal");
      while (isDigit(this.peek())) this.pos++;
    }
    if (this.peek() === "e" || this.peek() === "E") {
      this.pos++;
      let d = this.next();
      if (d === "+" || d === "-") d = this.next();
      if (!isDigit(d)) this.fail(d, "in exponent of numeric literal");
      while (isDigit(this.peek())) this.pos++;
    }
  }

  private literal(word: string): void {
    for (const want of word.slice(1)) {
      const c = this.next();
      if (c !== want) this.fail(c, `in literal ${word} (expecting ${quoteChar(want)})`);
    }
  }
}

/** Scans the first JSON value of `text` (after leading whitespace). */
export function scanFirstJsonValue(text: string): ScanResult {
  let start = 0;
  while (isSpace(text[start])) start++;
  if (start === text.length) return { kind: "empty" };
  const sc = new Scanner(text, start);
  try {
    sc.value(0);
    return { kind: "value", start, end: sc.pos };
  } catch (e) {
    if (e instanceof UnexpectedEof) return { kind: "error", message: "unexpected EOF" };
    if (e instanceof SyntaxFailure) return { kind: "error", message: e.message };
    throw e;
  }
}

/**
 * Go's Decoder.More() at top level after the first value: true when the next non-space
 * character exists and is not a closing bracket (a quirk kept on purpose).
 */
export function hasMoreContent(text: string, from: number): boolean {
  let i = from;
  while (isSpace(text[i])) i++;
  const c = text[i];
  return c !== undefined && c !== "]" && c !== "}";
}
