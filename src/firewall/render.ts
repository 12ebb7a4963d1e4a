/**
 * Pure renderer: FirewallState -> the complete text of Berth's two nftables tables.
 *
 * Berth follows Docker's bridge-driver semantics (isolation between bridge networks,
 * `--internal`, `enable_icc`, `enable_ip_masquerade`, `host_ipv4/6`) but only ever writes its
 * own tables, so the host's firewall is never changed:
 *   - no chain policy is ever `drop` (the host's FORWARD policy stays whatever it was),
 *   - no br_netfilter: ICC-off is enforced in a `bridge` family table, where bridged frames
 *     are seen natively,
 *   - the whole ruleset is re-rendered from state and replaced in one transaction, so
 *     re-applying after `nft flush ruleset` is just apply() again; published ports change
 *     incrementally (renderPortsDelta) between whole applies.
 *
 * Layout of `table inet <name>`:
 *   set bridges            every Berth bridge; isolation matches `oifname @bridges`, so the
 *                          isolation cost is one rule per network, not one per pair
 *   map from-bridge        iifname -> jump net-<id>-from   } one hash lookup per forwarded
 *   map to-bridge          oifname -> jump net-<id>-to     } packet, whatever the number of networks
 *   chain filter-forward   conntrack marks for Docker's DOCKER-USER (docker-user.ts), then the
 *                          two dispatch rules (priority filter - 1, policy accept)
 *   chain nat-postrouting  masquerade/SNAT, one rule per subnet; NAT chains see only the first
 *                          packet of a connection, so a flat readable list costs nothing
 *   map published4[-port], published6[-port], chain published, nat-prerouting, nat-output,
 *   raw-prerouting         published ports (DNAT), see render-ports.ts
 *   chain net-<id>-from    isolation, icc-off (routed/br_netfilter case), internal egress drops
 *   chain net-<id>-to      internal ingress drops, then established/related accept
 * `table bridge <name>` has one forward chain; ICC-off networks add a drop of IPv4/IPv6
 * frames bridged between two ports of their bridge (ARP still flows).
 *
 * Every rule carries a comment naming its network (name and 12-character id) or, for the
 * shared dispatch rules, saying what it does. Accept verdicts only end Berth's own chain;
 * drops in other tables (the host's firewall) still apply, so the host firewall keeps the last word.
 */
import { assertTableRef, deleteTableScript } from "../kernel/nft.js";
import { chainKeys, globalComment, ifname } from "./nft-text.js";
import { BRIDGES_SET, fromBridgeRules, iccRules, inputRules, markRules, natRules, toBridgeRules } from "./render-network.js";
import {
  LOOPBACK6_MAP,
  PORT_MAPS,
  elementsByMap,
  loopback6Elements,
  loopback6InputRules,
  loopback6MapType,
  loopbackMasqueradeRules,
  natOutputRules,
  natPreroutingRules,
  portElements,
  portMapType,
  publishedRules,
  rawOutputRules,
  rawPreroutingRules,
} from "./render-ports.js";
import type { FirewallNetwork, FirewallPort, FirewallState, IccMatch } from "./state.js";

export type { FirewallNetwork, FirewallPort, FirewallState, IccMatch } from "./state.js";

export interface RenderOptions {
  /** Name of both tables (`inet <table>` and `bridge <table>`). Default "berth". */
  readonly table?: string;
  /** How ICC-off frames are matched in the bridge table. Default "bridge-name". */
  readonly iccMatch?: IccMatch;
}

export const DEFAULT_TABLE = "berth";
export const FAMILIES = ["inet", "bridge"] as const;

const byId = (state: FirewallState): FirewallNetwork[] =>
  [...state.networks].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

function tableName(opts: RenderOptions): string {
  const name = opts.table ?? DEFAULT_TABLE;
  for (const family of FAMILIES) assertTableRef(family, name);
  return name;
}

const indent = (depth: number, lines: readonly string[]): string[] => lines.map((l) => (l ? "\t".repeat(depth) + l : l));

/** `elements = { ... }`, one element per line; nothing for an empty set. */
function elements(items: readonly string[]): string[] {
  if (items.length === 0) return [];
  return ["elements = {", ...indent(1, items.map((e, i) => (i < items.length - 1 ? `${e},` : e))), "}"];
}

function block(head: string, body: readonly string[]): string[] {
  return [`${head} {`, ...indent(1, body), "}"];
}

const baseChain = (name: string, hook: string, rules: readonly string[] = []): string[] =>
  block(`chain ${name}`, [`type ${hook}; policy accept;`, ...rules]);

