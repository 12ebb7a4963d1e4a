/**
 * Parser for the Go text/template subset: actions, pipelines with `|`, parentheses,
 * variables (`$x := ...`, `range $i, $v := ...`), if/else if/else, with, range, end.
 * Error texts follow Go's ("template: :1: unexpected EOF", `function "x" not defined`).
 */
import { argString as argText, type ArgNode, type CommandNode, type Node, type PipeNode } from "./ast.js";
import { lex, lineAt, TemplateSyntaxError, unquote, type Token } from "./lexer.js";

export interface Template {
  readonly src: string;
  readonly root: Node[];
}

type End = "end" | "else";

class Parser {
  private i = 0;
  private readonly toks: Token[];

  constructor(
    private readonly src: string,
    private readonly funcs: ReadonlySet<string>,
  ) {
    this.toks = lex(src);
  }

  private peek(offset = 0): Token {
    return this.toks[Math.min(this.i + offset, this.toks.length - 1)]!;
  }
  private next(): Token {
    return this.toks[this.i++] ?? this.toks[this.toks.length - 1]!;
  }
  private fail(pos: number, msg: string): never {
    throw new TemplateSyntaxError(lineAt(this.src, pos), msg);
  }

  parseTop(): Node[] {
    const { list, end } = this.parseList();
    if (end) this.fail(end.pos, `unexpected {{${end.kind}}}`);
    return list;
  }

  /** Parses nodes until EOF or an {{end}} / {{else}} action (consumed up to the keyword). */
  private parseList(): { list: Node[]; end?: { kind: End; pos: number } } {
    const list: Node[] = [];
    for (;;) {
      const t = this.next();
      if (t.kind === "eof") return { list };
      if (t.kind === "text") {
        list.push({ kind: "text", text: t.val });
        continue;
      }
      const kw = this.peek();
      if (kw.kind === "ident" && (kw.val === "end" || kw.val === "else")) {
        this.next();
        return { list, end: { kind: kw.val, pos: kw.pos } };
      }
      list.push(this.parseAction(t.pos));
    }
  }

  private parseAction(pos: number): Node {
    const kw = this.peek();
    if (kw.kind === "ident" && (kw.val === "if" || kw.val === "with" || kw.val === "range")) {
      this.next();
      return this.parseControl(kw.val, kw.pos);
    }
    if (kw.kind === "ident" && ["define", "template", "block", "break", "continue"].includes(kw.val)) {
      this.fail(kw.pos, `{{${kw.val}}} is not supported by berth`);
    }
    return { kind: "action", pos, pipe: this.parsePipe("right", true) };
  }

  private parseControl(kind: "if" | "with" | "range", pos: number): Node {
    const pipe = this.parsePipe("right", kind === "range" ? "range" : true);
    const { list, end } = this.parseList();
    if (!end) this.fail(this.src.length, "unexpected EOF");
    let elseList: Node[] | undefined;
    if (end.kind === "else") {
      const chained = this.peek();
      if ((kind === "if" || kind === "with") && chained.kind === "ident" && chained.val === kind) {
        // {{else if ...}} is {{else}}{{if ...}}...{{end}} sharing the outer {{end}}
        this.next();
        elseList = [this.parseControl(kind, chained.pos)];
      } else {
        this.expect("right");
        const rest = this.parseList();
        if (!rest.end) this.fail(this.src.length, "unexpected EOF");
        if (rest.end.kind === "else") this.fail(rest.end.pos, "expected end; found {{else}}");
        this.expect("right");
        elseList = rest.list;
      }
    } else {
      this.expect("right");
    }
    if (pipe.cmds.length === 0) this.fail(pos, `missing value for ${kind}`);
    return { kind, pos, pipe, list, elseList };
  }

  private expect(kind: Token["kind"]): Token {
    const t = this.next();
    if (t.kind !== kind) this.fail(t.pos, `unexpected ${describe(t)} in end`);
    return t;
  }

  private parseDecl(allow: boolean | "range"): { decl: string[]; isAssign: boolean } {
    if (!allow || this.peek().kind !== "variable") return { decl: [], isAssign: false };
    const a = this.peek(1);
    if (a.kind === "declare" || a.kind === "assign") {
      const v = this.next().val;
      this.next();
      return { decl: [v], isAssign: a.kind === "assign" };
    }
    if (allow === "range" && a.kind === "comma" && this.peek(2).kind === "variable") {
      const op = this.peek(3);
      if (op.kind === "declare" || op.kind === "assign") {
        const v1 = this.next().val;
        this.next();
        const v2 = this.next().val;
        this.next();
        return { decl: [v1, v2], isAssign: op.kind === "assign" };
      }
    }
    return { decl: [], isAssign: false };
  }

