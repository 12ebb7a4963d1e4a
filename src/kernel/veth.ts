/**
 * Veth pairs for container endpoints: Docker's host-end names and container MACs, and the
 * `ip` batch lines that make a pair with its container end born inside the sandbox (already
 * named, with its MAC and MTU) and then configure that end. Pure: nothing here spawns.
 */
import { invalidParameter } from "../lib/errors.js";
import { parseAddr } from "../lib/ip.js";
import type { IpCommand } from "./ip-batch.js";
import { addrAdd, linkSetUp, randomMac } from "./links.js";

/** Docker's host-end name: "veth" and 7 hex characters. */
export const VETH_NAME = /^veth[0-9a-f]{7}$/;

/** A random `vethXXXXXXX` (28 random bits, as Docker's). */
export function generateVethName(): string {
  const b = new Uint8Array(4);
  globalThis.crypto.getRandomValues(b);
  return "veth" + Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("").slice(0, 7);
}

const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;

/** Docker ≤ 27: 02:42 followed by the four bytes of the IPv4 address (172.17.0.2 -> 02:42:ac:11:00:02). */
export function legacyDockerMac(ipv4: string): string {
  const a = parseAddr(ipv4);
  if (a?.family !== 4) throw invalidParameter(`Invalid IPv4 address "${ipv4}" for a MAC address`);
  const bytes = [0x02, 0x42, ...[24n, 16n, 8n, 0n].map((s) => Number((a.value >> s) & 0xffn))];
  return bytes.map((x) => x.toString(16).padStart(2, "0")).join(":");
}

export type MacStyle = "random" | "legacy";

/**
 * The MAC Docker gives a container's interface when none is requested. "random" (Docker ≥ 28,
 * the default): random bytes, first octet with the locally administered bit (0x02) set and the
 * multicast bit (0x01) clear. "legacy" (Docker ≤ 27): legacyDockerMac(ipv4), random without IPv4.
 */
export function dockerStyleMac(ipv4?: string, style: MacStyle = "random"): string {
  return style === "legacy" && ipv4 !== undefined ? legacyDockerMac(ipv4) : randomMac();
}

/** A unicast, non-zero MAC in lower case; InvalidParameter otherwise. */
export function validateUnicastMac(mac: string): string {
  const m = mac.toLowerCase();
  if (!MAC.test(m) || (parseInt(m.slice(0, 2), 16) & 1) === 1 || m === "00:00:00:00:00:00") {
    throw invalidParameter(`Invalid MAC address "${mac}": expected a unicast address like 02:42:ac:11:00:02`);
  }
  return m;
}

// ---- batch lines -------------------------------------------------------------------------

export interface VethLineSpec {
  readonly hostVeth: string;
  readonly bridge: string;
  /** Where the container end is born: a path (ip accepts /run/netns/NAME as well as NAME). */
  readonly sandboxPath: string;
  readonly ifname: string;
  readonly mac: string;
  readonly mtu?: number;
}

/**
 * One line, one netlink request: the host end is created up and enslaved to the bridge, the
 * peer is created directly in the sandbox under its final name with MAC and MTU. The kernel
 * makes all of it or none of it (a failed enslave unregisters both ends).
 */
export function vethAddLine(s: VethLineSpec): IpCommand {
  const mtu = s.mtu === undefined ? [] : ["mtu", String(s.mtu)];
  return [
    "link", "add", "name", s.hostVeth, ...mtu, "up", "master", s.bridge,
    "type", "veth", "peer", "name", s.ifname, "address", s.mac, ...mtu, "netns", s.sandboxPath,
  ];
}

/** Default route via a gateway (the family follows the address), replacing the current one. */
export const defaultRouteLine = (via: string, dev?: string): IpCommand =>
  ["route", "replace", "default", "via", via, ...(dev === undefined ? [] : ["dev", dev])];

/**
 * Removes the default route of a family whether or not there is one, without failing the
 * batch: replace it by an unreachable route (which creates one if there was none), then
 * delete that.
 */
export function clearDefaultLines(family: 4 | 6): IpCommand[] {
  const dst = family === 4 ? "0.0.0.0/0" : "::/0";
  return [["route", "replace", "unreachable", dst], ["route", "del", "unreachable", dst]];
}

export interface InsideLineSpec {
  readonly ifname: string;
  /** CIDRs, IPv6 ones get `nodad`. */
  readonly addresses: readonly string[];
  readonly defaultGateway4?: string;
  readonly defaultGateway6?: string;
}

/** Inside the sandbox: up first (routes need it), then addresses, then default routes. */
export function insideLines(s: InsideLineSpec): IpCommand[] {
  return [
    linkSetUp(s.ifname, true),
    ...s.addresses.map((a) => addrAdd(s.ifname, a)),
    ...(s.defaultGateway4 === undefined ? [] : [defaultRouteLine(s.defaultGateway4, s.ifname)]),
    ...(s.defaultGateway6 === undefined ? [] : [defaultRouteLine(s.defaultGateway6, s.ifname)]),
  ];
}
