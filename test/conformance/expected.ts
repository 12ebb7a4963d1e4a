/**
 * Docker's documented shapes (../shared/docs/docker-network-spec.md §1.3, §1.12) at API
 * 1.47, the version Berth advertises: field names in Go's order and JSON types.
 */
export const NETWORK_FIELDS = [
  "Name", "Id", "Created", "Scope", "Driver", "EnableIPv6", "IPAM", "Internal", "Attachable", "Ingress",
  "ConfigFrom", "ConfigOnly", "Containers", "Options", "Labels",
] as const;

export const NETWORK_SHAPE: Readonly<Record<string, string>> = {
  Name: "string", Id: "string", Created: "string", Scope: "string", Driver: "string", EnableIPv6: "bool",
  IPAM: "object", Internal: "bool", Attachable: "bool", Ingress: "bool", ConfigFrom: "object", ConfigOnly: "bool",
  Containers: "object", Options: "object", Labels: "object",
};

/** EndpointResource, the values of a network's Containers. */
export const NETWORK_MEMBER_SHAPE: Readonly<Record<string, string>> = {
  Name: "string", EndpointID: "string", MacAddress: "string", IPv4Address: "string", IPv6Address: "string",
};

/** NetworkSettings below API 1.52, v28's order. */
export const NETWORK_SETTINGS_FIELDS = [
  "Bridge", "SandboxID", "SandboxKey", "Ports", "HairpinMode", "LinkLocalIPv6Address", "LinkLocalIPv6PrefixLen",
  "SecondaryIPAddresses", "SecondaryIPv6Addresses", "EndpointID", "Gateway", "GlobalIPv6Address",
  "GlobalIPv6PrefixLen", "IPAddress", "IPPrefixLen", "IPv6Gateway", "MacAddress", "Networks",
] as const;

/** EndpointSettings at 1.47: GwPriority only from 1.48, DNSNames from 1.44. */
export const ENDPOINT_FIELDS = [
  "IPAMConfig", "Links", "Aliases", "MacAddress", "DriverOpts", "NetworkID", "EndpointID", "Gateway", "IPAddress",
  "IPPrefixLen", "IPv6Gateway", "GlobalIPv6Address", "GlobalIPv6PrefixLen", "DNSNames",
] as const;

/** Types of the always-typed EndpointSettings fields (the nullable ones are checked per case). */
export const ENDPOINT_SCALARS: Readonly<Record<string, string>> = {
  MacAddress: "string", NetworkID: "string", EndpointID: "string", Gateway: "string", IPAddress: "string",
  IPPrefixLen: "number", IPv6Gateway: "string", GlobalIPv6Address: "string", GlobalIPv6PrefixLen: "number", DNSNames: "array",
};

/** Keeps only the keys of `shape` that are in `keys`. */
export function pickShape(shape: Readonly<Record<string, string>>, keys: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys) if (k in shape) out[k] = shape[k] ?? "";
  return out;
}

/** Docker ≥ 25 names the container as the client gave it; older daemons used the long form. */
export const RM_RUNNING = /^cannot remove container "[^"]+": container is running: stop the container before removing or force remove$/;
