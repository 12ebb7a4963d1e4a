/**
 * Reading a resolv.conf as Docker's libnetwork/internal/resolvconf Parse does, and the choice
 * of the host file to read (libnetwork/resolvconf.Path).
 */
import { parseIpText } from "./ip-text.js";

export interface ResolvConf {
  /** Valid nameserver addresses, canonical text (IPv6 zone kept), in file order. */
  readonly nameservers: readonly string[];
  /** `nameserver` values that are not addresses (shown in the footer as "Invalid nameservers"). */
  readonly invalidNameservers: readonly string[];
  /** The last `search` (or obsolete `domain`) line's domains. */
  readonly search: readonly string[];
  /** Every `options` line's options, accumulated in order. */
  readonly options: readonly string[];
  /** Unrecognised directive lines, verbatim. Blank lines and comments (# or ;) are dropped. */
  readonly other: readonly string[];
}

export const ETC_RESOLV_CONF = "/etc/resolv.conf";
export const SYSTEMD_RESOLV_CONF = "/run/systemd/resolve/resolv.conf";
export const SYSTEMD_STUB_NAMESERVER = "127.0.0.53";

interface MutableResolvConf {
  nameservers: string[];
  invalidNameservers: string[];
  search: string[];
  options: string[];
  other: string[];
}

function processLine(rc: MutableResolvConf, line: string): void {
  const fields = line.split(/\s+/).filter((f) => f !== "");
  const [directive, value] = fields;
  if (directive === undefined || directive.startsWith("#") || directive.startsWith(";")) return;
  switch (directive) {
    case "nameserver": {
      if (value === undefined) return;
      const ip = parseIpText(value);
      if (ip) rc.nameservers.push(ip.text);
      else rc.invalidNameservers.push(value);
      return;
    }
    case "domain": // obsolete name for search
    case "search":
      if (value !== undefined) rc.search = fields.slice(1);
      return;
    case "options":
      if (value !== undefined) rc.options.push(...fields.slice(1));
      return;
    default:
      rc.other.push(line);
  }
}

/** Parses resolv.conf text (an absent file parses as ""). */
export function parseResolvConf(text: string): ResolvConf {
  const rc: MutableResolvConf = { nameservers: [], invalidNameservers: [], search: [], options: [], other: [] };
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  for (const raw of lines) processLine(rc, raw.endsWith("\r") ? raw.slice(0, -1) : raw);
  return rc;
}

/** The value of the last option called `name` ("ndots:2" → "2", "edns0" → ""), or undefined. */
export function findOption(options: readonly string[], name: string): string | undefined {
  for (let i = options.length - 1; i >= 0; i--) {
    const opt = options[i] ?? "";
    const colon = opt.indexOf(":");
    const key = colon < 0 ? opt : opt.slice(0, colon);
    if (key === name) return colon < 0 ? "" : opt.slice(colon + 1);
  }
  return undefined;
}

/**
 * Which host file the container's resolv.conf is built from, given the text of
 * /etc/resolv.conf: when its only nameserver is 127.0.0.53 (systemd-resolved's stub), Docker
 * reads /run/systemd/resolve/resolv.conf instead (the upstream servers systemd-resolved uses).
 */
export function hostResolvConfPath(etcResolvConfText: string): string {
  const ns = parseResolvConf(etcResolvConfText).nameservers;
  return ns.length === 1 && ns[0] === SYSTEMD_STUB_NAMESERVER ? SYSTEMD_RESOLV_CONF : ETC_RESOLV_CONF;
}

/**
 * The source file for a container. Host networking without --dns/--dns-search/--dns-option
 * uses /etc/resolv.conf itself (Docker's OptionOriginResolvConfPath); every other case uses
 * `hostResolvConfPath`.
 */
export function resolvConfSourcePath(etcResolvConfText: string, hostNetworking: boolean, hasDnsOverrides: boolean): string {
  return hostNetworking && !hasDnsOverrides ? ETC_RESOLV_CONF : hostResolvConfPath(etcResolvConfText);
}