  private parsePipe(end: "right" | "rparen", allowDecl: boolean | "range"): PipeNode {
    const pos = this.peek().pos;
    const { decl, isAssign } = this.parseDecl(allowDecl);
    const cmds: CommandNode[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === end) {
        this.next();
        if (cmds.length === 0 && (end === "rparen" || decl.length)) this.fail(t.pos, "missing value for command");
        return { pos, decl, isAssign, cmds };
      }
      if (t.kind === "eof") this.fail(t.pos, end === "right" ? "unclosed action" : "unclosed left paren");
      cmds.push(this.parseCommand(end));
    }
  }

  private parseCommand(end: "right" | "rparen"): CommandNode {
    const pos = this.peek().pos;
    const args: ArgNode[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === end || t.kind === "eof") break;
      if (t.kind === "pipe") {
        this.next();
        if (args.length === 0) this.fail(t.pos, "missing value for command");
        return { pos, args };
      }
      args.push(this.parseOperand());
      // Go requires a space, a pipe or the end of the action after each operand.
      const after = this.peek();
      if (after.pos === this.prevEnd() && after.kind !== end && after.kind !== "pipe" && after.kind !== "eof") {
        this.fail(after.pos, `unexpected ${describe(after)} in operand`);
      }
    }
    if (args.length === 0) this.fail(pos, "empty command");
    return { pos, args };
  }

  private parseOperand(): ArgNode {
    const t = this.next();
    let node: ArgNode;
    switch (t.kind) {
      case "field":
        node = { kind: "field", pos: t.pos, idents: [t.val.slice(1)] };
        break;
      case "variable":
        node = { kind: "variable", pos: t.pos, name: t.val, idents: [] };
        break;
      case "dot":
        node = { kind: "dot", pos: t.pos };
        break;
      case "nil":
        node = { kind: "nil", pos: t.pos };
        break;
      case "bool":
        node = { kind: "bool", pos: t.pos, value: t.val === "true" };
        break;
      case "number":
        node = { kind: "number", pos: t.pos, text: t.val, value: Number(t.val.replace(/_/g, "")) };
        break;
      case "string":
        node = { kind: "string", pos: t.pos, quoted: t.val, value: unquote(t.val) };
        break;
      case "ident":
        if (!this.funcs.has(t.val)) this.fail(t.pos, `function ${JSON.stringify(t.val)} not defined`);
        node = { kind: "ident", pos: t.pos, name: t.val };
        break;
      case "lparen":
        node = { kind: "pipe", pos: t.pos, pipe: this.parsePipe("rparen", false) };
        break;
      default:
        this.fail(t.pos, `unexpected ${describe(t)} in operand`);
    }
    return this.parseChain(node);
  }

  /** Field accesses directly following an operand: .A.B, $x.A, (pipe).A */
  private parseChain(node: ArgNode): ArgNode {
    const idents: string[] = [];
    const chainPos = this.peek().pos;
    while (this.peek().kind === "field" && this.peek().pos === this.prevEnd()) {
      idents.push(this.next().val.slice(1));
    }
    if (idents.length === 0) return node;
    // Go quirk: a merged .A.B node takes the position of its second part.
    if (node.kind === "field" || node.kind === "variable") return { ...node, pos: chainPos, idents: [...node.idents, ...idents] };
    if (node.kind === "dot" || node.kind === "nil" || node.kind === "bool" || node.kind === "number" || node.kind === "string") {
      this.fail(node.pos, `unexpected . after term ${JSON.stringify(argText(node))}`);
    }
    return { kind: "chain", pos: node.pos, node, idents };
  }

  private prevEnd(): number {
    const prev = this.toks[this.i - 1]!;
    return prev.pos + prev.val.length;
  }
}

/** Go's item.String(): keywords as <x>, long values cut to 10 characters. */
function describe(t: Token): string {
  if (t.kind === "eof") return "EOF";
  if (t.kind === "dot" || t.kind === "nil" || (t.kind === "ident" && KEYWORDS.has(t.val))) return `<${t.val}>`;
  if (t.val.length > 10) return JSON.stringify(t.val.slice(0, 10)) + "...";
  return JSON.stringify(t.val);
}

const KEYWORDS = new Set(["block", "break", "continue", "define", "else", "end", "if", "range", "template", "with"]);

/** Parses `src`; `funcs` are the function names the template may call. */
export function parseTemplate(src: string, funcs: ReadonlySet<string>): Template {
  return { src, root: new Parser(src, funcs).parseTop() };
}
