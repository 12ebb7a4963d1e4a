/**
 * The bridge driver: one Linux bridge per network (br-<id12> unless bridge.name is set),
 * holding the gateway addresses, marked as Berth's by its ifalias so the reconciler can
 * tell Berth's bridges from everyone else's.
 */
import { forbidden, invalidParameter } from "../../lib/errors.js";
import type { NetworkId } from "../../lib/ids.js";
import { mustPrefix, overlaps, parsePrefix } from "../../lib/ip.js";
import type { Netns } from "../../kernel/exec.js";
import type { BridgeSpec, NetKernel } from "../../kernel/net-kernel.js";
import type { FirewallNetwork } from "../../firewall/render.js";
import type { Network, NetworkCreateSpec } from "../../model/network.js";
import type { EnsureResult, NetworkDriver } from "../driver.js";
import { parseBridgeOptions } from "./options.js";

export interface BridgeDriverDeps {
  readonly kernel: NetKernel;
  readonly netns: Netns;
  /** ifalias prefix that marks a link as this daemon's, e.g. "berth:1a2b3c4d:". */
  readonly owner: string;
}

const LINK_LOCAL = mustPrefix("fe80::/64");
const MULTICAST6 = mustPrefix("ff00::/8");

/** A locally administered unicast MAC derived from the network id (stable across re-creation). */
export function bridgeMac(networkId: string): string {
  const hex = ("02" + networkId.slice(0, 10)).match(/../g) ?? [];
  return hex.join(":");
}

function subnetsOf(n: Network, family: 4 | 6): string[] {
  return (n.ipam.config ?? []).map((p) => p.subnet).filter((s) => parsePrefix(s)?.family === family);
}

export class BridgeDriver implements NetworkDriver {
  readonly name = "bridge";
  readonly usesIpam = true;

  constructor(private readonly deps: BridgeDriverDeps) {}

  validate(spec: NetworkCreateSpec, id: NetworkId): void {
    parseBridgeOptions(id, spec.options);
    const families = spec.ipam.config.map((c) => (c.subnet ? parsePrefix(c.subnet)?.family : undefined));
    if (families.filter((f) => f === 4).length > 1 || families.filter((f) => f === 6).length > 1) {
      throw forbidden("bridge driver doesn't support multiple subnets");
    }
    for (const c of spec.ipam.config) {
      const p = c.subnet ? parsePrefix(c.subnet) : undefined;
      if (!p || p.family !== 6) continue;
      if (overlaps(p, MULTICAST6)) throw invalidParameter(`multicast subnet '${c.subnet}' is not allowed`);
      if (overlaps(p, LINK_LOCAL)) throw invalidParameter(`'${c.subnet}' clashes with the Link-Local prefix 'fe80::/64'`);
    }
  }

  validatePlanned(network: Network, existing: readonly Network[]): void {
    const mine = parseBridgeOptions(network.id, network.options).bridgeName;
    for (const other of existing) {
      if (other.driver !== "bridge" || other.configOnly || other.id === network.id) continue;
      const theirs = parseBridgeOptions(other.id, other.options).bridgeName;
      if (theirs === mine) {
        throw forbidden(`cannot create network ${network.id} (${mine}): conflicts with network ${other.id} (${theirs}): networks have same bridge name`);
      }
    }
  }

  bridgeSpec(network: Network): BridgeSpec {
    const cfg = parseBridgeOptions(network.id, network.options);
    const addresses: string[] = [];
    for (const pool of network.ipam.config ?? []) {
      const p = parsePrefix(pool.subnet);
      if (!p || !pool.gateway) continue;
      if (p.family === 4 && (cfg.inhibitIpv4 || cfg.gatewayMode4 === "isolated")) continue;
      if (p.family === 6 && (!network.enableIPv6 || cfg.gatewayMode6 === "isolated")) continue;
      addresses.push(`${pool.gateway}/${p.bits}`);
    }
    return {
      name: cfg.bridgeName,
      alias: this.deps.owner + network.id,
      // A fixed MAC: a bridge without one takes its lowest port's, which changes as
      // containers come and go and leaves stale gateway ARP entries behind.
      mac: bridgeMac(network.id),
      ...(cfg.mtu > 0 ? { mtu: cfg.mtu } : {}),
      addresses,
      ipv6: network.enableIPv6,
    };
  }

  async create(network: Network): Promise<void> {
    await this.deps.kernel.createBridge(this.deps.netns, this.bridgeSpec(network));
  }

  async remove(network: Network): Promise<void> {
    await this.deps.kernel.deleteLink(this.deps.netns, parseBridgeOptions(network.id, network.options).bridgeName);
  }

  ensure(network: Network): Promise<EnsureResult> {
    return this.deps.kernel.ensureBridge(this.deps.netns, this.bridgeSpec(network));
  }

  firewall(network: Network): FirewallNetwork {
    const cfg = parseBridgeOptions(network.id, network.options);
    return {
      id: network.id,
      name: network.name,
      bridge: cfg.bridgeName,
      subnets4: network.enableIPv4 ? subnetsOf(network, 4) : [],
      subnets6: network.enableIPv6 ? subnetsOf(network, 6) : [],
      masquerade: cfg.masquerade,
      icc: cfg.icc,
      internal: network.internal,
      ...(cfg.snat4 ? { snat4: cfg.snat4 } : {}),
      ...(cfg.snat6 ? { snat6: cfg.snat6 } : {}),
    };
  }
}
