/**
 * nftables adapter: a thin layer over the `nft` binary, spawned through the exec gateway.
 *
 * - Scripts go in on stdin (`nft -f -`): one script is one kernel transaction, all or nothing.
 *   In the daemon's own namespace they go through a persistent `nft -i` instead (nft-session.ts,
 *   one `include` per script, also one transaction), so applying a ruleset spawns nothing.
 * - Tables are listed with `nft -j` (structured output) so absence is decided from data,
 *   never by matching nft's English error text.
 * - Every verb takes the network namespace to act in (default: the daemon's own).
 *
 * `NftOps` is the interface the firewall depends on; `FakeNft` (fake-nft.ts) implements it in memory.
 */
import { systemError } from "../lib/errors.js";
import { CURRENT_NETNS, exec, ExecError, type Exec, type Netns } from "./exec.js";
import { sharedNftScriptSession } from "./nft-session.js";

export interface NftTableRef {
  readonly family: string;
  readonly name: string;
}

export interface NftOps {
  /** Applies a script as one transaction (`nft -f -`). */
  apply(script: string, netns?: Netns): Promise<void>;
  /** Asks the kernel whether a script would apply, without committing it (`nft -c -f -`). */
  check(script: string, netns?: Netns): Promise<void>;
  /** Every table in the namespace. */
  listTables(netns?: Netns): Promise<NftTableRef[]>;
  /** One table as nft prints it, or undefined if it does not exist. */
  listTable(family: string, name: string, netns?: Netns): Promise<string | undefined>;
  /** Deletes a table; a table that is already gone is success. */
  deleteTable(family: string, name: string, netns?: Netns): Promise<void>;
}

export const NFT_FAMILIES: readonly string[] = ["ip", "ip6", "inet", "arp", "bridge", "netdev"];
const TABLE_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/** Rejects a family or table name that could not be written safely into an nft script. */
export function assertTableRef(family: string, name: string): void {
  if (!NFT_FAMILIES.includes(family)) throw systemError(`nft: invalid table family "${family}"`);
  if (!TABLE_NAME.test(name)) throw systemError(`nft: invalid table name "${name}"`);
}

/** The script that deletes a table if it exists: create-if-absent then delete, in one transaction. */
export function deleteTableScript(family: string, name: string): string {
  assertTableRef(family, name);
  return `add table ${family} ${name}\ndelete table ${family} ${name}\n`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Extracts the tables from `nft -j list tables` output. */
export function parseTablesJson(text: string): NftTableRef[] {
  const doc: unknown = JSON.parse(text);
  const items = isRecord(doc) ? doc["nftables"] : undefined;
  if (!Array.isArray(items)) throw systemError("nft: unexpected JSON from 'list tables'");
  const tables: NftTableRef[] = [];
  for (const item of items) {
    const table = isRecord(item) ? item["table"] : undefined;
    if (!isRecord(table)) continue; // metainfo
    const { family, name } = table;
    if (typeof family === "string" && typeof name === "string") tables.push({ family, name });
  }
  return tables;
}

function wrap(what: string, e: unknown): Error {
  if (e instanceof ExecError) return systemError(`nft ${what} failed: ${e.stderr.trim() || e.message}`, e);
  return e instanceof Error ? e : systemError(`nft ${what} failed: ${String(e)}`, e);
}

/** Applies scripts as one transaction each without a spawn, in the namespace it serves (NftSession). */
export interface NftScriptSession {
  serves(netns: Netns): boolean;
  apply(script: string): Promise<void>;
}

export interface NftOpsOptions {
  /** Scripts (apply, deleteTable) for its namespace go through it instead of `nft -f -` spawns. */
  readonly session?: NftScriptSession;
}

/** The real adapter. `run` is injectable so the argv can be checked without a kernel. */
export function createNftOps(run: Exec = exec, opts: NftOpsOptions = {}): NftOps {
  const nft = async (what: string, args: readonly string[], netns: Netns, stdin?: string): Promise<string> => {
    try {
      const res = await run(["nft", ...args], stdin === undefined ? { netns } : { netns, stdin });
      return res.stdout;
    } catch (e) {
      throw wrap(what, e);
    }
  };
  const script = async (what: string, text: string, netns: Netns): Promise<void> => {
    const session = opts.session;
    if (!session?.serves(netns)) {
      await nft(what, ["-f", "-"], netns, text);
      return;
    }
    try {
      await session.apply(text);
    } catch (e) {
      throw wrap(what, e);
    }
  };
  const ops: NftOps = {
    async apply(text, netns = CURRENT_NETNS) {
      await script("apply", text, netns);
    },
    async check(script, netns = CURRENT_NETNS) {
      await nft("check", ["-c", "-f", "-"], netns, script);
    },
    async listTables(netns = CURRENT_NETNS) {
      return parseTablesJson(await nft("list tables", ["-j", "list", "tables"], netns));
    },
    async listTable(family, name, netns = CURRENT_NETNS) {
      assertTableRef(family, name);
      try {
        return await nft("list table", ["list", "table", family, name], netns);
      } catch (e) {
        // Decide absence from structured data, not from the error text.
        const tables = await ops.listTables(netns);
        if (!tables.some((t) => t.family === family && t.name === name)) return undefined;
        throw e;
      }
    },
    async deleteTable(family, name, netns = CURRENT_NETNS) {
      await script("delete table", deleteTableScript(family, name), netns);
    },
  };
  return ops;
}

/** The adapter over the real `nft` binary; scripts for the daemon's namespace go through the shared session. */
export const realNft: NftOps = createNftOps(exec, { session: sharedNftScriptSession });

export const nftApply = (script: string, netns?: Netns): Promise<void> => realNft.apply(script, netns);
export const nftCheck = (script: string, netns?: Netns): Promise<void> => realNft.check(script, netns);
export const nftListTables = (netns?: Netns): Promise<NftTableRef[]> => realNft.listTables(netns);
export const nftListTable = (family: string, name: string, netns?: Netns): Promise<string | undefined> =>
  realNft.listTable(family, name, netns);
export const nftDeleteTable = (family: string, name: string, netns?: Netns): Promise<void> =>
  realNft.deleteTable(family, name, netns);
