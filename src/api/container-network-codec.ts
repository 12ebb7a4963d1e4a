/**
 * A container's networking in Docker's shapes (spec §1.12): EndpointSettings per network,
 * inspect's NetworkSettings (with the legacy top-level copy of the `bridge` endpoint below
 * API 1.52), the port map, and the list's `Ports`. Operational fields are blank unless the
 * container is running (its live endpoints come with the ContainerDetail).
 */
import { createHash } from "node:crypto";
import type { ContainerDetail } from "../engine/container-contract.js";
import { shortId } from "../lib/ids.js";
import type { Attachment } from "../model/container.js";
import type { Endpoint } from "../model/endpoint.js";
import { sortedRecord } from "./respond.js";
import { versionAtLeast, versionLessThan } from "./version.js";
import type { EndpointIPAMConfigWire, EndpointSettingsWire, NetworkSettingsWire, PortMapWire, PortWire } from "./wire/container.js";

const PREDEFINED = ["bridge", "host", "none"];

const isRunning = (d: ContainerDetail): boolean => ["running", "paused", "restarting"].includes(d.container.state.status);

/** "172.18.0.2/16" → ["172.18.0.2", 16]; "" → ["", 0]. */
function splitCidr(cidr: string): [string, number] {
  const slash = cidr.indexOf("/");
  return slash < 0 ? [cidr, 0] : [cidr.slice(0, slash), Number(cidr.slice(slash + 1))];
}

function ipamConfig(a: Attachment): EndpointIPAMConfigWire | null {
  const c = a.config;
  if (!c.ipv4Address && !c.ipv6Address && c.linkLocalIPs.length === 0) return null;
  return {
    ...(c.ipv4Address ? { IPv4Address: c.ipv4Address } : {}),
    ...(c.ipv6Address ? { IPv6Address: c.ipv6Address } : {}),
    ...(c.linkLocalIPs.length > 0 ? { LinkLocalIPs: [...c.linkLocalIPs] } : {}),
  };
}

/** DNSNames: name, aliases, short id, hostname (de-duplicated), on user-defined networks only. */
function dnsNames(d: ContainerDetail, a: Attachment, netName: string): string[] | null {
  if (PREDEFINED.includes(netName)) return null;
  const c = d.container;
  const names = [c.name, ...a.config.aliases, shortId(c.id), c.config.hostname].filter((n) => n !== "");
  return [...new Set(names)];
}

function aliases(d: ContainerDetail, a: Attachment, netName: string, apiVersion: string): string[] | null {
  const list = [...a.config.aliases];
  if (versionLessThan(apiVersion, "1.45") && !PREDEFINED.includes(netName)) {
    for (const extra of [shortId(d.container.id), d.container.config.hostname]) if (extra && !list.includes(extra)) list.push(extra);
  }
  return list.length > 0 ? list : null;
}

export function encodeEndpointSettings(d: ContainerDetail, a: Attachment, apiVersion: string): EndpointSettingsWire {
  const netName = d.networkNames[a.networkId] || a.networkName;
  const ep: Endpoint | undefined = isRunning(d) ? d.endpoints.find((e) => e.networkId === a.networkId) : undefined;
  const [ip4, len4] = splitCidr(ep?.ipv4Address ?? "");
  const [ip6, len6] = splitCidr(ep?.ipv6Address ?? "");
  const driverOpts = a.config.driverOpts;
  return {
    IPAMConfig: ipamConfig(a),
    Links: a.config.links.length > 0 ? [...a.config.links] : null,
    Aliases: aliases(d, a, netName, apiVersion),
    MacAddress: ep?.macAddress ?? a.config.macAddress ?? "",
    DriverOpts: Object.keys(driverOpts).length > 0 ? sortedRecord(driverOpts) : null,
    ...(versionAtLeast(apiVersion, "1.48") ? { GwPriority: a.config.gwPriority } : {}),
    NetworkID: a.networkId,
    EndpointID: ep?.id ?? "",
    Gateway: ep?.gateway4 ?? "",
    IPAddress: ip4,
    IPPrefixLen: len4,
    IPv6Gateway: ep?.gateway6 ?? "",
    GlobalIPv6Address: ip6,
    GlobalIPv6PrefixLen: len6,
    ...(versionAtLeast(apiVersion, "1.44") ? { DNSNames: dnsNames(d, a, netName) } : {}),
  };
}

