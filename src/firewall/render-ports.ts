/**
 * Published ports in Berth's inet table. No rule per port: six maps hold every published run,
 * keyed by host address (or none: every address), protocol and host port; a 1,000-port range
 * whose host and container numbers match is ONE interval element. Fixed rules look them up:
 *
 *   map published4 / published6              address . proto . port -> container address . port
 *   map published4-any / published6-any      proto . port -> container address . port (every address)
 *   map published4-range / published6-range  address . proto . port range -> container address
 *   chain published        the six `dnat ... map @...` lookups
 *   nat-prerouting         `fib daddr type local jump published`: outside clients (source kept)
 *                          and containers (hairpin)
 *   nat-output             the same for the host's own connections, 127.0.0.1 and ::1 included
 *   nat-postrouting        masquerade of host-loopback sources towards a bridge (the bridge has
 *                          route_localnet=1) and of hairpin traffic (see render-network.ts)
 *   map loopback6          proto . port range -> gateway, for every IPv6 run published on [::]
 *                          or [::1]; IPv6 has no route_localnet and the kernel drops packets to
 *                          ::1 that arrive on any interface but lo, so such a flow must not
 *                          leave from ::1 (its replies would be to ::1):
 *   raw-output             (route hook, before conntrack) a packet from ::1 to such a port takes
 *                          the network's gateway as its source, and a mark;
 *                          nat-output then DNATs it as usual and copies the mark to the flow
 *   loopback6-input        (after the host's own input filters) replies of a marked flow get
 *                          ::1 back as destination, so the client's socket finds them.
 *                          The container sees the gateway as the client, as through docker-proxy.
 *   raw-prerouting         drop 127.0.0.0/8 arriving on anything but lo, so a port published
 *                          on 127.0.0.1 is not reachable by crafted packets from the LAN (moby#45610)
 *
 * Publishing or unpublishing a container is `add element` / `delete element` on these maps in
 * one transaction (renderPortsDelta), whatever the number of ports already published.
 */
import { boundedComment, globalComment } from "./nft-text.js";
import type { FirewallPort } from "./state.js";

export const PORT_MAPS = [
  "published4", "published4-any", "published4-range", "published6", "published6-any", "published6-range",
] as const;
export type PortMapName = (typeof PORT_MAPS)[number];

const ADDR_TYPE = { 4: "ipv4_addr", 6: "ipv6_addr" } as const;
const ANY = { 4: "0.0.0.0/0", 6: "::/0" } as const;
const KW = { 4: "ip", 6: "ip6" } as const;

const range = (a: number, b: number): string => (a === b ? String(a) : `${a}-${b}`);
/** A run kept as one interval: several ports whose host and container numbers match. */
const isInterval = (p: FirewallPort): boolean => p.hostEnd > p.hostStart && p.hostStart === p.targetStart;

/**
 * The map a run lives in. Single ports go into hash maps (`-any` when published on every
 * address, keyed without one): O(1) to add or delete whatever the map holds. Only ranges with
 * matching numbers use an interval map (nft deletes from interval maps in time that grows with
 * their size, so they hold one element per range, never one per port).
 */
export const portMapOf = (p: FirewallPort): PortMapName =>
  `published${p.family}${isInterval(p) ? "-range" : p.hostIp === "" ? "-any" : ""}` as PortMapName;

/** Declaration lines of a map (type and flags). */
export function portMapType(name: PortMapName): string[] {
  const addr = ADDR_TYPE[name.startsWith("published4") ? 4 : 6];
  if (name.endsWith("-range")) return [`type ${addr} . inet_proto . inet_service : ${addr}`, "flags interval"];
  if (name.endsWith("-any")) return [`type inet_proto . inet_service : ${addr} . inet_service`];
  return [`type ${addr} . inet_proto . inet_service : ${addr} . inet_service`];
}

function what(p: FirewallPort): string {
  const host = p.hostIp === "" ? (p.family === 4 ? "0.0.0.0" : "[::]") : p.family === 6 ? `[${p.hostIp}]` : p.hostIp;
  const to = range(p.targetStart, p.targetStart + p.hostEnd - p.hostStart);
  return `berth ctr ${p.containerName} (${p.containerId.slice(0, 12)}) net ${p.networkName}: ${host}:${range(p.hostStart, p.hostEnd)}/${p.proto} -> ${to}`;
}

/**
 * The element keys of a run (without comment or value), for `delete element`: one interval for
 * a same-numbered range, else one element per port (a DNAT range would not keep the offset).
 */
export function portKeys(p: FirewallPort): string[] {
  if (isInterval(p)) return [`${p.hostIp === "" ? ANY[p.family] : p.hostIp} . ${p.proto} . ${range(p.hostStart, p.hostEnd)}`];
  const head = p.hostIp === "" ? "" : `${p.hostIp} . `;
  const keys: string[] = [];
  for (let port = p.hostStart; port <= p.hostEnd; port++) keys.push(`${head}${p.proto} . ${port}`);
  return keys;
}

/** Full elements (`key comment "..." : value`), for a map's `elements = {}` or `add element`. */
export function portElements(p: FirewallPort): string[] {
  const comment = boundedComment(what(p));
  if (isInterval(p)) return portKeys(p).map((k) => `${k} ${comment} : ${p.target}`);
  return portKeys(p).map((k, i) => `${k} ${comment} : ${p.target} . ${p.targetStart + i}`);
}

