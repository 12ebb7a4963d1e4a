/**
 * Which network a multi-network container's interfaces are attached in (so eth0, eth1, ...),
 * and which endpoint gives the default route.
 *
 * What Docker does (moby daemon/container_operations.go allocateNetwork, libnetwork
 * sandbox.go Endpoint.Less, default_gateway.go getGatewayEndpoint, checked in moby's code):
 * - Interface names: each endpoint's interface is named "<prefix><N>" with N the lowest
 *   index not in use in the namespace (prefix "eth", or the network's
 *   com.docker.network.container_iface_prefix), unless the endpoint driver option
 *   com.docker.network.endpoint.ifname (v28+) names it. So the names follow attach order.
 * - Attach order at start: v ≤ 27 connects the default "bridge" first, then the other networks
 *   in Go map order, i.e. effectively random; v28+ iterates the map for all of them. Docker
 *   has no stable order (the "eth0/eth1 swap" complaints).
 * - Berth's order (deterministic, documented): the NetworkMode network first (the first one
 *   the client named), then the others sorted by network name (byte order). The docker CLI
 *   and Compose send EndpointsConfig from Go maps, whose JSON keys are sorted, so for them
 *   this is also the order the client listed them. `docker network connect` takes the next
 *   free index.
 * - Default route: endpoints are kept sorted by Endpoint.Less: higher GwPriority first; then
 *   non-internal before internal; then endpoints with IPv4 and IPv6 gateways before those with
 *   one, before those with none; then network name ascending. The IPv4 default route comes
 *   from the first endpoint (skipping null/host drivers) that has an IPv4 gateway, the IPv6
 *   one from the first with an IPv6 gateway, so they can be different endpoints.
 *   (Swarm's docker_gwbridge sorts last; Berth has none.)
 */
import { invalidParameter } from "../../lib/errors.js";

export const ENDPOINT_IFNAME_OPT = "com.docker.network.endpoint.ifname";
export const DEFAULT_IFACE_PREFIX = "eth";

export interface AttachmentOrderInput {
  readonly networkName: string;
}

const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Berth's attach order at create/start: `primary` (the NetworkMode network) first, then by name. */
export function attachmentOrder<T extends AttachmentOrderInput>(primary: string, attachments: readonly T[]): T[] {
  const first = attachments.filter((a) => a.networkName === primary);
  const rest = attachments.filter((a) => a.networkName !== primary).sort((a, b) => byteOrder(a.networkName, b.networkName));
  return [...first, ...rest];
}

export interface IfnameRequest {
  /** An explicit name (the endpoint's com.docker.network.endpoint.ifname driver option). */
  readonly ifname?: string;
  /** The network's interface prefix; default "eth". */
  readonly prefix?: string;
}

/**
 * Interface names for endpoints attached in this order, given names already in use in the
 * namespace (e.g. on connect). Explicit names are reserved first; the others take the lowest
 * free index of their prefix. An explicit name that is taken is an InvalidParameter error.
 */
export function assignInterfaceNames(requests: readonly IfnameRequest[], inUse: readonly string[] = []): string[] {
  const used = new Set(inUse);
  for (const r of requests) {
    if (r.ifname === undefined || r.ifname === "") continue;
    if (used.has(r.ifname)) throw invalidParameter(`interface name ${r.ifname} is already in use in the container`);
    used.add(r.ifname);
  }
  return requests.map((r) => {
    if (r.ifname !== undefined && r.ifname !== "") return r.ifname;
    const prefix = r.prefix ?? DEFAULT_IFACE_PREFIX;
    let n = 0;
    while (used.has(`${prefix}${n}`)) n++;
    used.add(`${prefix}${n}`);
    return `${prefix}${n}`;
  });
}

export interface GatewayCandidate {
  readonly networkName: string;
  readonly gwPriority: number;
  readonly internal: boolean;
  /** "bridge", "null", "host", ... (null and host never give the default route). */
  readonly driver: string;
  /** The endpoint has an IPv4 (IPv6) gateway or default route. Internal networks have none. */
  readonly hasGateway4: boolean;
  readonly hasGateway6: boolean;
}

const gatewayCount = (c: GatewayCandidate): number => (c.hasGateway4 && c.hasGateway6 ? 2 : c.hasGateway4 || c.hasGateway6 ? 1 : 0);

/** Docker's Endpoint.Less as a comparator: negative when `a` is the better default-gateway candidate. */
export function compareGatewayCandidates(a: GatewayCandidate, b: GatewayCandidate): number {
  if (a.gwPriority !== b.gwPriority) return a.gwPriority > b.gwPriority ? -1 : 1;
  if (a.internal !== b.internal) return a.internal ? 1 : -1;
  const ga = gatewayCount(a);
  const gb = gatewayCount(b);
  if (ga !== gb) return ga > gb ? -1 : 1;
  return byteOrder(a.networkName, b.networkName);
}

/** The endpoints in Docker's sandbox order (also the order the embedded DNS searches networks). */
export function sortForGateway<T extends GatewayCandidate>(candidates: readonly T[]): T[] {
  return [...candidates].sort(compareGatewayCandidates);
}

export interface GatewayChoice<T> {
  readonly ipv4?: T;
  readonly ipv6?: T;
}

/** The endpoints giving the IPv4 and IPv6 default routes (absent when none has that gateway). */
export function selectGatewayEndpoints<T extends GatewayCandidate>(candidates: readonly T[]): GatewayChoice<T> {
  let ipv4: T | undefined;
  let ipv6: T | undefined;
  for (const c of sortForGateway(candidates)) {
    if (c.driver === "null" || c.driver === "host") continue;
    if (c.hasGateway4 && ipv4 === undefined) ipv4 = c;
    if (c.hasGateway6 && ipv6 === undefined) ipv6 = c;
  }
  return { ...(ipv4 === undefined ? {} : { ipv4 }), ...(ipv6 === undefined ? {} : { ipv6 }) };
}
