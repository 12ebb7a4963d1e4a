/**
 * iptables and ip6tables, for the one thing Berth does in tables it does not own: when Docker
 * (or anyone) leaves the filter FORWARD chain with policy DROP and a DOCKER-USER chain, Berth
 * puts one accept rule there (src/firewall/docker-user.ts). The binaries are used, not nft,
 * so the rule lands in whichever backend (nft or legacy) Docker itself uses. Spawned through
 * the exec gateway; -w waits for the xtables lock instead of failing.
 */
import { ExecError, type Exec, type Netns } from "./exec.js";

export type IptablesBinary = "iptables" | "ip6tables";

export interface ChainView {
  /** The chain's policy for a built-in chain ("ACCEPT", "DROP"), undefined for a user chain. */
  readonly policy: string | undefined;
  /** Each rule as `iptables -S` prints it, without the leading `-A CHAIN`. */
  readonly rules: readonly string[];
}

export interface Iptables {
  /** The chain in the filter table, or undefined when it (or the binary) does not exist. */
  chain(bin: IptablesBinary, chain: string): Promise<ChainView | undefined>;
  /** Inserts a rule at the top of a filter chain. */
  insert(bin: IptablesBinary, chain: string, rule: readonly string[]): Promise<void>;
  /** Deletes the first rule of a filter chain that matches exactly. */
  delete(bin: IptablesBinary, chain: string, rule: readonly string[]): Promise<void>;
}

/** Parses `iptables -S CHAIN` output. */
export function parseChain(chain: string, text: string): ChainView {
  const policyLine = `-P ${chain} `;
  const ruleLine = `-A ${chain} `;
  let policy: string | undefined;
  const rules: string[] = [];
  for (const line of text.split("\n")) {
    if (line.startsWith(policyLine)) policy = line.slice(policyLine.length).trim().split(/\s+/)[0];
    else if (line.startsWith(ruleLine)) rules.push(line.slice(ruleLine.length));
  }
  return { policy, rules };
}

const missing = (e: unknown): boolean => e instanceof ExecError && (e.code === null || /No chain|does not exist|incompatible|can.t initialize|Table does not exist/i.test(e.stderr));

export function realIptables(run: Exec, netns: Netns): Iptables {
  return {
    async chain(bin, chain) {
      try {
        return parseChain(chain, (await run([bin, "-w", "-t", "filter", "-S", chain], { netns })).stdout);
      } catch (e) {
        if (missing(e)) return undefined;
        throw e;
      }
    },
    insert: async (bin, chain, rule) => void (await run([bin, "-w", "-t", "filter", "-I", chain, "1", ...rule], { netns })),
    delete: async (bin, chain, rule) => void (await run([bin, "-w", "-t", "filter", "-D", chain, ...rule], { netns })),
  };
}
