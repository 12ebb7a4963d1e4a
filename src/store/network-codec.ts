/**
 * Network <-> row. id, name, driver and created are real columns; every other field goes into
 * the JSON `doc` column. Encoding picks fields explicitly (nothing unexpected is persisted);
 * decoding checks every field's type, so a damaged row is a System error naming the network,
 * never a half-typed object travelling through the engine.
 */
import type { NetworkId } from "../lib/ids.js";
import { messageOf, systemError } from "../lib/errors.js";
import type { IpamPool, Network, NetworkIpam, Scope } from "../model/network.js";
import { asArray, asBool, asObject, asString, asStringMap } from "./json-read.js";

export interface NetworkRow {
  readonly id: string;
  readonly name: string;
  readonly driver: string;
  readonly created: string;
  readonly doc: string;
}

export function encodeNetwork(n: Network): NetworkRow {
  const doc = {
    scope: n.scope,
    enableIPv4: n.enableIPv4,
    enableIPv6: n.enableIPv6,
    ipam: {
      driver: n.ipam.driver,
      options: n.ipam.options,
      config: n.ipam.config === null ? null : n.ipam.config.map(encodePool),
    },
    internal: n.internal,
    attachable: n.attachable,
    ingress: n.ingress,
    configFrom: n.configFrom,
    configOnly: n.configOnly,
    options: n.options,
    labels: n.labels,
    predefined: n.predefined,
  };
  return { id: n.id, name: n.name, driver: n.driver, created: n.created, doc: JSON.stringify(doc) };
}

function encodePool(p: IpamPool): IpamPool {
  return {
    subnet: p.subnet,
    ...(p.ipRange !== undefined && { ipRange: p.ipRange }),
    ...(p.gateway !== undefined && { gateway: p.gateway }),
    auxAddresses: p.auxAddresses,
    ...(p.auto === true && { auto: true }),
  };
}

export function decodeNetwork(row: NetworkRow): Network {
  try {
    const doc = asObject(JSON.parse(row.doc) as unknown, "doc");
    return {
      id: row.id as NetworkId,
      name: row.name,
      created: row.created,
      scope: asScope(doc["scope"]),
      driver: row.driver,
      enableIPv4: asBool(doc["enableIPv4"], "enableIPv4"),
      enableIPv6: asBool(doc["enableIPv6"], "enableIPv6"),
      ipam: decodeIpam(doc["ipam"]),
      internal: asBool(doc["internal"], "internal"),
      attachable: asBool(doc["attachable"], "attachable"),
      ingress: asBool(doc["ingress"], "ingress"),
      configFrom: asString(doc["configFrom"], "configFrom"),
      configOnly: asBool(doc["configOnly"], "configOnly"),
      options: asStringMap(doc["options"], "options"),
      labels: asStringMap(doc["labels"], "labels"),
      predefined: asBool(doc["predefined"], "predefined"),
    };
  } catch (e) {
    throw systemError(`stored network ${row.id} is unreadable: ${messageOf(e)}`, e);
  }
}

function decodeIpam(v: unknown): NetworkIpam {
  const o = asObject(v, "ipam");
  const options = o["options"];
  const config = o["config"];
  return {
    driver: asString(o["driver"], "ipam.driver"),
    options: options === null ? null : asStringMap(options, "ipam.options"),
    config: config === null ? null : asArray(config, "ipam.config").map(decodePool),
  };
}

function decodePool(v: unknown): IpamPool {
  const o = asObject(v, "ipam.config[]");
  const ipRange = o["ipRange"];
  const gateway = o["gateway"];
  return {
    subnet: asString(o["subnet"], "subnet"),
    ...(ipRange !== undefined && { ipRange: asString(ipRange, "ipRange") }),
    ...(gateway !== undefined && { gateway: asString(gateway, "gateway") }),
    auxAddresses: asStringMap(o["auxAddresses"], "auxAddresses"),
    ...(o["auto"] === true && { auto: true }),
  };
}

function asScope(v: unknown): Scope {
  if (v === "local" || v === "swarm" || v === "global") return v;
  throw new TypeError(`scope ${JSON.stringify(v)} is not local, swarm or global`);
}
