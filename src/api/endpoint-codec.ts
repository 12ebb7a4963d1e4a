/**
 * EndpointSettings (spec §1.7) → EndpointConfig, and the connect/disconnect bodies.
 * Reused by container create later (NetworkingConfig.EndpointsConfig values).
 */
import type { EndpointConfig } from "../model/endpoint.js";
import { StructReader, topLevelObject } from "./decode.js";
import { versionAtLeast } from "./version.js";

/** Which version-gated fields of EndpointSettings the request's API version honours. */
export interface EndpointDecodeOptions {
  /** `MacAddress`: container create from 1.44, network connect from 1.54. */
  readonly honourMacAddress: boolean;
  /** `GwPriority`: from API 1.48 (zeroed below). */
  readonly honourGwPriority: boolean;
}

/** Options for POST /networks/{id}/connect at `apiVersion`. */
export const connectDecodeOptions = (apiVersion: string): EndpointDecodeOptions => ({
  honourMacAddress: versionAtLeast(apiVersion, "1.54"),
  honourGwPriority: versionAtLeast(apiVersion, "1.48"),
});

/** Reads one EndpointSettings object. Empty strings mean "not set", as the CLI sends them. */
export function decodeEndpointSettings(r: StructReader, opts: EndpointDecodeOptions): EndpointConfig {
  const ipam = r.struct("IPAMConfig", "EndpointIPAMConfig", "network.EndpointIPAMConfig", (i) => ({
    ipv4: i.string("IPv4Address"),
    ipv6: i.string("IPv6Address"),
    linkLocal: i.stringArray("LinkLocalIPs"),
  }));
  const links = r.stringArray("Links");
  const aliases = r.stringArray("Aliases");
  const mac = r.string("MacAddress");
  const driverOpts = r.stringMap("DriverOpts");
  const gwPriority = r.int("GwPriority");
  // Operational fields are ignored, but Go still type-checks them.
  for (const f of ["NetworkID", "EndpointID", "Gateway", "IPAddress", "IPv6Gateway", "GlobalIPv6Address"]) r.string(f);
  r.int("IPPrefixLen");
  r.int("GlobalIPv6PrefixLen");
  r.stringArray("DNSNames");
  return {
    ...(ipam?.ipv4 ? { ipv4Address: ipam.ipv4 } : {}),
    ...(ipam?.ipv6 ? { ipv6Address: ipam.ipv6 } : {}),
    linkLocalIPs: (ipam?.linkLocal ?? []).filter((s) => s !== ""),
    links: links ?? [],
    aliases: aliases ?? [],
    ...(mac && opts.honourMacAddress ? { macAddress: mac } : {}),
    driverOpts: driverOpts ?? {},
    gwPriority: opts.honourGwPriority ? (gwPriority ?? 0) : 0,
  };
}

export interface ConnectRequest {
  readonly container: string;
  readonly config: EndpointConfig;
}

/** POST /networks/{id}/connect body: `{"Container": ..., "EndpointConfig": ...|null}`. */
export function decodeConnect(body: unknown, apiVersion: string): ConnectRequest {
  const r = new StructReader(topLevelObject(body, "types.NetworkConnect"), "NetworkConnect");
  const container = r.string("Container") ?? "";
  const opts = connectDecodeOptions(apiVersion);
  const config =
    r.struct("EndpointConfig", "EndpointSettings", "network.EndpointSettings", (e) => decodeEndpointSettings(e, opts)) ??
    decodeEndpointSettings(new StructReader({}, "EndpointSettings"), opts);
  return { container, config };
}

export interface DisconnectRequest {
  readonly container: string;
  readonly force: boolean;
}

/** POST /networks/{id}/disconnect body: `{"Container": ..., "Force": bool}`. */
export function decodeDisconnect(body: unknown): DisconnectRequest {
  const r = new StructReader(topLevelObject(body, "types.NetworkDisconnect"), "NetworkDisconnect");
  return { container: r.string("Container") ?? "", force: r.bool("Force") ?? false };
}
