/**
 * Networks as the Go values the docker CLI templates see: `network ls` rows are a
 * *network.networkContext (string methods ID, Name, Driver, ...), `network inspect`
 * elements are a network.Inspect struct (Go field order, typed maps and slices).
 */
import type { EndpointResourceWire, IPAMConfigWire, NetworkWire } from "../../api/wire/network.js";
import { GoMap, GoSlice, GoStruct, GoTime, goJsonEncode, stringMap, type GoValue } from "./go-value.js";
import { parseGoTime, ZERO_TIME, goTimeString } from "./go-time.js";

const shortId = (id: string): string => id.slice(0, 12);

/** The column names docker shows for each `network ls` field (SubHeaderContext). */
export const NETWORK_HEADERS: Readonly<Record<string, string>> = {
  ID: "NETWORK ID",
  Name: "NAME",
  Driver: "DRIVER",
  Scope: "SCOPE",
  IPv4: "IPV4",
  IPv6: "IPV6",
  Internal: "INTERNAL",
  Labels: "LABELS",
  CreatedAt: "CREATED AT",
};

/** A header row's data: the column names plus SubHeaderContext.Label ("a.b-c" -> "b c"). */
export function headerValue(headers: Readonly<Record<string, string>>): GoMap {
  const label = (args: GoValue[]): GoValue => {
    const parts = String(args[0] ?? "").split(".");
    return (parts[parts.length - 1] ?? "").replace(/[-_]/g, " ");
  };
  const entries = new Map<string, GoValue>(Object.entries(headers));
  return new GoMap(entries, "formatter.SubHeaderContext", "", false, { Label: { arity: 1, fn: label } });
}

export const networkHeaderValue = (): GoMap => headerValue(NETWORK_HEADERS);

const labelOf = (n: NetworkWire, k: string): string => (n.Labels && Object.hasOwn(n.Labels, k) ? (n.Labels[k] ?? "") : "");

const timeOf = (s: string): GoTime => new GoTime(parseGoTime(s) ?? ZERO_TIME);

/** One `network ls` row; `trunc` shortens the ID to 12 characters as docker does. */
export function networkContextValue(n: NetworkWire, trunc: boolean): GoStruct {
  const str = (v: string): { arity: number; fn: () => GoValue } => ({ arity: 0, fn: () => v });
  const labels = Object.entries(n.Labels ?? {}).map(([k, v]) => `${k}=${v}`).join(",");
  const methods = {
    ID: str(trunc ? shortId(n.Id) : n.Id),
    Name: str(n.Name),
    Driver: str(n.Driver),
    Scope: str(n.Scope),
    IPv4: str(String(n.EnableIPv4 ?? false)),
    IPv6: str(String(n.EnableIPv6)),
    Internal: str(String(n.Internal)),
    Labels: str(labels),
    CreatedAt: str(goTimeString(timeOf(n.Created).t)),
    Label: { arity: 1, fn: (args: GoValue[]) => labelOf(n, String(args[0])) },
  };
  // formatter.MarshalJSON: every niladic method, keys sorted, json.Marshal (escapes HTML).
  const marshal = (): string => {
    const entries = new Map<string, GoValue>();
    for (const [k, m] of Object.entries(methods)) if (m.arity === 0) entries.set(k, m.fn([]));
    return goJsonEncode(new GoMap(entries, "map[string]interface {}", null), true);
  };
  return new GoStruct("*network.networkContext", [], methods, marshal);
}

function ipamConfigValue(c: IPAMConfigWire): GoStruct {
  return new GoStruct("network.IPAMConfig", [
    { name: "Subnet", value: c.Subnet ?? "", omitEmpty: true },
    { name: "IPRange", value: c.IPRange ?? "", omitEmpty: true },
    { name: "Gateway", value: c.Gateway ?? "", omitEmpty: true },
    { name: "AuxAddress", json: "AuxiliaryAddresses", value: stringMap(c.AuxiliaryAddresses), omitEmpty: true },
  ]);
}

function endpointValue(e: EndpointResourceWire): GoStruct {
  return new GoStruct("network.EndpointResource", [
    { name: "Name", value: e.Name ?? "" },
    { name: "EndpointID", value: e.EndpointID ?? "" },
    { name: "MacAddress", value: e.MacAddress ?? "" },
    { name: "IPv4Address", value: e.IPv4Address ?? "" },
    { name: "IPv6Address", value: e.IPv6Address ?? "" },
  ]);
}

function containersValue(c: NetworkWire["Containers"]): GoMap {
  const entries = new Map<string, GoValue>(Object.entries(c ?? {}).map(([k, v]) => [k, endpointValue(v)]));
  return new GoMap(entries, "map[string]network.EndpointResource", endpointValue({} as EndpointResourceWire), c === undefined || c === null);
}

/** network.Inspect as decoded by the docker CLI (API 1.47/1.48 field set). */
export function networkInspectValue(n: NetworkWire): GoStruct {
  const cfg = n.IPAM?.Config;
  const ipam = new GoStruct("network.IPAM", [
    { name: "Driver", value: n.IPAM?.Driver ?? "" },
    { name: "Options", value: stringMap(n.IPAM?.Options) },
    { name: "Config", value: new GoSlice((cfg ?? []).map(ipamConfigValue), "[]network.IPAMConfig", cfg === null || cfg === undefined) },
  ]);
  return new GoStruct("network.Inspect", [
    { name: "Name", value: n.Name ?? "" },
    { name: "ID", json: "Id", value: n.Id ?? "" },
    { name: "Created", value: timeOf(n.Created ?? "") },
    { name: "Scope", value: n.Scope ?? "" },
    { name: "Driver", value: n.Driver ?? "" },
    { name: "EnableIPv4", value: n.EnableIPv4 ?? false },
    { name: "EnableIPv6", value: n.EnableIPv6 ?? false },
    { name: "IPAM", value: ipam },
    { name: "Internal", value: n.Internal ?? false },
    { name: "Attachable", value: n.Attachable ?? false },
    { name: "Ingress", value: n.Ingress ?? false },
    { name: "ConfigFrom", value: new GoStruct("network.ConfigReference", [{ name: "Network", value: n.ConfigFrom?.Network ?? "" }]) },
    { name: "ConfigOnly", value: n.ConfigOnly ?? false },
    { name: "Containers", value: containersValue(n.Containers) },
    { name: "Options", value: stringMap(n.Options) },
    { name: "Labels", value: stringMap(n.Labels) },
  ]);
}
