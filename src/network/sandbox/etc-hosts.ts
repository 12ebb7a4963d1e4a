/**
 * A container's /etc/hosts exactly as Docker (libnetwork/etchosts, v26+) writes it:
 *
 *   127.0.0.1	localhost
 *   ::1	localhost ip6-localhost ip6-loopback      ┐
 *   fe00::	ip6-localnet                           │ only when IPv6 is enabled in the container
 *   ff00::	ip6-mcastprefix                        │ (Docker's BuildNoIPv6 drops them, and every
 *   ff02::1	ip6-allnodes                         │ IPv6 record below, when it is not)
 *   ff02::2	ip6-allrouters                       ┘
 *   <--add-host entries, in order>                 sandbox options, written by etchosts.Build
 *   <legacy link entries: IPv4 line, IPv6 line>    also sandbox options (default bridge only)
 *   <own address per endpoint>	<fqdn> [<short>]   appended as each endpoint joins
 *
 * Every record is "<ip>\t<names>\n"; addresses are printed as Go's netip does.
 * The spec (§2.6) lists the own entries before the links; moby's code writes the links with
 * the add-host entries at sandbox creation and appends the own entries when endpoints join,
 * so the own entries come last. The order of own entries across networks is the join order.
 *
 * Docker edits the file in place on connect/disconnect (appending or deleting lines); Berth
 * re-renders it whole from the current endpoints, which gives the same text for the same set.
 *
 * Host networking: the container gets a copy of the host's /etc/hosts (the caller copies the
 * file); since v28 a file is generated instead when --add-host is given, with the localhost
 * block and the add-host entries only (no own entries). See `hostModeHostsSource`.
 */
import { invalidParameter } from "../../lib/errors.js";
import { linkHostNames, type LinkHostsEntry } from "./links.js";
import { parseIpText, unmappedIpText } from "./ip-text.js";

export interface HostsRecord {
  readonly ip: string;
  /** Space-separated names. */
  readonly names: string;
}

export interface ExtraHost {
  readonly name: string;
  /** An address; host-gateway already replaced by the caller (see expandExtraHosts). */
  readonly ip: string;
}

export interface OwnHostsEntry {
  readonly hostname: string;
  readonly domainname: string;
  /** The container's addresses (no prefix length), in endpoint join order, IPv4 before IPv6. */
  readonly addresses: readonly string[];
}

export interface HostsInput {
  /** Whether IPv6 works in the container (Docker: its loopback has ::1). */
  readonly ipv6Enabled: boolean;
  readonly own: OwnHostsEntry;
  readonly extraHosts: readonly ExtraHost[];
  readonly links: readonly LinkHostsEntry[];
}

export const HOST_HOSTS_PATH = "/etc/hosts";
export const HOST_GATEWAY = "host-gateway";

const LOCALHOST_V4: readonly HostsRecord[] = [{ ip: "127.0.0.1", names: "localhost" }];
const LOCALHOST_V6: readonly HostsRecord[] = [
  { ip: "::1", names: "localhost ip6-localhost ip6-loopback" },
  { ip: "fe00::", names: "ip6-localnet" },
  { ip: "ff00::", names: "ip6-mcastprefix" },
  { ip: "ff02::1", names: "ip6-allnodes" },
  { ip: "ff02::2", names: "ip6-allrouters" },
];

/** The names Docker writes for the container's own addresses: "<fqdn>" plus "<short>" if the fqdn has a dot. */
export function ownHostNames(hostname: string, domainname: string): string {
  const fqdn = domainname === "" ? hostname : `${hostname}.${domainname}`;
  const dot = fqdn.indexOf(".");
  return dot < 0 ? fqdn : `${fqdn} ${fqdn.slice(0, dot)}`;
}

/** The hosts lines for legacy links, IPv4 then IPv6 per link. */
export function linkRecords(links: readonly LinkHostsEntry[]): HostsRecord[] {
  const out: HostsRecord[] = [];
  for (const link of links) {
    const names = linkHostNames(link);
    if (link.ipv4 !== "") out.push({ ip: link.ipv4, names });
    if (link.ipv6 !== "") out.push({ ip: link.ipv6, names });
  }
  return out;
}

function canonicalRecord(r: HostsRecord): HostsRecord {
  const ip = unmappedIpText(r.ip);
  if (ip === undefined) throw invalidParameter(`invalid IP address in hosts entry: "${r.ip}"`);
  return { ip, names: r.names };
}

const isIpv6 = (r: HostsRecord): boolean => parseIpText(r.ip)?.family === 6;

/** Renders the records as Docker's Record.WriteTo does. */
export function formatHostsRecords(records: readonly HostsRecord[]): string {
  return records.map((r) => `${r.ip}\t${r.names}\n`).join("");
}

/** The container's /etc/hosts. Throws InvalidParameter for an address that does not parse. */
export function renderHosts(input: HostsInput): string {
  const ownNames = ownHostNames(input.own.hostname, input.own.domainname);
  const extra = [
    ...input.extraHosts.map((h) => ({ ip: h.ip, names: h.name })),
    ...linkRecords(input.links),
    ...input.own.addresses.map((ip) => ({ ip, names: ownNames })),
  ].map(canonicalRecord);
  const records = input.ipv6Enabled
    ? [...LOCALHOST_V4, ...LOCALHOST_V6, ...extra]
    : [...LOCALHOST_V4, ...extra.filter((r) => !isIpv6(r))];
  return formatHostsRecords(records);
}

/**
 * Host networking: "host-copy" = copy the host's /etc/hosts (no --add-host), "generated" =
 * render with `renderHosts` (own addresses empty), as Docker v28+ does when --add-host is given.
 */
export function hostModeHostsSource(extraHostCount: number): "host-copy" | "generated" {
  return extraHostCount === 0 ? "host-copy" : "generated";
}

/**
 * Parses HostConfig.ExtraHosts entries ("name:ip", or "name=ip"; IPv6 may be bracketed) and
 * replaces "host-gateway" by the given gateway addresses (one record per address), as
 * Docker's buildSandboxOptions does. Errors are Docker's texts (400).
 */
export function expandExtraHosts(entries: readonly string[], hostGatewayIps: readonly string[]): ExtraHost[] {
  const out: ExtraHost[] = [];
  for (const entry of entries) {
    const { name, ip } = parseExtraHost(entry);
    if (ip !== HOST_GATEWAY) {
      out.push({ name, ip });
      continue;
    }
    if (hostGatewayIps.length === 0) throw invalidParameter("unable to derive the IP value for host-gateway");
    for (const gw of hostGatewayIps) out.push({ name, ip: gw });
  }
  return out;
}

/** Docker's opts.ValidateExtraHost, returning the parts (ip may be "host-gateway"). */
export function parseExtraHost(entry: string): ExtraHost {
  let sep = entry.indexOf("=");
  if (sep < 0) sep = entry.indexOf(":");
  const name = sep < 0 ? "" : entry.slice(0, sep);
  if (sep < 0 || name === "" || name.includes(":")) {
    throw invalidParameter(`bad format for add-host: ${JSON.stringify(entry)}`);
  }
  let ip = entry.slice(sep + 1);
  if (ip === HOST_GATEWAY) return { name, ip };
  if (ip.length > 2 && ip.startsWith("[") && ip.endsWith("]")) ip = ip.slice(1, -1);
  const canonical = unmappedIpText(ip);
  if (canonical === undefined) throw invalidParameter(`invalid IP address in add-host: ${JSON.stringify(ip)}`);
  return { name, ip: canonical };
}
