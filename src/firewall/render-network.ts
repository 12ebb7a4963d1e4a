/**
 * The rules of one network, as lines without indentation. render.ts places them: the
 * forward-filter lines go into the network's own chains, the NAT lines into nat-postrouting,
 * the ICC lines into the bridge table's forward chain.
 */
import { globalComment, ifname, netComment, valueOrSet } from "./nft-text.js";
import type { FirewallNetwork, IccMatch } from "./state.js";

/** Name of the set that holds every Berth bridge (isolation). */
export const BRIDGES_SET = "bridges";

/**
 * The conntrack mark bit on connections Berth's table is responsible for; a rule in Docker's
 * DOCKER-USER chain accepts them past Docker's FORWARD DROP policy (docker-user.ts).
 */
export const FORWARD_CT_MARK = 0x01000000;

/**
 * filter-forward's first rules: mark each new connection into a Berth bridge, or out of one
 * to an interface that is not a bridge (the uplink; never into Docker's or anyone's bridge,
 * whose owner decides), so that a foreign FORWARD DROP policy can let exactly those through.
 * Only the first packet of a connection is tested.
 */
export function markRules(): string[] {
  const mark = `ct mark set ct mark | 0x${FORWARD_CT_MARK.toString(16).padStart(8, "0")}`;
  return [
    `ct state new oifname @${BRIDGES_SET} ${mark} ${globalComment("mark connections into berth bridges (for DOCKER-USER)")}`,
    `ct state new iifname @${BRIDGES_SET} meta oifkind != "bridge" ${mark} ${globalComment("mark connections out of berth bridges (for DOCKER-USER)")}`,
  ];
}

type Family = { readonly v: "ipv4"; readonly kw: "ip" } | { readonly v: "ipv6"; readonly kw: "ip6" };
const V4: Family = { v: "ipv4", kw: "ip" };
const V6: Family = { v: "ipv6", kw: "ip6" };

const subnetsOf = (net: FirewallNetwork, f: Family): readonly string[] =>
  f.v === "ipv4" ? net.subnets4 : net.subnets6;

/**
 * Internal network: drop what crosses the subnet boundary in one direction. `dir` "daddr"
 * is for packets entering from the bridge, "saddr" for packets leaving to it. A family the
 * network has no subnet of is dropped whole: every address is outside an empty subnet list.
 */
function internalRule(net: FirewallNetwork, f: Family, dir: "daddr" | "saddr"): string {
  const subnets = subnetsOf(net, f);
  const where = dir === "daddr" ? "to outside" : "from outside";
  if (subnets.length === 0) {
    return `meta nfproto ${f.v} drop ${netComment(net, `internal, all ${f.v} ${dir === "daddr" ? "out" : "in"} (no ${f.v} subnet)`)}`;
  }
  return `${f.kw} ${dir} != ${valueOrSet(subnets)} drop ${netComment(net, `internal, ${f.v} ${where} the subnet`)}`;
}

/** Chain net-<id>-from: packets that entered from this network's bridge. */
export function fromBridgeRules(net: FirewallNetwork): string[] {
  const br = ifname(net.bridge);
  const rules: string[] = [];
  // A published port reached through a host address (DNAT) is allowed across networks, as
  // Docker allows it; internal networks publish nothing and reach nothing outside.
  if (!net.internal) rules.push(`ct status dnat accept ${netComment(net, "to published ports via a host address")}`);
  rules.push(`oifname != ${br} oifname @${BRIDGES_SET} drop ${netComment(net, "isolation from other berth networks")}`);
  if (!net.icc) rules.push(`oifname ${br} drop ${netComment(net, "icc off, same-bridge traffic at the IP layer")}`);
  if (net.internal) rules.push(internalRule(net, V4, "daddr"), internalRule(net, V6, "daddr"));
  return rules;
}

/** Chain net-<id>-to: packets about to leave through this network's bridge. */
export function toBridgeRules(net: FirewallNetwork): string[] {
  const rules: string[] = [];
  if (net.internal) rules.push(internalRule(net, V4, "saddr"), internalRule(net, V6, "saddr"));
  rules.push(`ct state established,related accept ${netComment(net, "replies")}`);
  return rules;
}

/**
 * filter-input: an internal network's containers cannot open connections to the host, not
 * even to its address on their own bridge (replies to the host's own connections still flow).
 */
export function inputRules(net: FirewallNetwork): string[] {
  if (!net.internal) return [];
  const br = ifname(net.bridge);
  return [
    `iifname ${br} ct state established,related accept ${netComment(net, "internal, replies to the host")}`,
    `iifname ${br} icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert } accept ${netComment(net, "internal, neighbour discovery")}`,
    `iifname ${br} drop ${netComment(net, "internal, nothing to the host")}`,
  ];
}

/** nat-postrouting: masquerade (or SNAT to the host address) traffic leaving by another interface. */
export function natRules(net: FirewallNetwork): string[] {
  if (net.internal) return [];
  const br = ifname(net.bridge);
  const rules: string[] = [];
  for (const f of [V4, V6]) {
    for (const subnet of subnetsOf(net, f)) {
      rules.push(`${f.kw} saddr ${subnet} oifname ${br} ct status dnat masquerade ${netComment(net, `hairpin ${subnet} to published ports`)}`);
    }
  }
  if (!net.masquerade) return rules;
  for (const f of [V4, V6]) {
    const to = f.v === "ipv4" ? net.snat4 : net.snat6;
    for (const subnet of subnetsOf(net, f)) {
      const match = `${f.kw} saddr ${subnet} oifname != ${br}`;
      rules.push(
        to === undefined
          ? `${match} masquerade ${netComment(net, `masquerade ${subnet}`)}`
          : `${match} snat ${f.kw} to ${to} ${netComment(net, `snat ${subnet} to ${to}`)}`,
      );
    }
  }
  return rules;
}

/** Bridge table: with ICC off, drop IPv4/IPv6 frames bridged between two ports (ARP still flows). */
export function iccRules(net: FirewallNetwork, match: IccMatch): string[] {
  if (net.icc) return [];
  if (match === "bridge-name") {
    return [`meta ibrname ${ifname(net.bridge)} meta protocol { ip, ip6 } drop ${netComment(net, "icc off")}`];
  }
  const rules: string[] = [];
  for (const f of [V4, V6]) {
    const subnets = subnetsOf(net, f);
    if (subnets.length === 0) continue;
    const set = valueOrSet(subnets);
    rules.push(`${f.kw} saddr ${set} ${f.kw} daddr ${set} drop ${netComment(net, `icc off, ${f.v} by subnet`)}`);
  }
  return rules;
}
