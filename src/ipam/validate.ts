/**
 * IPAM request validation, step 4 of `POST /networks/create` (spec §1.6), with Docker's
 * exact texts (moby `ValidateIPAM`, v25+). Errors of all entries are collected, then thrown as
 * one 400 `invalid network config:\n<errors>`: a single error as is, several as `* e1\n* e2`.
 *
 * Malformed text uses Docker's own wording from the same function (the spec lists only the
 * well-formed cases):
 * - subnet / ip-range that is not CIDR (`abc`, `300.1.1.0/24`, `10.0.0.0/33`, ``):
 *   `invalid subnet abc: invalid CIDR block notation`, `invalid ip-range abc: invalid CIDR block notation`
 * - gateway / aux address that is not an IP: `invalid gateway abc: invalid address`,
 *   `invalid auxiliary address NAME: invalid address`
 *
 * Entries with an IPv6 subnet are skipped without error when IPv6 is disabled (moby#47202); a
 * malformed subnet is reported first, as it has no family.
 */
import { invalidParameter } from "../lib/errors.js";
import { formatPrefix, canonical, isCanonical, overlaps, parseAddr, parsePrefix, containsAddr } from "../lib/ip.js";
import type { Family, Prefix } from "../lib/ip.js";
import type { IpamPoolRequest } from "../model/network.js";

const familyName = (f: Family): string => `IPv${f}`;

/** Go's netip parsers are strict: no surrounding blanks, no leading zeros in the prefix length. */
function strictPrefix(text: string): Prefix | undefined {
  if (text !== text.trim() || !/\/(0|[1-9]\d*)$/.test(text)) return undefined;
  return parsePrefix(text);
}

function validateIpRange(text: string | undefined, subnet: Prefix): string[] {
  if (text === undefined || text === "") return [];
  const range = strictPrefix(text);
  if (!range) return [`invalid ip-range ${text}: invalid CIDR block notation`];
  if (range.family !== subnet.family) return [`invalid ip-range ${text}: parent subnet is an ${familyName(subnet.family)} block`];
  const errs: string[] = [];
  if (range.bits < subnet.bits) {
    errs.push(`invalid ip-range ${text}: CIDR block is bigger than its parent subnet ${formatPrefix(subnet)}`);
  }
  if (!isCanonical(range)) {
    errs.push(`invalid ip-range ${formatPrefix(range)}: it should be ${formatPrefix(canonical(range))}`);
  }
  if (!overlaps(subnet, range)) {
    errs.push(`invalid ip-range ${text}: parent subnet ${formatPrefix(subnet)} doesn't contain ip-range`);
  }
  return errs;
}

/** The reason an address is not valid in `subnet`, or undefined when it is fine (or absent). */
function addressProblem(text: string | undefined, subnet: Prefix): string | undefined {
  if (text === undefined || text === "") return undefined;
  const addr = text === text.trim() ? parseAddr(text) : undefined;
  if (!addr) return "invalid address";
  if (addr.family !== subnet.family) return `parent subnet is an ${familyName(subnet.family)} block`;
  if (!containsAddr(subnet, addr)) return `parent subnet ${formatPrefix(subnet)} doesn't contain this address`;
  return undefined;
}

function validateEntry(cfg: IpamPoolRequest, enableIPv6: boolean): string[] {
  const text = cfg.subnet ?? "";
  const subnet = strictPrefix(text);
  if (!subnet) return [`invalid subnet ${text}: invalid CIDR block notation`];
  if (subnet.family === 6 && !enableIPv6) return [];
  const errs: string[] = [];
  if (!isCanonical(subnet)) errs.push(`invalid subnet ${formatPrefix(subnet)}: it should be ${formatPrefix(canonical(subnet))}`);
  errs.push(...validateIpRange(cfg.ipRange, subnet));
  const gw = addressProblem(cfg.gateway, subnet);
  if (gw) errs.push(`invalid gateway ${cfg.gateway ?? ""}: ${gw}`);
  for (const [name, value] of Object.entries(cfg.auxAddresses ?? {})) {
    const aux = addressProblem(value, subnet);
    if (aux) errs.push(`invalid auxiliary address ${name}: ${aux}`);
  }
  return errs;
}

/** Joins like moby's `multierror.Join`: one error bare, several as a `* ` list. */
export function joinErrors(errs: readonly string[]): string {
  if (errs.length === 1) return (errs[0] ?? "").trim();
  return "* " + errs.map((e) => e.replaceAll("\n", "\n\t")).join("\n* ");
}

/** Throws 400 `invalid network config:\n...` when any entry is invalid; see the file comment. */
export function validateIpamRequest(configs: readonly IpamPoolRequest[], enableIPv6: boolean): void {
  const errs = configs.flatMap((cfg) => validateEntry(cfg, enableIPv6));
  if (errs.length > 0) throw invalidParameter(`invalid network config:\n${joinErrors(errs)}`);
}