function portsSection(ports: readonly FirewallPort[]): string[] {
  const elems = elementsByMap(ports, portElements);
  return [
    "# Published ports: one map lookup per new connection, whatever the number of ports.",
    ...PORT_MAPS.flatMap((m) => block(`map ${m}`, [...portMapType(m), ...elements(elems.get(m) ?? [])])),
    ...block("chain published", publishedRules()),
    ...baseChain("nat-prerouting", "nat hook prerouting priority dstnat", natPreroutingRules()),
    ...baseChain("nat-output", "nat hook output priority -100", natOutputRules()),
    ...baseChain("raw-prerouting", "filter hook prerouting priority raw", rawPreroutingRules()),
    "# Published ports from ::1: replies to ::1 would be dropped on a bridge, so the flow leaves from the gateway.",
    ...block(`map ${LOOPBACK6_MAP}`, [...loopback6MapType(), ...elements(loopback6Elements(ports))]),
    ...baseChain("raw-output", "route hook output priority raw", rawOutputRules()),
    ...baseChain("loopback6-input", "filter hook input priority filter + 100", loopback6InputRules()),
  ];
}

function inetTable(name: string, nets: readonly FirewallNetwork[], ports: readonly FirewallPort[]): string[] {
  const keys = chainKeys(nets);
  const chain = (i: number, dir: "from" | "to"): string => `net-${keys[i] ?? i}-${dir}`;
  const dispatch = (dir: "from" | "to"): string[] => nets.map((n, i) => `${ifname(n.bridge)} : jump ${chain(i, dir)}`);
  const body: string[] = [
    "# Every Berth bridge: a packet from one Berth bridge to another is dropped.",
    ...block(`set ${BRIDGES_SET}`, ["type ifname", ...elements(nets.map((n) => ifname(n.bridge)))]),
    "",
    "# Forwarded packets are dispatched to their network's chains by one map lookup.",
    ...block("map from-bridge", ["type ifname : verdict", ...elements(dispatch("from"))]),
    ...block("map to-bridge", ["type ifname : verdict", ...elements(dispatch("to"))]),
    "",
    "# Before iptables' FORWARD (priority filter): marks what a DOCKER-USER rule lets past Docker's drop policy.",
    ...baseChain("filter-forward", "filter hook forward priority filter - 1", [
      ...markRules(),
      `iifname vmap @from-bridge ${globalComment("packets from a berth bridge to their network chain")}`,
      `oifname vmap @to-bridge ${globalComment("packets to a berth bridge to their network chain")}`,
    ]),
    ...baseChain("filter-input", "filter hook input priority filter", nets.flatMap(inputRules)),
    "",
    ...portsSection(ports),
    "",
    "# Masquerade (or SNAT to host_ipv4/host_ipv6) what leaves a network by another interface.",
    ...baseChain("nat-postrouting", "nat hook postrouting priority srcnat", [...loopbackMasqueradeRules(BRIDGES_SET), ...nets.flatMap(natRules)]),
  ];
  nets.forEach((net, i) => {
    body.push("", `# Network ${net.name} (${keys[i] ?? i}), bridge ${net.bridge}`.replace(/[^\x20-\x7e]/g, "_"));
    body.push(...block(`chain ${chain(i, "from")}`, fromBridgeRules(net)));
    body.push(...block(`chain ${chain(i, "to")}`, toBridgeRules(net)));
  });
  return block(`table inet ${name}`, body);
}

function bridgeTable(name: string, nets: readonly FirewallNetwork[], match: IccMatch): string[] {
  return block(`table bridge ${name}`, [
    "# enable_icc=false: no IPv4/IPv6 between two ports of the network's bridge (no br_netfilter).",
    ...baseChain("forward", "filter hook forward priority filter", nets.flatMap((n) => iccRules(n, match))),
  ]);
}

/** Each of Berth's two tables as nft text. */
export function renderTables(state: FirewallState, opts: RenderOptions = {}): Record<(typeof FAMILIES)[number], string> {
  const name = tableName(opts);
  const nets = byId(state);
  return {
    inet: `${inetTable(name, nets, state.ports ?? []).join("\n")}\n`,
    bridge: `${bridgeTable(name, nets, opts.iccMatch ?? "bridge-name").join("\n")}\n`,
  };
}

/** Berth's whole ruleset: `table inet <table>` and `table bridge <table>`. */
export function renderRuleset(state: FirewallState, opts: RenderOptions = {}): string {
  const tables = renderTables(state, opts);
  return FAMILIES.map((f) => tables[f]).join("");
}

/** Deletes Berth's tables if present (create-if-absent, then delete): one transaction. */
export function renderRemove(opts: RenderOptions = {}): string {
  const name = tableName(opts);
  return FAMILIES.map((family) => deleteTableScript(family, name)).join("");
}

/**
 * The script that atomically replaces Berth's tables with the rendered state. `nft -f`
 * applies a file as one transaction: readers see the old tables or the new, never neither.
 */
export function renderReplace(state: FirewallState, opts: RenderOptions = {}): string {
  return `${renderRemove(opts)}${renderRuleset(state, opts)}`;
}
