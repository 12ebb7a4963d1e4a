/**
 * Links and their addresses: the types the bridge driver sees, input validation shared by the
 * real adapter and the fake, the `ip` batch lines for link/address changes, and the parser of
 * `ip -j -d address show`. Veth pairs and moving links between namespaces will join here.
 */
import { conflict, invalidParameter, notFound } from "../lib/errors.js";
import { formatPrefix, parsePrefix } from "../lib/ip.js";
import type { Exec, Netns } from "./exec.js";
import { batchTokenProblem, ipJson, isJsonObject, jsonArray, jsonNumber, jsonString, type IpCommand, type JsonObject } from "./ip-batch.js";

export interface LinkInfo {
  readonly name: string;
  readonly index: number;
  /** "bridge" | "veth" | "dummy" | ...; "" for links without a kind (lo, most physical NICs). */
  readonly kind: string;
  readonly mtu: number;
  /** Administratively up (IFF_UP). */
  readonly up: boolean;
  /** The ifalias, "" if none. Berth marks the links it owns with "berth:<network id>". */
  readonly alias: string;
  /** Name of the master device (the bridge of a port), "" if none. */
  readonly master: string;
  readonly mac: string;
  /** Global-scope addresses as CIDR with the host part, e.g. "192.168.0.1/16" (RFC 5952 for IPv6). */
  readonly addresses: readonly string[];
}

export interface BridgeSpec {
  readonly name: string;
  /** The desired ifalias ("" for none). */
  readonly alias: string;
  /** Unset: leave the kernel's choice (1500, then the lowest port MTU). */
  readonly mtu?: number;
  /** Gateway addresses as CIDR, e.g. "172.18.0.1/16", "fd00:1::1/64" (IPv6 needs `ipv6`). */
  readonly addresses: readonly string[];
  readonly ipv6: boolean;
  /** A fixed MAC (see randomMac); unset lets the kernel pick, and change it as ports join. */
  readonly mac?: string;
}

const MAX_IFNAME = 15; // IFNAMSIZ - 1
const MAX_ALIAS = 255; // IFALIASZ - 1
const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;

