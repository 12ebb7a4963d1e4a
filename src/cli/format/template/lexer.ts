/**
 * Lexer for the Go text/template subset (hand-written: no npm package implements Go
 * templates faithfully). Produces text and action tokens with byte positions, honouring
 * trim markers ("{{- " and " -}}") and comments ("{{/* ... *\/}}").
 */

export type TokKind =
  | "text" | "left" | "right" | "field" | "dot" | "variable" | "ident" | "string" | "number"
  | "bool" | "nil" | "pipe" | "lparen" | "rparen" | "declare" | "assign" | "comma" | "eof";

export interface Token {
  readonly kind: TokKind;
  readonly val: string;
  readonly pos: number;
}

export class TemplateSyntaxError extends Error {
  constructor(readonly line: number, detail: string) {
    super(`template: :${line}: ${detail}`);
  }
}

export const lineAt = (src: string, pos: number): number => 1 + (src.slice(0, pos).match(/\n/g)?.length ?? 0);

const SPACE = /[ \t\r\n]/;
const isAlnum = (c: string): boolean => /[\p{L}\p{N}_]/u.test(c);

export function lex(src: string): Token[] {
  const toks: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const open = src.indexOf("{{", i);
    if (open < 0) {
      toks.push({ kind: "text", val: src.slice(i), pos: i });
      break;
    }
    let text = src.slice(i, open);
    let p = open + 2;
    const trimLeft = src[p] === "-" && SPACE.test(src[p + 1] ?? "");
    if (trimLeft) {
      text = text.replace(/[ \t\r\n]+$/, "");
      p += 2;
    }
    if (text !== "") toks.push({ kind: "text", val: text, pos: i });
    i = lexAction(src, p, open, toks);
  }
  toks.push({ kind: "eof", val: "", pos: src.length });
  return toks;
}

/** Lexes one action starting after "{{" (and an optional trim marker); returns the index after it. */
function lexAction(src: string, start: number, open: number, toks: Token[]): number {
  let p = start;
  while (SPACE.test(src[p] ?? "")) p++;
  if (src.startsWith("/*", p)) {
    const end = src.indexOf("*/", p + 2);
    if (end < 0) throw new TemplateSyntaxError(lineAt(src, open), "unclosed comment");
    return closeAction(src, end + 2, open, toks, true);
  }
  toks.push({ kind: "left", val: "{{", pos: open });
  for (;;) {
    if (p >= src.length) throw new TemplateSyntaxError(lineAt(src, open), "unclosed action");
    const c = src[p]!;
    if (src.startsWith(" -}}", p) || src.startsWith("}}", p)) return closeAction(src, p, open, toks, false);
    if (SPACE.test(c)) {
      p++;
      continue;
    }
    p = lexOne(src, p, toks, open);
  }
}

function closeAction(src: string, p: number, open: number, toks: Token[], comment: boolean): number {
  let q = p;
  while (comment && SPACE.test(src[q] ?? "") && !src.startsWith(" -}}", q)) q++;
  let trimRight = false;
  if (src.startsWith(" -}}", q)) {
    trimRight = true;
    q += 4;
  } else if (src.startsWith("}}", q)) q += 2;
  else throw new TemplateSyntaxError(lineAt(src, open), comment ? "comment ends before closing delimiter" : "unclosed action");
  if (!comment) toks.push({ kind: "right", val: "}}", pos: p });
  if (trimRight) while (SPACE.test(src[q] ?? "")) q++;
  return q;
}

function lexOne(src: string, p: number, toks: Token[], open: number): number {
  const c = src[p]!;
  const push = (kind: TokKind, end: number): number => {
    toks.push({ kind, val: src.slice(p, end), pos: p });
    return end;
  };
  const word = (from: number): number => {
    let q = from;
    while (q < src.length && isAlnum(src[q]!)) q++;
    return q;
  };
  if (c === "|") return push("pipe", p + 1);
  if (c === "(") return push("lparen", p + 1);
  if (c === ")") return push("rparen", p + 1);
  if (c === ",") return push("comma", p + 1);
  if (c === ":" && src[p + 1] === "=") return push("declare", p + 2);
  if (c === "=") return push("assign", p + 1);
  if (c === '"' || c === "`") return push("string", endOfString(src, p, open));
  if (c === "$") return push("variable", word(p + 1));
  if (c === ".") {
    const end = word(p + 1);
    return push(end === p + 1 ? "dot" : "field", end);
  }
  if (/[0-9]/.test(c) || ((c === "-" || c === "+") && /[0-9]/.test(src[p + 1] ?? ""))) {
    const m = /^[+-]?(0[xX][0-9a-fA-F_]+|[0-9_]*\.?[0-9_]+(?:[eE][+-]?[0-9]+)?)/.exec(src.slice(p));
    return push("number", p + (m?.[0].length ?? 1));
  }
  if (isAlnum(c)) {
    const end = word(p);
    const w = src.slice(p, end);
    return push(w === "true" || w === "false" ? "bool" : w === "nil" ? "nil" : "ident", end);
  }
  throw new TemplateSyntaxError(lineAt(src, p), `unexpected ${JSON.stringify(c)} in command`);
}

function endOfString(src: string, p: number, open: number): number {
  const quote = src[p]!;
  let q = p + 1;
  while (q < src.length && src[q] !== quote) {
    if (quote === '"' && src[q] === "\\") q++;
    if (quote === '"' && src[q] === "\n") break;
    q++;
  }
  if (src[q] !== quote) {
    throw new TemplateSyntaxError(lineAt(src, open), quote === '"' ? "unterminated quoted string" : "unterminated raw quoted string");
  }
  return q + 1;
}

/** The value of a Go string literal token. */
export function unquote(tok: string): string {
  if (tok.startsWith("`")) return tok.slice(1, -1);
  return tok.slice(1, -1).replace(/\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[0-7]{3}|.)/g, (_, e: string) => {
    const simple: Record<string, string> = { n: "\n", t: "\t", r: "\r", a: "\x07", b: "\b", f: "\f", v: "\v", "\\": "\\", '"': '"', "'": "'" };
    if (e.length === 1) return simple[e] ?? e;
    if (e[0] === "u" || e[0] === "x") return String.fromCodePoint(parseInt(e.slice(1), 16));
    return String.fromCharCode(parseInt(e, 8));
  });
}
