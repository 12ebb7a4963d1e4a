/**
 * What the firewall needs to know about Berth's networks: the domain model reduced to the
 * facts that decide rules. The network layer builds it; the renderer turns it into nft text.
 */

export interface FirewallNetwork {
  /** Full network id (64 hex); comments and chain names use its first 12 characters. */
  readonly id: string;
  readonly name: string;
  /** Name of the Linux bridge. */
  readonly bridge: string;
  /** Canonical CIDR text, e.g. "172.18.0.0/16". */
  readonly subnets4: readonly string[];
  readonly subnets6: readonly string[];
  /** `com.docker.network.bridge.enable_ip_masquerade`. */
  readonly masquerade: boolean;
  /** `com.docker.network.bridge.enable_icc`. */
  readonly icc: boolean;
  readonly internal: boolean;
  /** `com.docker.network.host_ipv4`: SNAT egress to this address instead of masquerading. */
  readonly snat4?: string;
  /** `com.docker.network.host_ipv6`. */
  readonly snat6?: string;
}

/**
 * One published run of ports: host ports hostStart..hostEnd of one protocol, on one host
 * address (or every address of the family), DNATed to a container address, port for port
 * from targetStart. A range of thousands of ports with the same numbers is one element.
 */
export interface FirewallPort {
  readonly networkId: string;
  readonly networkName: string;
  readonly containerId: string;
  readonly containerName: string;
  readonly family: 4 | 6;
  readonly proto: "tcp" | "udp" | "sctp";
  /** A host address, or "" for every local address of the family (0.0.0.0 / ::). */
  readonly hostIp: string;
  readonly hostStart: number;
  readonly hostEnd: number;
  /** The container's address on the network, without prefix length. */
  readonly target: string;
  readonly targetStart: number;
  /**
   * The network's gateway in the run's family ("" or absent: none). A connection from the
   * host's ::1 reaches the container from this address, as it would through docker-proxy.
   */
  readonly gateway?: string;
}

export interface FirewallState {
  readonly networks: readonly FirewallNetwork[];
  /** Published ports (issue 5); absent = none. */
  readonly ports?: readonly FirewallPort[];
}

/**
 * How the bridge table recognises frames bridged inside an ICC-off network:
 * - "bridge-name": `meta ibrname` (exact; needs nft_meta_bridge, CONFIG_NFT_BRIDGE_META)
 * - "subnet": source and destination both inside the network's subnets (fallback for kernels
 *   without nft_meta_bridge; does not catch IPv6 link-local or spoofed sources)
 */
export type IccMatch = "bridge-name" | "subnet";
