/**
 * The network as Berth stores and reasons about it. Wire shapes (Docker's PascalCase JSON)
 * live only in src/api; this is the domain type every other layer speaks.
 */
import type { NetworkId } from "../lib/ids.js";

export type Scope = "local" | "swarm" | "global";

/** One IPAM pool of a network, as shown in `IPAM.Config`. Addresses are canonical text. */
export interface IpamPool {
  readonly subnet: string;
  readonly ipRange?: string;
  readonly gateway?: string;
  readonly auxAddresses: Readonly<Record<string, string>>;
  /** True when Berth picked the subnet from the default pools (no user-configured subnet). */
  readonly auto?: boolean;
}

export interface NetworkIpam {
  readonly driver: string; // "default" (or "null")
  readonly options: Readonly<Record<string, string>> | null;
  /** null for host/none; IPv4 pools first, then IPv6. */
  readonly config: readonly IpamPool[] | null;
}

export interface Network {
  readonly id: NetworkId;
  readonly name: string;
  /** RFC 3339 with nanoseconds, as Docker prints it. */
  readonly created: string;
  readonly scope: Scope;
  /** "bridge" | "host" | "null" (more drivers later: overlay, macvlan...). */
  readonly driver: string;
  readonly enableIPv4: boolean;
  readonly enableIPv6: boolean;
  readonly ipam: NetworkIpam;
  readonly internal: boolean;
  readonly attachable: boolean;
  readonly ingress: boolean;
  /** Name of the config-only network this one takes its configuration from, or "". */
  readonly configFrom: string;
  readonly configOnly: boolean;
  /** Driver options exactly as given (shown by inspect); drivers parse them into typed config. */
  readonly options: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  /** Predefined networks (bridge, host, none) cannot be created or removed by users. */
  readonly predefined: boolean;
}

/** What a user asks for in `POST /networks/create`, after wire decoding. */
export interface NetworkCreateSpec {
  readonly name: string;
  readonly driver: string;
  readonly scope?: string;
  readonly enableIPv4?: boolean;
  readonly enableIPv6?: boolean;
  readonly ipam: {
    readonly driver: string;
    readonly options: Readonly<Record<string, string>>;
    readonly config: readonly IpamPoolRequest[];
  };
  readonly internal: boolean;
  readonly attachable: boolean;
  readonly ingress: boolean;
  readonly configOnly: boolean;
  readonly configFrom: string;
  readonly options: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
}

/** One `IPAM.Config` entry as requested: every field optional, text as given by the user. */
export interface IpamPoolRequest {
  readonly subnet?: string;
  readonly ipRange?: string;
  readonly gateway?: string;
  readonly auxAddresses?: Readonly<Record<string, string>>;
}

export const PREDEFINED_NETWORK_NAMES: readonly string[] = ["bridge", "host", "none", "default"];

/** Driver names Berth implements today. */
export const BUILTIN_DRIVERS: readonly string[] = ["bridge", "host", "null"];

/** Option keys of the bridge driver (spec §2.3). */
export const BridgeOpt = {
  name: "com.docker.network.bridge.name",
  enableIcc: "com.docker.network.bridge.enable_icc",
  enableIpMasquerade: "com.docker.network.bridge.enable_ip_masquerade",
  hostBindingIpv4: "com.docker.network.bridge.host_binding_ipv4",
  gatewayModeIpv4: "com.docker.network.bridge.gateway_mode_ipv4",
  gatewayModeIpv6: "com.docker.network.bridge.gateway_mode_ipv6",
  inhibitIpv4: "com.docker.network.bridge.inhibit_ipv4",
  trustedHostInterfaces: "com.docker.network.bridge.trusted_host_interfaces",
  defaultBridge: "com.docker.network.bridge.default_bridge",
  mtu: "com.docker.network.driver.mtu",
  containerIfacePrefix: "com.docker.network.container_iface_prefix",
  enableIpv4: "com.docker.network.enable_ipv4",
  enableIpv6: "com.docker.network.enable_ipv6",
  hostIpv4: "com.docker.network.host_ipv4",
  hostIpv6: "com.docker.network.host_ipv6",
} as const;
