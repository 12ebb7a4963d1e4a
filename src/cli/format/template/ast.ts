/** Parse tree of the Go text/template subset. `pos` is the byte offset in the source. */

export type ArgNode =
  | { kind: "field"; pos: number; idents: string[] } // .A.B
  | { kind: "variable"; pos: number; name: string; idents: string[] } // $x.A
  | { kind: "chain"; pos: number; node: ArgNode; idents: string[] } // (pipe).A
  | { kind: "dot"; pos: number }
  | { kind: "nil"; pos: number }
  | { kind: "bool"; pos: number; value: boolean }
  | { kind: "number"; pos: number; text: string; value: number }
  | { kind: "string"; pos: number; quoted: string; value: string }
  | { kind: "ident"; pos: number; name: string } // a function name
  | { kind: "pipe"; pos: number; pipe: PipeNode }; // parenthesised pipeline

export interface CommandNode {
  readonly pos: number;
  readonly args: ArgNode[];
}

export interface PipeNode {
  readonly pos: number;
  readonly decl: string[];
  readonly isAssign: boolean;
  readonly cmds: CommandNode[];
}

export interface ControlNode {
  readonly kind: "if" | "with" | "range";
  readonly pos: number;
  readonly pipe: PipeNode;
  readonly list: Node[];
  readonly elseList: Node[] | undefined;
}

export type Node = { kind: "text"; text: string } | { kind: "action"; pos: number; pipe: PipeNode } | ControlNode;

export function argString(n: ArgNode): string {
  switch (n.kind) {
    case "field":
      return "." + n.idents.join(".");
    case "variable":
      return [n.name, ...n.idents].join(".");
    case "chain":
      return argString(n.node) + "." + n.idents.join(".");
    case "dot":
      return ".";
    case "nil":
      return "nil";
    case "bool":
      return String(n.value);
    case "number":
      return n.text;
    case "string":
      return n.quoted;
    case "ident":
      return n.name;
    case "pipe":
      return "(" + pipeString(n.pipe) + ")";
  }
}

export const commandString = (c: CommandNode): string => c.args.map(argString).join(" ");

export function pipeString(p: PipeNode): string {
  const decl = p.decl.length ? p.decl.join(", ") + (p.isAssign ? " = " : " := ") : "";
  return decl + p.cmds.map(commandString).join(" | ");
}
