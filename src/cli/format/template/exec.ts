/**
 * Evaluator for the Go text/template subset over GoValue data. Errors read as Go's:
 * `template: :1:2: executing "" at <.Foo>: can't evaluate field Foo in type string`.
 */
import { argString, commandString, type ArgNode, type ControlNode, type CommandNode, type Node, type PipeNode } from "./ast.js";
import type { Template } from "./parser.js";
import { GoMap, GoNilPtr, GoSlice, GoStruct, goIsTrue, goSprint, goTypeName, type GoValue } from "../go-value.js";

/** A template function; throw FuncError for Go's "error calling NAME: ..." */
export type GoFunc = (args: GoValue[]) => GoValue;
export type FuncMap = Readonly<Record<string, GoFunc>>;

export class FuncError extends Error {}

/** Thrown by a function when argument `index` has the wrong type (reported at that argument). */
export class ArgTypeError extends Error {
  constructor(
    readonly index: number,
    message: string,
  ) {
    super(message);
  }
}

/** Thrown by a function given the wrong number of arguments. */
export class ArgCountError extends Error {}

export class TemplateExecError extends Error {}

export interface ExecOptions {
  readonly funcs: FuncMap;
  /** Go's Option("missingkey=error"): a missing map key is an error, not "<no value>". */
  readonly missingKeyError?: boolean;
}

const MISSING = Symbol("missing");
type Final = GoValue | typeof MISSING;

class State {
  private vars: { name: string; value: GoValue }[];
  out = "";

  constructor(
    private readonly tmpl: Template,
    private readonly opts: ExecOptions,
    dot: GoValue,
  ) {
    this.vars = [{ name: "$", value: dot }];
  }

  fail(pos: number, context: string, msg: string): never {
    const before = this.tmpl.src.slice(0, pos);
    const nl = before.lastIndexOf("\n");
    const line = 1 + (before.match(/\n/g)?.length ?? 0);
    const col = nl < 0 ? pos : pos - nl - 1;
    throw new TemplateExecError(`template: :${line}:${col}: executing "" at <${context}>: ${msg}`);
  }

  walk(dot: GoValue, nodes: readonly Node[]): void {
    for (const n of nodes) {
      if (n.kind === "text") this.out += n.text;
      else if (n.kind === "action") {
        const v = this.evalPipe(dot, n.pipe);
        if (n.pipe.decl.length === 0) this.out += v === null || v === undefined ? "<no value>" : goSprint(v);
      } else this.walkControl(dot, n);
    }
  }

  private walkControl(dot: GoValue, n: ControlNode): void {
    const mark = this.vars.length;
    const v = this.evalPipe(dot, n.pipe);
    if (n.kind === "range") this.walkRange(dot, n, v, mark);
    else if (goIsTrue(v)) this.walk(n.kind === "with" ? v : dot, n.list);
    else if (n.elseList) this.walk(dot, n.elseList);
    this.vars.length = mark;
  }

  private walkRange(dot: GoValue, n: ControlNode, v: GoValue, mark: number): void {
    const pairs: [GoValue, GoValue][] = [];
    if (v instanceof GoSlice) v.items.forEach((x, i) => pairs.push([i, x]));
    else if (v instanceof GoMap) for (const k of v.sortedKeys()) pairs.push([k, v.entries.get(k)]);
    else if (typeof v === "number") for (let i = 0; i < v; i++) pairs.push([i, i]);
    else if (v !== undefined && v !== null) this.fail(n.pos, "range " + pipeText(n.pipe), `range can't iterate over ${goSprint(v)}`);
    if (pairs.length === 0) {
      if (n.elseList) this.walk(dot, n.elseList);
      return;
    }
    for (const [k, x] of pairs) {
      this.vars.length = mark;
      if (n.pipe.decl.length === 1) this.vars.push({ name: n.pipe.decl[0]!, value: x });
      if (n.pipe.decl.length === 2) this.vars.push({ name: n.pipe.decl[0]!, value: k }, { name: n.pipe.decl[1]!, value: x });
      this.walk(x, n.list);
    }
  }

  evalPipe(dot: GoValue, pipe: PipeNode): GoValue {
    let value: Final = MISSING;
    for (const cmd of pipe.cmds) value = this.evalCommand(dot, cmd, value);
    const result = value === MISSING ? undefined : value;
    for (const name of pipe.decl) {
      if (pipe.isAssign) {
        const slot = [...this.vars].reverse().find((x) => x.name === name);
        if (!slot) this.fail(pipe.pos, name, `undefined variable: ${name}`);
        slot.value = result;
      } else this.vars.push({ name, value: result });
    }
    return result;
  }

  private evalCommand(dot: GoValue, cmd: CommandNode, final: Final): GoValue {
    const first = cmd.args[0]!;
    switch (first.kind) {
      case "field":
        return this.evalChain(dot, dot, first, first.idents, cmd.args, final);
      case "variable":
        return this.evalChain(dot, this.lookupVar(first), first, first.idents, cmd.args, final);
      case "chain":
        return this.evalChain(dot, this.evalArg(dot, first.node), first, first.idents, cmd.args, final);
      case "ident":
        return this.callFunc(dot, first.name, cmd, final);
      default:
        if (cmd.args.length > 1 || final !== MISSING) this.fail(first.pos, argString(first), `can't give argument to non-function ${argString(first)}`);
        if (first.kind === "nil") this.fail(first.pos, "nil", "nil is not a command");
        return this.evalArg(dot, first);
    }
  }

