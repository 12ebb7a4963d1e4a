/**
 * Networks between domain and wire (spec §1.3, §1.6–§1.8). Encoding builds objects in
 * Docker's field order and sorts map keys as Go does, shaped by the request's API version;
 * decoding reads the request bodies with Go's json semantics and errors.
 */
import type { NetworkDetail } from "../engine/engine.js";
import type { Endpoint } from "../model/endpoint.js";
import type { IpamPool, IpamPoolRequest, NetworkCreateSpec } from "../model/network.js";
import { invalidParameter } from "../lib/errors.js";
import { StructReader, topLevelObject } from "./decode.js";
import { sortedRecord } from "./respond.js";
import { versionAtLeast, versionLessThan } from "./version.js";
import type {
  EndpointResourceWire,
  IPAMConfigWire,
  NetworkCreateResponseWire,
  NetworkWire,
} from "./wire/network.js";

/** How `Containers` appears: inspect lists endpoints; lists show `{}` from API 1.28. */
export type ContainersMode = "inspect" | "list";

function encodePool(p: IpamPool): IPAMConfigWire {
  const out: IPAMConfigWire = {};
  if (p.subnet) out.Subnet = p.subnet;
  if (p.ipRange) out.IPRange = p.ipRange;
  if (p.gateway) out.Gateway = p.gateway;
  if (Object.keys(p.auxAddresses).length > 0) out.AuxiliaryAddresses = sortedRecord(p.auxAddresses);
  return out;
}

export function encodeEndpoint(e: Endpoint): EndpointResourceWire {
  return {
    Name: e.name,
    EndpointID: e.id,
    MacAddress: e.macAddress,
    IPv4Address: e.ipv4Address,
    IPv6Address: e.ipv6Address,
  };
}

function encodeContainers(endpoints: readonly Endpoint[]): Record<string, EndpointResourceWire> {
  const byKey: Record<string, EndpointResourceWire> = {};
  for (const e of endpoints) byKey[e.containerId || `ep-${e.id}`] = encodeEndpoint(e);
  return sortedRecord(byKey);
}

/** The network object of inspect and list, in Docker's field order, for `apiVersion`. */
export function encodeNetwork(d: NetworkDetail, apiVersion: string, mode: ContainersMode): NetworkWire {
  const n = d.network;
  const head = { Name: n.name, Id: n.id, Created: n.created, Scope: n.scope, Driver: n.driver };
  const v4 = versionAtLeast(apiVersion, "1.48") ? { EnableIPv4: n.enableIPv4 } : {};
  const wire: NetworkWire = {
    ...head,
    ...v4,
    EnableIPv6: n.enableIPv6,
    IPAM: {
      Driver: n.ipam.driver,
      Options: n.ipam.options === null ? null : sortedRecord(n.ipam.options),
      Config: n.ipam.config === null ? null : n.ipam.config.map(encodePool),
    },
    Internal: n.internal,
    Attachable: n.attachable,
    Ingress: n.ingress,
    ConfigFrom: { Network: n.configFrom },
    ConfigOnly: n.configOnly,
    Options: sortedRecord(n.options),
    Labels: sortedRecord(n.labels),
  };
  const containers = containersFor(d, apiVersion, mode);
  return containers === undefined ? wire : insertContainers(wire, containers);
}

function containersFor(d: NetworkDetail, apiVersion: string, mode: ContainersMode): NetworkWire["Containers"] {
  if (mode === "inspect" || versionLessThan(apiVersion, "1.28")) return encodeContainers(d.endpoints);
  return versionLessThan(apiVersion, "1.52") ? {} : undefined;
}

/** Puts `Containers` between `ConfigOnly` and `Options`, where Go emits it. */
function insertContainers(w: NetworkWire, containers: Record<string, EndpointResourceWire>): NetworkWire {
  const { Options, Labels, ...before } = w;
  return { ...before, Containers: containers, Options, Labels };
}

export function encodeCreateResponse(r: { readonly id: string; readonly warning: string }): NetworkCreateResponseWire {
  return { Id: r.id, Warning: r.warning };
}

function decodePool(r: StructReader): IpamPoolRequest {
  const pool: { subnet?: string; ipRange?: string; gateway?: string; auxAddresses?: Record<string, string> } = {};
  const subnet = r.string("Subnet");
  const ipRange = r.string("IPRange");
  const gateway = r.string("Gateway");
  const aux = r.stringMap("AuxiliaryAddresses");
  if (subnet) pool.subnet = subnet;
  if (ipRange) pool.ipRange = ipRange;
  if (gateway) pool.gateway = gateway;
  if (aux && Object.keys(aux).length > 0) pool.auxAddresses = aux;
  return pool;
}

function decodeIpam(r: StructReader): NetworkCreateSpec["ipam"] {
  return {
    driver: r.string("Driver") || "default",
    config: r.structArray("Config", { structName: "IPAMConfig", goType: "network.IPAMConfig" }, decodePool) ?? [],
    options: r.stringMap("Options") ?? {},
  };
}

/**
 * POST /networks/create body → NetworkCreateSpec. Defaults as dockerd applies them (driver
 * `bridge`, IPAM driver `default`); `EnableIPv4` only from API 1.48; an empty or blank name
 * is refused here.
 */
export function decodeNetworkCreate(body: unknown, apiVersion: string): NetworkCreateSpec {
  const r = new StructReader(topLevelObject(body, "types.NetworkCreateRequest"), "NetworkCreateRequest");
  r.bool("CheckDuplicate"); // deprecated and ignored, but still type-checked
  const name = r.string("Name") ?? "";
  const scope = r.string("Scope");
  const enableIPv4 = r.bool("EnableIPv4");
  const enableIPv6 = r.bool("EnableIPv6");
  const ipam = r.struct("IPAM", "IPAM", "network.IPAM", decodeIpam);
  const spec: NetworkCreateSpec = {
    name,
    driver: r.string("Driver") || "bridge",
    ...(scope ? { scope } : {}),
    ...(enableIPv4 !== undefined && versionAtLeast(apiVersion, "1.48") ? { enableIPv4 } : {}),
    ...(enableIPv6 !== undefined ? { enableIPv6 } : {}),
    ipam: ipam ?? { driver: "default", options: {}, config: [] },
    internal: r.bool("Internal") ?? false,
    attachable: r.bool("Attachable") ?? false,
    ingress: r.bool("Ingress") ?? false,
    configOnly: r.bool("ConfigOnly") ?? false,
    configFrom: r.struct("ConfigFrom", "ConfigReference", "network.ConfigReference", (c) => c.string("Network") ?? "") ?? "",
    options: r.stringMap("Options") ?? {},
    labels: r.stringMap("Labels") ?? {},
  };
  if (name.trim() === "") throw invalidParameter("invalid name: name is empty");
  return spec;
}
