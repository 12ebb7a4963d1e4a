/**
 * Endpoint <-> row, and EndpointConfig <-> JSON (also used inside a container's attachments).
 * id, container_id and network_id are real columns (keys and the foreign key); the rest of the
 * Endpoint goes into the JSON `doc`. As in network-codec.ts, encoding picks fields explicitly
 * and decoding checks each one, so a damaged row is a System error naming the endpoint.
 */
import { messageOf, systemError } from "../lib/errors.js";
import type { ContainerId, EndpointId, NetworkId } from "../lib/ids.js";
import type { Endpoint, EndpointConfig } from "../model/endpoint.js";
import { asObject, asString, asStringArray, asStringMap, int, optionalString } from "./json-read.js";

export interface EndpointRow {
  readonly id: string;
  readonly containerId: string;
  readonly networkId: string;
  readonly doc: string;
}

export function encodeEndpoint(e: Endpoint): EndpointRow {
  const doc = {
    name: e.name,
    macAddress: e.macAddress,
    ipv4Address: e.ipv4Address,
    ipv6Address: e.ipv6Address,
    gateway4: e.gateway4,
    gateway6: e.gateway6,
    ifname: e.ifname,
    hostVeth: e.hostVeth,
  };
  return { id: e.id, containerId: e.containerId, networkId: e.networkId, doc: JSON.stringify(doc) };
}

export function decodeEndpoint(row: EndpointRow): Endpoint {
  try {
    const doc = asObject(JSON.parse(row.doc) as unknown, "doc");
    const str = (key: string): string => asString(doc[key], key);
    return {
      id: row.id as EndpointId,
      networkId: row.networkId as NetworkId,
      containerId: row.containerId as ContainerId,
      name: str("name"),
      macAddress: str("macAddress"),
      ipv4Address: str("ipv4Address"),
      ipv6Address: str("ipv6Address"),
      gateway4: str("gateway4"),
      gateway6: str("gateway6"),
      ifname: str("ifname"),
      hostVeth: str("hostVeth"),
    };
  } catch (e) {
    throw systemError(`stored endpoint ${row.id} is unreadable: ${messageOf(e)}`, e);
  }
}

/** A plain JSON object; absent optional fields stay absent. */
export function encodeEndpointConfig(c: EndpointConfig): Readonly<Record<string, unknown>> {
  return {
    ...(c.ipv4Address !== undefined && { ipv4Address: c.ipv4Address }),
    ...(c.ipv6Address !== undefined && { ipv6Address: c.ipv6Address }),
    linkLocalIPs: [...c.linkLocalIPs],
    links: [...c.links],
    aliases: [...c.aliases],
    ...(c.macAddress !== undefined && { macAddress: c.macAddress }),
    driverOpts: c.driverOpts,
    gwPriority: int(c.gwPriority, "gwPriority"),
  };
}

export function decodeEndpointConfig(v: unknown, field: string): EndpointConfig {
  const o = asObject(v, field);
  return {
    ...optionalString(o, "ipv4Address", `${field}.ipv4Address`),
    ...optionalString(o, "ipv6Address", `${field}.ipv6Address`),
    linkLocalIPs: asStringArray(o["linkLocalIPs"], `${field}.linkLocalIPs`),
    links: asStringArray(o["links"], `${field}.links`),
    aliases: asStringArray(o["aliases"], `${field}.aliases`),
    ...optionalString(o, "macAddress", `${field}.macAddress`),
    driverOpts: asStringMap(o["driverOpts"], `${field}.driverOpts`),
    gwPriority: int(o["gwPriority"], `${field}.gwPriority`),
  };
}
