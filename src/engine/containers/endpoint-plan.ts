/**
 * Plans the endpoint of one attachment: an address from IPAM (the lowest free, or the
 * requested static one), a MAC, the veth names and the interface name inside the container.
 */
import { invalidParameter } from "../../lib/errors.js";
import { newEndpointId, type ContainerId } from "../../lib/ids.js";
import { parsePrefix } from "../../lib/ip.js";
import { allocateAddress } from "../../ipam/index.js";
import type { Attachment } from "../../model/container.js";
import type { Endpoint } from "../../model/endpoint.js";
import type { Network } from "../../model/network.js";

export interface EndpointPlanInput {
  readonly containerId: ContainerId;
  readonly containerName: string;
  readonly attachment: Attachment;
  readonly network: Network;
  /** Addresses (with or without prefix) already used on this network. */
  readonly inUse: ReadonlySet<string>;
  readonly ifname: string;
  readonly hostVeth: string;
  readonly mac: string;
}

function poolsOf(n: Network, family: 4 | 6) {
  return (n.ipam.config ?? []).filter((p) => parsePrefix(p.subnet)?.family === family);
}

export function planEndpoint(i: EndpointPlanInput): Endpoint {
  const net = i.network;
  const cfg = i.attachment.config;
  const label = `${net.name} (${net.id.slice(0, 12)})`;
  const pick = (family: 4 | 6, requested: string | undefined): { addr: string; gw: string } => {
    const pools = poolsOf(net, family);
    const enabled = family === 4 ? net.enableIPv4 : net.enableIPv6;
    if (!enabled || pools.length === 0) {
      if (requested) throw invalidParameter(`no configured subnet contains IP address ${requested}`);
      return { addr: "", gw: "" };
    }
    const pool = pools[0]!;
    const bits = parsePrefix(pool.subnet)?.bits ?? 0;
    const a = allocateAddress(pool, i.inUse, requested || undefined, label);
    const gw = pool.auxAddresses[family === 4 ? "DefaultGatewayIPv4" : "DefaultGatewayIPv6"] ?? pool.gateway ?? "";
    return { addr: `${a}/${bits}`, gw };
  };
  const v4 = pick(4, cfg.ipv4Address);
  const v6 = pick(6, cfg.ipv6Address);
  return {
    id: newEndpointId(),
    networkId: net.id,
    containerId: i.containerId,
    name: i.containerName,
    macAddress: cfg.macAddress || i.mac,
    ipv4Address: v4.addr,
    ipv6Address: v6.addr,
    gateway4: net.internal ? "" : v4.gw,
    gateway6: net.internal ? "" : v6.gw,
    ifname: i.ifname,
    hostVeth: i.hostVeth,
  };
}

/** The next free interface name (prefix + lowest unused index). */
export function nextIfname(prefix: string, used: readonly string[]): string {
  for (let n = 0; ; n++) if (!used.includes(`${prefix}${n}`)) return `${prefix}${n}`;
}