/** Elements grouped by map, in a stable order. */
export function elementsByMap(ports: readonly FirewallPort[], as: (p: FirewallPort) => string[]): Map<PortMapName, string[]> {
  const out = new Map<PortMapName, string[]>(PORT_MAPS.map((m) => [m, []]));
  for (const p of ports) out.get(portMapOf(p))?.push(...as(p));
  return out;
}

/** Rules of chain `published`: one lookup per map. */
export function publishedRules(): string[] {
  return PORT_MAPS.map((m) => {
    const f = m.startsWith("published4") ? 4 : 6;
    const kw = KW[f];
    const key = m.endsWith("-any") ? "meta l4proto . th dport" : `${kw} daddr . meta l4proto . th dport`;
    const what = m.endsWith("-range") ? "ranges, DNAT address" : m.endsWith("-any") ? "on every address" : "on one address";
    return `meta nfproto ipv${f} meta l4proto { tcp, udp, sctp } dnat ${kw} to ${key} map @${m} ${globalComment(`published ports, IPv${f}, ${what}`)}`;
  });
}

export const natPreroutingRules = (): string[] => [
  `fib daddr type local jump published ${globalComment("published ports, from outside and from containers")}`,
];

/** The meta mark (first packet) and conntrack mark bit of a connection from ::1 to a published port. */
export const LOOPBACK6_MARK = 0x02000000;
const hexMark = `0x${LOOPBACK6_MARK.toString(16).padStart(8, "0")}`;
export const LOOPBACK6_MAP = "loopback6";
export const loopback6MapType = (): string[] => ["type inet_proto . inet_service : ipv6_addr", "flags interval"];

export const natOutputRules = (): string[] => [
  `meta mark & ${hexMark} == ${hexMark} ct mark set ct mark | ${hexMark} ${globalComment("published ports from ::1: remember the flow (see raw-output)")}`,
  `fib daddr type local jump published ${globalComment("published ports, from the host (127.0.0.1 and ::1 included)")}`,
];

/** The runs a client on the host's ::1 can reach: IPv6, on every address or on ::1, with a gateway. */
const onLoopback6 = (p: FirewallPort): boolean => p.family === 6 && (p.hostIp === "" || p.hostIp === "::1") && (p.gateway ?? "") !== "";

const loopback6Key = (p: FirewallPort): string => `${p.proto} . ${range(p.hostStart, p.hostEnd)}`;

/** Keys of loopback6 (for `delete element`): one interval per run. */
export const loopback6Keys = (ports: readonly FirewallPort[]): string[] => ports.filter(onLoopback6).map(loopback6Key);

/** Elements of loopback6: the run's ports -> its network's gateway. */
export const loopback6Elements = (ports: readonly FirewallPort[]): string[] =>
  ports.filter(onLoopback6).map((p) => `${loopback6Key(p)} ${boundedComment(what(p))} : ${p.gateway ?? ""}`);

/** raw-output (route hook, priority raw: before conntrack sees the packet). */
export const rawOutputRules = (): string[] => [
  `ip6 saddr ::1 ip6 daddr ::1 meta l4proto { tcp, udp, sctp } ip6 saddr set meta l4proto . th dport map @${LOOPBACK6_MAP} meta mark set meta mark | ${hexMark} ${globalComment("published ports from ::1: the gateway as source")}`,
];

/** loopback6-input: replies of a flow from ::1 get their destination back. */
export const loopback6InputRules = (): string[] => [
  `ct direction reply ct mark & ${hexMark} == ${hexMark} ip6 daddr set ::1 ${globalComment("published ports from ::1: replies to ::1")}`,
];

/** nat-postrouting: host-loopback sources DNATed towards a bridge get a routable source. */
export const loopbackMasqueradeRules = (bridgesSet: string): string[] => [
  `ip saddr 127.0.0.0/8 ct status dnat oifname @${bridgesSet} masquerade ${globalComment("published ports, from host 127.0.0.0/8")}`,
];

export const rawPreroutingRules = (): string[] => [
  `iifname != "lo" ip daddr 127.0.0.0/8 drop ${globalComment("127.0.0.0/8 only from lo (localhost-published ports)")}`,
];

/**
 * One transaction that adds and deletes runs: deletes first (a run can be replaced by one
 * with the same key), elements of each map in one statement.
 */
export function renderPortsDelta(table: string, add: readonly FirewallPort[], remove: readonly FirewallPort[]): string {
  const lines: string[] = [];
  for (const [map, keys] of elementsByMap(remove, portKeys)) {
    if (keys.length > 0) lines.push(`delete element inet ${table} ${map} { ${keys.join(", ")} }`);
  }
  const lo6Remove = loopback6Keys(remove);
  if (lo6Remove.length > 0) lines.push(`delete element inet ${table} ${LOOPBACK6_MAP} { ${lo6Remove.join(", ")} }`);
  for (const [map, elems] of elementsByMap(add, portElements)) {
    if (elems.length > 0) lines.push(`add element inet ${table} ${map} { ${elems.join(", ")} }`);
  }
  const lo6Add = loopback6Elements(add);
  if (lo6Add.length > 0) lines.push(`add element inet ${table} ${LOOPBACK6_MAP} { ${lo6Add.join(", ")} }`);
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}
