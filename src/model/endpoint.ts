/** A container's attachment to a network, as requested (connect / run) and as realised. */
import type { ContainerId, EndpointId, NetworkId } from "../lib/ids.js";

/** The config side of Docker's EndpointSettings (what a client may ask for). */
export interface EndpointConfig {
  readonly ipv4Address?: string;
  readonly ipv6Address?: string;
  readonly linkLocalIPs: readonly string[];
  readonly links: readonly string[];
  readonly aliases: readonly string[];
  readonly macAddress?: string;
  readonly driverOpts: Readonly<Record<string, string>>;
  readonly gwPriority: number;
}

export const emptyEndpointConfig: EndpointConfig = {
  linkLocalIPs: [],
  links: [],
  aliases: [],
  driverOpts: {},
  gwPriority: 0,
};

/** A live endpoint: what `network inspect` lists under Containers. */
export interface Endpoint {
  readonly id: EndpointId;
  readonly networkId: NetworkId;
  readonly containerId: ContainerId;
  /** Container name without the leading slash. */
  readonly name: string;
  readonly macAddress: string;
  /** With prefix length, e.g. "172.18.0.2/16", or "". */
  readonly ipv4Address: string;
  readonly ipv6Address: string;
  /** Gateway addresses without prefix, or "". */
  readonly gateway4: string;
  readonly gateway6: string;
  /** Interface name inside the container (eth0, eth1, ...) and the host end of the veth pair. */
  readonly ifname: string;
  readonly hostVeth: string;
}