/** Kernel rules for interface names (dev_valid_name) plus what an ip batch line can carry. */
export function validateLinkName(name: string): string {
  const bad = (why: string): never => {
    throw invalidParameter(`Invalid interface name "${name}": ${why}`);
  };
  if (name === "" || name === "." || name === "..") bad("it must be a non-empty name other than . and ..");
  if (Buffer.byteLength(name) > MAX_IFNAME) bad(`it is longer than ${MAX_IFNAME} bytes`);
  if (/[\s/:'"#]/.test(name) || batchTokenProblem(name)) bad("it contains a character that is not allowed");
  return name;
}

/** CIDR text in the kernel's spelling, keeping the host part ("fd00:0::1/64" -> "fd00::1/64"). */
export function normalizeCidr(text: string): string {
  const p = parsePrefix(text);
  if (!p) throw invalidParameter(`Invalid address "${text}": expected an address with a prefix length, e.g. 10.0.0.1/24`);
  return formatPrefix(p);
}

export const isIpv6Cidr = (cidr: string): boolean => cidr.includes(":");

/** A random unicast, locally administered MAC (what Docker gives a bridge). */
export function randomMac(): string {
  const b = new Uint8Array(6);
  globalThis.crypto.getRandomValues(b);
  b[0] = ((b[0] ?? 0) & 0xfc) | 0x02;
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join(":");
}

function validateMac(mac: string): string {
  const m = mac.toLowerCase();
  const first = parseInt(m.slice(0, 2), 16);
  if (!MAC.test(m) || (first & 1) === 1 || m === "00:00:00:00:00:00") {
    throw invalidParameter(`Invalid MAC address "${mac}": expected a unicast address like 02:42:ac:11:00:02`);
  }
  return m;
}

function validateAlias(alias: string): string {
  if (Buffer.byteLength(alias) > MAX_ALIAS) throw invalidParameter(`Invalid interface alias "${alias}": it is longer than ${MAX_ALIAS} bytes`);
  const problem = batchTokenProblem(alias);
  if (problem) throw invalidParameter(`Invalid interface alias ${JSON.stringify(alias)}: ${problem}`);
  return alias;
}

export function validateMtu(mtu: number): number {
  if (!Number.isInteger(mtu) || mtu < 68 || mtu > 65535) throw invalidParameter(`Invalid MTU ${mtu}: it must be an integer from 68 to 65535`);
  return mtu;
}

/** Checks a bridge spec before anything touches the kernel; addresses come back normalized, deduplicated. */
export function validateBridgeSpec(spec: BridgeSpec): BridgeSpec {
  validateLinkName(spec.name);
  const addresses = [...new Set(spec.addresses.map(normalizeCidr))];
  const v6 = addresses.find(isIpv6Cidr);
  if (v6 !== undefined && !spec.ipv6) throw invalidParameter(`Invalid address "${v6}" for bridge "${spec.name}": IPv6 is not enabled on it`);
  return {
    name: spec.name,
    alias: validateAlias(spec.alias),
    addresses,
    ipv6: spec.ipv6,
    ...(spec.mtu === undefined ? {} : { mtu: validateMtu(spec.mtu) }),
    ...(spec.mac === undefined ? {} : { mac: validateMac(spec.mac) }),
  };
}

// ---- batch lines -------------------------------------------------------------------------

export const linkAddBridge = (name: string, mac?: string): IpCommand =>
  mac === undefined ? ["link", "add", "name", name, "type", "bridge"] : ["link", "add", "name", name, "address", mac, "type", "bridge"];
export const linkSetAlias = (name: string, alias: string): IpCommand => ["link", "set", "dev", name, "alias", alias];
export const linkSetMtu = (name: string, mtu: number): IpCommand => ["link", "set", "dev", name, "mtu", String(mtu)];
export const linkSetUp = (name: string, up: boolean): IpCommand => ["link", "set", "dev", name, up ? "up" : "down"];
export const linkDel = (name: string): IpCommand => ["link", "del", "dev", name];
/** IPv6 addresses skip duplicate address detection, so they are usable at once. */
export const addrAdd = (name: string, cidr: string): IpCommand =>
  isIpv6Cidr(cidr) ? ["address", "add", cidr, "dev", name, "nodad"] : ["address", "add", cidr, "dev", name];
export const addrDel = (name: string, cidr: string): IpCommand => ["address", "del", cidr, "dev", name];

/** Per-interface sysctl key in dotted form (a "." inside the name is written "/", as sysctl(8) does). */
export const ifaceSysctl = (family: "ipv4" | "ipv6", ifname: string, leaf: string): string =>
  `net.${family}.conf.${ifname.replaceAll(".", "/")}.${leaf}`;

// ---- reading -----------------------------------------------------------------------------

function globalAddresses(link: JsonObject): string[] {
  const info = link["addr_info"];
  if (!Array.isArray(info)) return [];
  const out: string[] = [];
  for (const a of info) {
    if (!isJsonObject(a) || jsonString(a, "scope") !== "global") continue;
    const local = jsonString(a, "local");
    const len = jsonNumber(a, "prefixlen");
    if (local !== undefined && len !== undefined) out.push(normalizeCidr(`${local}/${len}`));
  }
  return out;
}

function parseLink(o: JsonObject): LinkInfo | undefined {
  const name = jsonString(o, "ifname");
  const index = jsonNumber(o, "ifindex");
  if (name === undefined || index === undefined) return undefined;
  const linkinfo = o["linkinfo"];
  const flags = o["flags"];
  return {
    name,
    index,
    kind: (isJsonObject(linkinfo) ? jsonString(linkinfo, "info_kind") : undefined) ?? "",
    mtu: jsonNumber(o, "mtu") ?? 0,
    up: Array.isArray(flags) && flags.includes("UP"),
    alias: jsonString(o, "ifalias") ?? "",
    master: jsonString(o, "master") ?? "",
    mac: jsonString(o, "address") ?? "",
    addresses: globalAddresses(o),
  };
}

/** Parses `ip -j -d address show` output. */
export const parseLinks = (json: unknown): LinkInfo[] =>
  jsonArray(json, "address show").flatMap((o) => parseLink(o) ?? []);

/** Every link of the namespace with its addresses, in one spawn. */
export async function readLinks(run: Exec, ns: Netns): Promise<LinkInfo[]> {
  return parseLinks(await ipJson(run, ns, ["-d", "address", "show"]));
}

// ---- errors shared by the real adapter and the fake ----------------------------------------

export const linkNotFound = (name: string, cause?: unknown): Error => notFound(`Link "${name}" not found`, cause);
export const bridgeExists = (name: string, cause?: unknown): Error =>
  conflict(`Failed to create bridge "${name}": a link with that name already exists`, cause);
export const notABridge = (link: LinkInfo): Error =>
  conflict(`Failed to ensure bridge "${link.name}": the link exists and is ${link.kind ? `a ${link.kind}, not` : "not"} a bridge`);
export const addressExists = (name: string, cidr: string, cause?: unknown): Error =>
  conflict(`Failed to add address "${cidr}" to "${name}": it is already there`, cause);