/** Networks keyed by name (sorted, as Go encodes a map). */
export function encodeNetworks(d: ContainerDetail, apiVersion: string): Record<string, EndpointSettingsWire> {
  const out: Record<string, EndpointSettingsWire> = {};
  for (const a of d.container.attachments) out[d.networkNames[a.networkId] || a.networkName] = encodeEndpointSettings(d, a, apiVersion);
  return sortedRecord(out);
}

/** Exposed ports and published ones, keys sorted. */
function portKeys(d: ContainerDetail): string[] {
  const keys = new Set<string>([...d.exposedPorts, ...Object.keys(d.container.hostConfig.portBindings)]);
  return [...keys].map((k) => (k.includes("/") ? k : `${k}/tcp`)).sort();
}

/** The host addresses a binding is published on: both families when HostIp is empty. */
const hostIps = (hostIp: string): string[] => (hostIp === "" ? ["0.0.0.0", "::"] : [hostIp]);

/** NetworkSettings.Ports: `{}` unless running; exposed-only ports map to null. */
export function encodePortMap(d: ContainerDetail): PortMapWire {
  if (!isRunning(d) || d.container.hostConfig.networkMode === "host") return {};
  const out: PortMapWire = {};
  const bindings = d.container.hostConfig.portBindings;
  const published = d.publishedPorts;
  if (published !== undefined) {
    // The ports as published, with the host ports chosen (issue 5).
    for (const key of portKeys(d)) out[key] = null;
    for (const p of published) {
      const key = `${p.containerPort}/${p.proto}`;
      out[key] = [...(out[key] ?? []), { HostIp: p.hostIp, HostPort: String(p.hostPort) }];
    }
    return sortedRecord(out);
  }
  for (const key of portKeys(d)) {
    const list = bindings[key] ?? bindings[key.replace(/\/tcp$/, "")] ?? [];
    out[key] = list.length === 0 ? null : list.flatMap((b) => hostIps(b.hostIp).map((ip) => ({ HostIp: ip, HostPort: b.hostPort })));
  }
  return out;
}

/** The list's `Ports` items. */
export function encodePortList(d: ContainerDetail): PortWire[] {
  const out: PortWire[] = [];
  for (const [key, list] of Object.entries(encodePortMap(d))) {
    const [port = "0", proto = "tcp"] = key.split("/");
    const privatePort = Number(port);
    if (list === null) {
      out.push({ PrivatePort: privatePort, Type: proto });
      continue;
    }
    for (const b of list) {
      const pub = /^[0-9]+$/.test(b.HostPort) ? { PublicPort: Number(b.HostPort) } : {};
      out.push({ IP: b.HostIp, PrivatePort: privatePort, ...pub, Type: proto });
    }
  }
  return out;
}

/** A stable opaque sandbox id for a sandbox key (Docker shows 64 hex characters). */
const sandboxId = (key: string): string => (key === "" ? "" : createHash("sha256").update(key).digest("hex"));

/** Inspect's NetworkSettings in v28's field order, for `apiVersion`. */
export function encodeNetworkSettings(d: ContainerDetail, apiVersion: string): NetworkSettingsWire {
  const networks = encodeNetworks(d, apiVersion);
  const head = { SandboxID: sandboxId(d.sandboxKey), SandboxKey: d.sandboxKey, Ports: encodePortMap(d) };
  if (versionAtLeast(apiVersion, "1.52")) return { ...head, Networks: networks };
  const b = networks["bridge"];
  return {
    Bridge: "",
    ...head,
    HairpinMode: false,
    LinkLocalIPv6Address: "",
    LinkLocalIPv6PrefixLen: 0,
    SecondaryIPAddresses: null,
    SecondaryIPv6Addresses: null,
    EndpointID: b?.EndpointID ?? "",
    Gateway: b?.Gateway ?? "",
    GlobalIPv6Address: b?.GlobalIPv6Address ?? "",
    GlobalIPv6PrefixLen: b?.GlobalIPv6PrefixLen ?? 0,
    IPAddress: b?.IPAddress ?? "",
    IPPrefixLen: b?.IPPrefixLen ?? 0,
    IPv6Gateway: b?.IPv6Gateway ?? "",
    MacAddress: b && b.EndpointID !== "" ? b.MacAddress : "",
    Networks: networks,
  };
}
