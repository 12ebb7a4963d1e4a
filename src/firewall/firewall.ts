/**
 * Applies Berth's rendered ruleset to one network namespace.
 *
 * - apply(): one nft transaction that replaces both tables (see render.ts): `nft -f`, or with
 *   realNft in the daemon's own namespace one include in the persistent nft session (no
 *   spawn). Calls are serialised, so the kernel ends up with the state of the last call.
 * - remove(): deletes both tables, idempotently, in one transaction.
 * - isIntact(): whether the live tables still hold what apply() would write, so the daemon
 *   can re-apply after `nft flush ruleset`, `nft flush table` or a deleted rule.
 *
 * ICC-off needs `meta ibrname` (nft_meta_bridge). The first time a state has an ICC-off
 * network the kernel is asked once (`nft -c`) whether it supports it; if not, the bridge
 * table matches ICC-off frames by subnet instead (see IccMatch) and `iccMatch` says so.
 */
import { CURRENT_NETNS, type Netns } from "../kernel/exec.js";
import type { NftOps } from "../kernel/nft.js";
import { DEFAULT_TABLE, FAMILIES, renderRemove, renderReplace, renderTables, type RenderOptions } from "./render.js";
import { renderPortsDelta } from "./render-ports.js";
import type { FirewallPort, FirewallState, IccMatch } from "./state.js";

/**
 * What identifies a table's content independent of how nft formats it: declared chains, sets
 * and maps, rule comments, jump targets and quoted strings (interface names), as a sorted list.
 */
export function fingerprint(tableText: string): string[] {
  const text = tableText
    .split("\n")
    .filter((l) => !/^\s*#/.test(l))
    .join("\n");
  const tokens = [
    ...[...text.matchAll(/^\s*(chain|set|map)\s+(\S+)\s*\{/gm)].map((m) => `${m[1]} ${m[2]}`),
    ...[...text.matchAll(/comment "([^"]*)"/g)].map((m) => `comment ${m[1]}`),
    ...[...text.matchAll(/\b(jump|goto)\s+([A-Za-z0-9_./-]+)/g)].map((m) => `${m[1]} ${m[2]}`),
    ...[...text.replace(/comment "[^"]*"/g, "").matchAll(/"([^"]*)"/g)].map((m) => `string ${m[1]}`),
  ];
  return tokens.sort();
}

const sameList = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

export class Firewall {
  private detectedIccMatch: IccMatch | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly nft: NftOps,
    private readonly netns: Netns = CURRENT_NETNS,
    private readonly table: string = DEFAULT_TABLE,
  ) {
    renderRemove({ table }); // validates the table name now rather than at first use
  }

  /** How ICC-off frames are matched, once known (undefined until a state needed it). */
  get iccMatch(): IccMatch | undefined {
    return this.detectedIccMatch;
  }

  /** Replaces Berth's tables with the given state, atomically. */
  apply(state: FirewallState): Promise<void> {
    return this.serialised(async () => {
      const opts = await this.renderOptions(state);
      await this.nft.apply(renderReplace(state, opts), this.netns);
    });
  }

  /**
   * Adds and removes published-port runs in ONE transaction of `add element`/`delete element`
   * on the port maps; its cost depends on these runs only, not on what is already published.
   */
  updatePorts(add: readonly FirewallPort[], remove: readonly FirewallPort[]): Promise<void> {
    const script = renderPortsDelta(this.table, add, remove);
    if (script === "") return Promise.resolve();
    return this.serialised(() => this.nft.apply(script, this.netns));
  }

  /** The live text of Berth's tables (inet, then bridge); "" for a table that is missing. */
  async liveText(): Promise<string> {
    const out: string[] = [];
    for (const family of FAMILIES) out.push((await this.nft.listTable(family, this.table, this.netns)) ?? "");
    return out.join("");
  }

  /** Deletes Berth's tables; succeeds when they are already gone. */
  remove(): Promise<void> {
    return this.serialised(() => this.nft.apply(renderRemove({ table: this.table }), this.netns));
  }

  /**
   * True if both live tables exist and hold exactly the chains, rules and elements of `state`.
   * Queued behind the applies and port updates already asked for, so a check never compares
   * a state with a kernel that is still catching up with it.
   */
  isIntact(state: FirewallState): Promise<boolean> {
    return this.serialised(async () => {
      const expected = renderTables(state, await this.renderOptions(state));
      for (const family of FAMILIES) {
        const live = await this.nft.listTable(family, this.table, this.netns);
        if (live === undefined || !sameList(fingerprint(live), fingerprint(expected[family]))) return false;
      }
      return true;
    });
  }

  private serialised<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job, job);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async renderOptions(state: FirewallState): Promise<RenderOptions> {
    if (this.detectedIccMatch === undefined && state.networks.some((n) => !n.icc)) {
      this.detectedIccMatch = (await this.supportsBridgeName()) ? "bridge-name" : "subnet";
    }
    return { table: this.table, iccMatch: this.detectedIccMatch ?? "bridge-name" };
  }

  /** Asks the kernel (without committing anything) whether `meta ibrname` is available. */
  private async supportsBridgeName(): Promise<boolean> {
    const probe = [
      `table bridge ${this.table}-probe {`,
      "\tchain forward {",
      "\t\ttype filter hook forward priority filter; policy accept;",
      '\t\tmeta ibrname "lo" drop',
      "\t}",
      "}",
      "",
    ].join("\n");
    try {
      await this.nft.check(probe, this.netns);
      return true;
    } catch {
      return false;
    }
  }
}
