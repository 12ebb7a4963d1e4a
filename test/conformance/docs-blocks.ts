/**
 * The runnable examples in docs/*.md: fenced blocks whose info string is `sh`, optionally
 * followed by a tag (`sh needs-dns`, `sh needs-ports`; see pending.ts). Other blocks
 * (`console`, `text`, ...) are illustrations and never run.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export interface DocBlock {
  readonly file: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly tag: string;
  readonly code: string;
}

export function docBlocks(text: string, file: string): DocBlock[] {
  const out: DocBlock[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*(.*)$/.exec(lines[i] ?? "");
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i] ?? ""); i++) body.push(lines[i] ?? "");
    if (open[1] === "sh") out.push({ file, line: start + 1, tag: (open[2] ?? "").trim(), code: body.join("\n") });
  }
  return out;
}

export function docFiles(docsDir: string): string[] {
  return readdirSync(docsDir).filter((f) => f.endsWith(".md")).sort().map((f) => path.join(docsDir, f));
}

export const readBlocks = (file: string): DocBlock[] => docBlocks(readFileSync(file, "utf8"), path.basename(file));

/**
 * The block as a bash script: `set -euo pipefail`, and a line `! cmd` (a documented failure)
 * fails the example when cmd succeeds (bash's `!` alone would not stop a `set -e` script).
 */
export function toScript(code: string): string {
  const lines = code.split("\n").map((l) => {
    const m = /^!\s+(.*)$/.exec(l);
    if (!m) return l;
    const what = JSON.stringify(`expected to fail: ${m[1]}`);
    return `if ${m[1]}\nthen echo ${what} >&2; exit 1; fi`;
  });
  return ["set -euo pipefail", ...lines].join("\n");
}
