/**
 * In-memory NftOps for unit tests. It understands the top-level statements Berth writes
 * (`add table`, `table F N { ... }`, `delete table`, `flush ruleset`) and keeps each table's
 * body as text, so listings contain the same chains, rules and comments that were applied.
 *
 * Like the kernel it is transactional (a failing script changes nothing) and rejects some
 * errors nft would reject: unbalanced braces or quotes, deleting a missing table, a jump to a
 * chain the table does not declare, and (when built with `bridgeMeta: false`, as on kernels
 * without CONFIG_NFT_BRIDGE_META) `meta ibrname`.
 */
import { systemError } from "../lib/errors.js";
import { assertTableRef, deleteTableScript, type NftOps, type NftTableRef } from "./nft.js";
import type { Netns } from "./exec.js";

export interface FakeNftOptions {
  /** Whether the fake kernel supports `meta ibrname` (nft_meta_bridge). Default true. */
  readonly bridgeMeta?: boolean;
}

type Tables = Map<string, { family: string; name: string; body: string[] }>;

const nsKey = (netns?: Netns): string => (!netns || netns.kind === "current" ? "current" : netns.path);
const TABLE_STMT = /^(add\s+)?table\s+(\S+)\s+(\S+)$/;

/** Splits a script into top-level statements; a block `{ ... }` stays attached to its head. */
function statements(script: string): { head: string; body?: string }[] {
  const out: { head: string; body?: string }[] = [];
  let head = "";
  let body = "";
  let depth = 0;
  let quoted = false;
  const flush = (): void => {
    if (head.trim()) out.push(depth === 0 && body ? { head: head.trim(), body } : { head: head.trim() });
    head = "";
    body = "";
  };
  for (let i = 0; i < script.length; i++) {
    const c = script.charAt(i);
    if (!quoted && c === "#") {
      while (i + 1 < script.length && script.charAt(i + 1) !== "\n") i++;
      continue;
    }
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === "{" && depth++ === 0) continue;
    else if (!quoted && c === "}") {
      if (--depth < 0) throw systemError("fake nft: syntax error, unexpected '}'");
      if (depth === 0) {
        body ||= " ";
        flush();
        continue;
      }
    } else if (!quoted && depth === 0 && (c === "\n" || c === ";")) {
      flush();
      continue;
    }
    if (depth > 0) body += c;
    else head += c;
  }
  if (quoted || depth !== 0) throw systemError("fake nft: syntax error, unbalanced quotes or braces");
  flush();
  return out;
}

/** Body lines re-indented by brace depth, comments dropped, roughly as `nft list` prints them. */
function bodyLines(body: string): string[] {
  const lines: string[] = [];
  let depth = 1;
  for (const raw of body.split("\n")) {
    const line = raw.trim();
    if (!line) continue;
    if (line.startsWith("}")) depth--;
    lines.push("\t".repeat(Math.max(depth, 1)) + line);
    if (line.endsWith("{")) depth++;
  }
  return lines;
}

function checkJumps(key: string, body: string[]): void {
  const text = body.join("\n");
  const declared = new Set([...text.matchAll(/\bchain\s+(\S+)\s*\{/g)].map((m) => m[1]));
  for (const m of text.matchAll(/\b(?:jump|goto)\s+([A-Za-z0-9_./-]+)/g)) {
    if (!declared.has(m[1])) throw systemError(`fake nft: table ${key}: jump to undeclared chain "${m[1]}"`);
  }
}

export class FakeNft implements NftOps {
  /** Every script passed to apply(), in order (a test can count transactions). */
  readonly applied: string[] = [];
  private readonly spaces = new Map<string, Tables>();
  private readonly bridgeMeta: boolean;
  private failure: Error | undefined;

  /** Makes the next apply() fail with `error` (once), for rollback tests. */
  failNextApply(error: Error = systemError("injected nft failure")): void {
    this.failure = error;
  }

  constructor(opts: FakeNftOptions = {}) {
    this.bridgeMeta = opts.bridgeMeta ?? true;
  }

  async apply(script: string, netns?: Netns): Promise<void> {
    const failure = this.failure;
    this.failure = undefined;
    if (failure) throw failure;
    this.applied.push(script);
    this.spaces.set(nsKey(netns), this.run(script, netns));
  }

  async check(script: string, netns?: Netns): Promise<void> {
    this.run(script, netns);
  }

  async listTables(netns?: Netns): Promise<NftTableRef[]> {
    return [...this.tables(netns).values()].map(({ family, name }) => ({ family, name }));
  }

  async listTable(family: string, name: string, netns?: Netns): Promise<string | undefined> {
    assertTableRef(family, name);
    const t = this.tables(netns).get(`${family} ${name}`);
    return t && `table ${family} ${name} {\n${t.body.join("\n")}${t.body.length ? "\n" : ""}}\n`;
  }

  async deleteTable(family: string, name: string, netns?: Netns): Promise<void> {
    await this.apply(deleteTableScript(family, name), netns);
  }

  /** What `nft flush ruleset` does to a namespace (for tests of the re-apply path). */
  flushRuleset(netns?: Netns): void {
    this.spaces.delete(nsKey(netns));
  }

  private tables(netns?: Netns): Tables {
    return this.spaces.get(nsKey(netns)) ?? new Map();
  }

  /** Runs a script against a copy of the namespace's tables and returns the result. */
  private run(script: string, netns?: Netns): Tables {
    if (!this.bridgeMeta && /\bmeta\s+[io]brname\b/.test(script)) {
      throw systemError("fake nft: Could not process rule: Operation not supported");
    }
    const tables: Tables = new Map([...this.tables(netns)].map(([k, v]) => [k, { ...v, body: [...v.body] }]));
    for (const { head, body } of statements(script)) {
      if (head === "flush ruleset") {
        tables.clear();
        continue;
      }
      const del = /^delete\s+table\s+(\S+)\s+(\S+)$/.exec(head);
      const add = TABLE_STMT.exec(head);
      const [family, name] = del ? [del[1], del[2]] : add ? [add[2], add[3]] : [];
      if (family === undefined || name === undefined) throw systemError(`fake nft: unsupported statement "${head}"`);
      assertTableRef(family, name);
      const key = `${family} ${name}`;
      if (del) {
        if (!tables.delete(key)) throw systemError(`fake nft: delete table ${key}: No such file or directory`);
        continue;
      }
      const table = tables.get(key) ?? { family, name, body: [] };
      if (body) table.body.push(...bodyLines(body));
      checkJumps(key, table.body);
      tables.set(key, table);
    }
    return tables;
  }
}
