/**
 * Small helpers that turn domain values into nft tokens that always parse: quoted interface
 * names, bounded comments, set literals and chain names.
 */
import { systemError } from "../lib/errors.js";
import type { FirewallNetwork } from "./state.js";

/** nft refuses comments longer than this many bytes (NFTNL_UDATA_COMMENT_MAXLEN). */
export const COMMENT_MAX = 128;
/** IFNAMSIZ - 1. */
const IFNAME_MAX = 15;
/** Characters nft cannot quote (`"`), treats specially (`*` wildcard, `\` escape), or Linux forbids. */
const IFNAME_BAD = /["*\\/:\s]|[^\x21-\x7e]/;

/** An interface name as a quoted nft string. Throws if the name cannot be written safely. */
export function ifname(name: string): string {
  if (name.length === 0 || name.length > IFNAME_MAX || IFNAME_BAD.test(name)) {
    throw systemError(`firewall: interface name "${name}" cannot be expressed in nftables`);
  }
  return `"${name}"`;
}

/** Printable ASCII only, without the quote nft strings cannot contain. */
const clean = (text: string): string => text.replace(/[^\x20-\x7e]|["\\]/g, "_");

/** The first 12 characters of a network id, as Docker shows it. */
export const shortNetId = (id: string): string => clean(id.slice(0, 12));

/** `comment "berth: <what>"` for rules that belong to no single network. */
export function globalComment(what: string): string {
  return `comment "${clean(`berth: ${what}`).slice(0, COMMENT_MAX)}"`;
}

/**
 * `comment "berth net <name> (<id12>): <what>"`. A long network name is shortened so the
 * id and the purpose always survive the 128-byte limit.
 */
export function netComment(net: FirewallNetwork, what: string): string {
  const head = "berth net ";
  const tail = clean(` (${shortNetId(net.id)}): ${what}`);
  let name = clean(net.name);
  const room = COMMENT_MAX - head.length - tail.length;
  if (name.length > room) name = room > 3 ? `${name.slice(0, room - 3)}...` : "";
  return `comment "${`${head}${name}${tail}`.slice(0, COMMENT_MAX)}"`;
}

/** A single value as itself, several as an anonymous set `{ a, b }`. */
export function valueOrSet(values: readonly string[]): string {
  return values.length === 1 ? (values[0] ?? "") : `{ ${values.join(", ")} }`;
}

/**
 * The chain-name key of each network (same order as the input): its 12-character id prefix,
 * lengthened only if two networks share that prefix, reduced to characters valid in an nft
 * identifier. Duplicate ids (a caller bug) still get distinct keys, so chains never merge.
 */
export function chainKeys(networks: readonly FirewallNetwork[]): string[] {
  const ids = networks.map((n) => n.id.toLowerCase().replace(/[^a-z0-9]/g, "_"));
  const keys: string[] = [];
  ids.forEach((id, i) => {
    let len = 12;
    while (len < id.length && ids.some((other, j) => j !== i && other.slice(0, len) === id.slice(0, len))) len++;
    const key = id.slice(0, len) || "x";
    keys.push(keys.includes(key) ? `${key}_${i}` : key);
  });
  return keys;
}

/** `comment "<text>"` cleaned and cut to nft's limit (set elements and rules alike). */
export function boundedComment(text: string): string {
  return `comment "${clean(text).slice(0, COMMENT_MAX)}"`;
}