  private lookupVar(n: Extract<ArgNode, { kind: "variable" }>): GoValue {
    const slot = [...this.vars].reverse().find((x) => x.name === n.name);
    if (!slot) this.fail(n.pos, n.name, `undefined variable: ${n.name}`);
    return slot.value;
  }

  evalArg(dot: GoValue, n: ArgNode): GoValue {
    switch (n.kind) {
      case "dot":
        return dot;
      case "nil":
        return null;
      case "bool":
      case "number":
      case "string":
        return n.value;
      case "pipe":
        return this.evalPipe(dot, n.pipe);
      default:
        return this.evalCommand(dot, { pos: n.pos, args: [n] }, MISSING);
    }
  }

  private evalChain(dot: GoValue, recv: GoValue, node: ArgNode, idents: string[], args: ArgNode[], final: Final): GoValue {
    let v = recv;
    let staticType: string | undefined;
    idents.forEach((name, i) => {
      const last = i === idents.length - 1;
      const from = v;
      v = this.evalField(dot, v, name, node, last ? args.slice(1) : [], last ? final : MISSING, staticType);
      // Values read from map[string]interface{} have the static type interface {}.
      staticType = from instanceof GoMap && from.typeName === "map[string]interface {}" ? "interface {}" : undefined;
    });
    return v;
  }

  private evalField(dot: GoValue, recv: GoValue, name: string, node: ArgNode, args: ArgNode[], final: Final, staticType?: string): GoValue {
    const ctx = argString(node);
    if (recv === undefined) {
      if (this.opts.missingKeyError) this.fail(node.pos, ctx, `nil data; no entry for key ${JSON.stringify(name)}`);
      return undefined;
    }
    const hasArgs = args.length > 0 || final !== MISSING;
    const m = recv instanceof GoStruct || recv instanceof GoMap ? recv.methods[name] : undefined;
    if (m) {
      const vals = args.map((a) => this.evalArg(dot, a));
      if (final !== MISSING) vals.push(final);
      if (vals.length !== m.arity) this.fail(node.pos, ctx, `wrong number of args for ${name}: want ${m.arity} got ${vals.length}`);
      return m.fn(vals);
    }
    if (recv instanceof GoStruct) {
      const f = recv.field(name);
      if (f) {
        if (hasArgs) this.fail(node.pos, ctx, `${name} has arguments but cannot be invoked as function`);
        return f.value;
      }
    } else if (recv instanceof GoMap) {
      if (hasArgs) this.fail(node.pos, ctx, `${name} is not a method but has arguments`);
      if (recv.entries.has(name)) return recv.entries.get(name);
      if (this.opts.missingKeyError) this.fail(node.pos, ctx, `map has no entry for key ${JSON.stringify(name)}`);
      return undefined;
    } else if (recv === null) {
      this.fail(node.pos, ctx, `nil pointer evaluating interface {}.${name}`);
    } else if (recv instanceof GoNilPtr) {
      this.fail(node.pos, ctx, `nil pointer evaluating ${recv.typeName}.${name}`);
    }
    return this.fail(node.pos, ctx, `can't evaluate field ${name} in type ${staticType ?? goTypeName(recv)}`);
  }

  private callFunc(dot: GoValue, name: string, cmd: CommandNode, final: Final): GoValue {
    const argNodes = cmd.args.slice(1);
    if (name === "and" || name === "or") {
      // Go evaluates and/or lazily, returning the deciding argument.
      const thunks = argNodes.map((a) => () => this.evalArg(dot, a));
      if (final !== MISSING) thunks.push(() => final);
      if (thunks.length === 0) this.fail(cmd.pos, commandString(cmd), `wrong number of args for ${name}: want at least 1 got 0`);
      let v: GoValue;
      for (const t of thunks) {
        v = t();
        if (goIsTrue(v) === (name === "or")) return v;
      }
      return v;
    }
    const fn = this.opts.funcs[name];
    if (!fn) this.fail(cmd.pos, name, `${JSON.stringify(name)} is not a defined function`);
    const vals = argNodes.map((a) => this.evalArg(dot, a));
    if (final !== MISSING) vals.push(final);
    try {
      return fn(vals);
    } catch (e) {
      if (e instanceof ArgCountError) this.fail(cmd.args[0]!.pos, name, e.message);
      if (e instanceof ArgTypeError) {
        const at = argNodes[e.index];
        this.fail(at ? at.pos : cmd.pos, at ? argString(at) : commandString(cmd), e.message);
      }
      if (e instanceof FuncError) this.fail(cmd.pos, commandString(cmd), `error calling ${name}: ${e.message}`);
      throw e;
    }
  }
}

const pipeText = (p: PipeNode): string => p.cmds.map(commandString).join(" | ");

/** Executes a parsed template with `dot` as data; returns the output text. */
export function execTemplate(tmpl: Template, dot: GoValue, opts: ExecOptions): string {
  const st = new State(tmpl, opts, dot);
  st.walk(dot, tmpl.root);
  return st.out;
}

/** Executes and returns what was written before any error (Go writes output as it goes). */
export function execTemplatePartial(tmpl: Template, dot: GoValue, opts: ExecOptions): { out: string; error?: Error } {
  const st = new State(tmpl, opts, dot);
  try {
    st.walk(dot, tmpl.root);
    return { out: st.out };
  } catch (e) {
    if (e instanceof TemplateExecError) return { out: st.out, error: e };
    throw e;
  }
}
