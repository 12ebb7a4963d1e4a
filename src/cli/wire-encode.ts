/**
 * Request bodies encoded byte for byte as the docker CLI (Go encoding/json) sends them:
 * the Go struct field order, map keys sorted, HTML characters escaped, omitempty honoured.
 */
import type {
  EndpointSettingsWire,
  IPAMConfigWire,
  NetworkConnectRequestWire,
  NetworkCreateRequestWire,
  NetworkDisconnectRequestWire,
} from "../api/wire/network.js";
import { GoSlice, GoStruct, goJsonEncode, stringMap, type GoField, type GoValue } from "./format/go-value.js";

const strings = (v: readonly string[] | null | undefined): GoSlice => new GoSlice(v ?? [], "[]string", v === null || v === undefined);
const optional = (name: string, v: GoValue): GoField[] => (v === undefined ? [] : [{ name, value: v }]);

function ipamConfig(c: IPAMConfigWire): GoStruct {
  return new GoStruct("network.IPAMConfig", [
    { name: "Subnet", value: c.Subnet ?? "", omitEmpty: true },
    { name: "IPRange", value: c.IPRange ?? "", omitEmpty: true },
    { name: "Gateway", value: c.Gateway ?? "", omitEmpty: true },
    { name: "AuxiliaryAddresses", value: stringMap(c.AuxiliaryAddresses), omitEmpty: true },
  ]);
}

/** network.CreateRequest: CreateOptions fields, then Name (EnableIPv4/6 only when set). */
export function encodeCreateRequest(r: NetworkCreateRequestWire): string {
  const ipam = r.IPAM
    ? new GoStruct("network.IPAM", [
        { name: "Driver", value: r.IPAM.Driver ?? "" },
        { name: "Options", value: stringMap(r.IPAM.Options) },
        { name: "Config", value: new GoSlice((r.IPAM.Config ?? []).map(ipamConfig), "[]network.IPAMConfig", !r.IPAM.Config) },
      ])
    : null;
  const configFrom = r.ConfigFrom ? new GoStruct("network.ConfigReference", [{ name: "Network", value: r.ConfigFrom.Network ?? "" }]) : null;
  return goJsonEncode(
    new GoStruct("network.CreateRequest", [
      { name: "Driver", value: r.Driver ?? "" },
      { name: "Scope", value: r.Scope ?? "" },
      ...optional("EnableIPv4", r.EnableIPv4),
      ...optional("EnableIPv6", r.EnableIPv6),
      { name: "IPAM", value: ipam },
      { name: "Internal", value: r.Internal ?? false },
      { name: "Attachable", value: r.Attachable ?? false },
      { name: "Ingress", value: r.Ingress ?? false },
      { name: "ConfigOnly", value: r.ConfigOnly ?? false },
      { name: "ConfigFrom", value: configFrom },
      { name: "Options", value: stringMap(r.Options) },
      { name: "Labels", value: stringMap(r.Labels) },
      { name: "Name", value: r.Name ?? "" },
    ]),
    true,
  );
}

export function endpointSettings(e: EndpointSettingsWire): GoStruct {
  const ipam = e.IPAMConfig
    ? new GoStruct("network.EndpointIPAMConfig", [
        { name: "IPv4Address", value: e.IPAMConfig.IPv4Address ?? "", omitEmpty: true },
        { name: "IPv6Address", value: e.IPAMConfig.IPv6Address ?? "", omitEmpty: true },
        { name: "LinkLocalIPs", value: strings(e.IPAMConfig.LinkLocalIPs), omitEmpty: true },
      ])
    : null;
  return new GoStruct("network.EndpointSettings", [
    { name: "IPAMConfig", value: ipam },
    { name: "Links", value: strings(e.Links) },
    { name: "Aliases", value: strings(e.Aliases) },
    { name: "MacAddress", value: e.MacAddress ?? "" },
    { name: "DriverOpts", value: stringMap(e.DriverOpts) },
    { name: "GwPriority", value: e.GwPriority ?? 0 },
    { name: "NetworkID", value: e.NetworkID ?? "" },
    { name: "EndpointID", value: e.EndpointID ?? "" },
    { name: "Gateway", value: e.Gateway ?? "" },
    { name: "IPAddress", value: e.IPAddress ?? "" },
    { name: "IPPrefixLen", value: e.IPPrefixLen ?? 0 },
    { name: "IPv6Gateway", value: e.IPv6Gateway ?? "" },
    { name: "GlobalIPv6Address", value: e.GlobalIPv6Address ?? "" },
    { name: "GlobalIPv6PrefixLen", value: e.GlobalIPv6PrefixLen ?? 0 },
    { name: "DNSNames", value: strings(e.DNSNames) },
  ]);
}

export function encodeConnectRequest(r: NetworkConnectRequestWire): string {
  return goJsonEncode(
    new GoStruct("network.ConnectOptions", [
      { name: "Container", value: r.Container ?? "" },
      { name: "EndpointConfig", value: r.EndpointConfig ? endpointSettings(r.EndpointConfig) : null, omitEmpty: true },
    ]),
    true,
  );
}

export function encodeDisconnectRequest(r: NetworkDisconnectRequestWire): string {
  return goJsonEncode(
    new GoStruct("network.DisconnectOptions", [
      { name: "Container", value: r.Container ?? "" },
      { name: "Force", value: r.Force ?? false },
    ]),
    true,
  );
}
