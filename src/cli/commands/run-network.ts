/**
 * --network (short "NAME" and long "name=…,alias=…,ip=…" forms, opts.NetworkOpt) and the
 * docker CLI's parseNetworkOpts: the endpoint settings sent in NetworkingConfig, with the
 * legacy --network-alias, --link, --ip, --ip6, --mac-address and --link-local-ip flags
 * applied to the first network, and the same conflict errors.
 */
import type { EndpointSettingsWire } from "../../api/wire/network.js";
import { readAsCsv } from "../flags.js";
import { isValidMac } from "./run-validate.js";

export interface NetworkAttachment {
  target: string;
  aliases: string[];
  driverOpts: Map<string, string>;
  links: string[];
  ipv4: string;
  ipv6: string;
  linkLocalIPs: string[];
  macAddress: string;
  gwPriority: number;
}

const empty = (target: string): NetworkAttachment => ({
  target, aliases: [], driverOpts: new Map(), links: [], ipv4: "", ipv6: "", linkLocalIPs: [], macAddress: "", gwPriority: 0,
});

/** NetworkOpt.Set for one --network value. */
export function parseNetworkOpt(value: string): NetworkAttachment {
  if (!/\w+=\w+(,\w+=\w+)*/.test(value)) return empty(value);
  const n = empty("");
  for (const field of readAsCsv(value)) {
    const eq = field.indexOf("=");
    if (eq <= 0) throw new Error(`invalid field ${field}`);
    const key = field.slice(0, eq).trim();
    const val = field.slice(eq + 1).trim();
    switch (key) {
      case "name":
        n.target = val;
        break;
      case "alias":
        n.aliases.push(val);
        break;
      case "ip":
        n.ipv4 = val;
        break;
      case "ip6":
        n.ipv6 = val;
        break;
      case "mac-address":
        n.macAddress = val;
        break;
      case "link-local-ip":
        n.linkLocalIPs.push(val);
        break;
      case "driver-opt": {
        const deq = val.indexOf("=");
        if (deq <= 0) throw new Error("invalid key value pair format in driver options");
        n.driverOpts.set(val.slice(0, deq).trim(), val.slice(deq + 1).trim());
        break;
      }
      case "gw-priority":
        if (!/^[+-]?\d+$/.test(val)) throw new Error(`invalid gw-priority: strconv.Atoi: parsing ${JSON.stringify(val)}: invalid syntax`);
        n.gwPriority = Number(val);
        break;
      default:
        throw new Error(`invalid field key ${key}`);
    }
  }
  if (n.target === "") throw new Error("network name/id is not specified");
  return n;
}

/** container.NetworkMode(x).IsUserDefined(). */
export const isUserDefined = (mode: string): boolean => !["default", "bridge", "host", "none"].includes(mode) && !mode.startsWith("container:");

export interface LegacyNetworkFlags {
  readonly aliases: readonly string[];
  readonly links: readonly string[];
  readonly ipv4: string;
  readonly ipv6: string;
  readonly macAddress: string;
  readonly linkLocalIPs: readonly string[];
}

function applyLegacy(n: NetworkAttachment, f: LegacyNetworkFlags): void {
  const conflict = (what: string): never => {
    throw new Error(`conflicting options: cannot specify both ${what}`);
  };
  if (n.aliases.length && f.aliases.length) conflict("--network-alias and per-network alias");
  if (n.links.length && f.links.length) conflict("--link and per-network links");
  if (n.ipv4 !== "" && f.ipv4 !== "") conflict("--ip and per-network IPv4 address");
  if (n.ipv6 !== "" && f.ipv6 !== "") conflict("--ip6 and per-network IPv6 address");
  if (n.macAddress !== "" && f.macAddress !== "") conflict("--mac-address and per-network MAC address");
  if (n.linkLocalIPs.length && f.linkLocalIPs.length) conflict("--link-local-ip and per-network link-local IP addresses");
  if (f.aliases.length) n.aliases = [...f.aliases];
  // On a user-defined network --link is an endpoint option; on the default bridge a legacy link.
  if (isUserDefined(n.target) && f.links.length) n.links = [...f.links];
  if (f.ipv4 !== "") n.ipv4 = f.ipv4;
  if (f.ipv6 !== "") n.ipv6 = f.ipv6;
  if (f.macAddress !== "") n.macAddress = f.macAddress;
  if (f.linkLocalIPs.length) n.linkLocalIPs = [...f.linkLocalIPs];
}

/** parseNetworkAttachmentOpt; undefined means "all empty" (omitted for a single network). */
function endpointOf(n: NetworkAttachment): EndpointSettingsWire | undefined {
  if (n.target.trim() === "") throw new Error("no name set for network");
  if (!isUserDefined(n.target)) {
    if (n.aliases.length) throw new Error("network-scoped aliases are only supported for user-defined networks");
    if (n.links.length) throw new Error("links are only supported for user-defined networks");
  }
  if (n.macAddress !== "" && !isValidMac(n.macAddress.trim())) throw new Error(`${n.macAddress} is not a valid mac address`);
  const hasIpam = n.ipv4 !== "" || n.ipv6 !== "" || n.linkLocalIPs.length > 0;
  const ep: EndpointSettingsWire = {
    IPAMConfig: hasIpam
      ? { ...(n.ipv4 ? { IPv4Address: n.ipv4 } : {}), ...(n.ipv6 ? { IPv6Address: n.ipv6 } : {}), ...(n.linkLocalIPs.length ? { LinkLocalIPs: n.linkLocalIPs } : {}) }
      : null,
    Links: n.links.length ? n.links : null,
    Aliases: n.aliases.length ? n.aliases : null,
    MacAddress: n.macAddress,
    DriverOpts: n.driverOpts.size ? Object.fromEntries(n.driverOpts) : null,
    GwPriority: n.gwPriority,
    DNSNames: null,
  };
  const isEmpty = !hasIpam && !n.links.length && !n.aliases.length && n.macAddress === "" && !n.driverOpts.size && n.gwPriority === 0;
  return isEmpty ? undefined : ep;
}

/** parseNetworkOpts: the EndpointsConfig by network name (or "default" when no --network). */
export function endpointsConfig(networks: readonly NetworkAttachment[], legacy: LegacyNetworkFlags): Map<string, EndpointSettingsWire> {
  const out = new Map<string, EndpointSettingsWire>();
  const blank = (): EndpointSettingsWire => ({ IPAMConfig: null, Links: null, Aliases: null, MacAddress: "", DriverOpts: null, GwPriority: 0, DNSNames: null });
  if (networks.length === 0) {
    const n = empty("default");
    applyLegacy(n, legacy);
    out.set("default", endpointOf(n) ?? blank());
  }
  let userDefined = false;
  let other = false;
  networks.forEach((given, i) => {
    const n: NetworkAttachment = { ...given, aliases: [...given.aliases], links: [...given.links], linkLocalIPs: [...given.linkLocalIPs] };
    if (isUserDefined(n.target)) userDefined = true;
    else other = true;
    if (i === 0) applyLegacy(n, legacy);
    const ep = endpointOf(n);
    if (out.has(n.target)) throw new Error(`network ${JSON.stringify(n.target)} is specified multiple times`);
    if (i === 0 && networks.length === 1 && ep === undefined) return;
    out.set(n.target, ep ?? blank());
  });
  if (userDefined && other) throw new Error("conflicting options: cannot attach both user-defined and non-user-defined network-modes");
  return out;
}
