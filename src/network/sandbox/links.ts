/**
 * Legacy links (`--link name[:alias]`, default bridge only), as Docker implements them:
 * parsing (docker/cli opts.ParseLink), the /etc/hosts entry of the linking container
 * (daemon/container_operations.go), the legacy environment variables (daemon/links/links.go)
 * and the `HostConfig.Links` text `docker inspect` shows ("/child:/parent/alias").
 *
 * Env vars: Docker ≤ 28 always sets them; v29+ only when the daemon runs with
 * DOCKER_KEEP_DEPRECATED_LEGACY_LINKS_ENV_VARS=1. The caller decides whether to add them; in
 * Docker they come after the default PATH/HOSTNAME/TERM and before the container's own env.
 */
import { invalidParameter } from "../../lib/errors.js";

export interface LinkSpec {
  /** The linked (child) container's name or id, without a leading "/". */
  readonly name: string;
  readonly alias: string;
}

/** Docker's opts.ParseLink: "name", "name:alias", or the stored form "/name:/parent/alias". */
export function parseLink(value: string): LinkSpec {
  if (value === "") throw invalidParameter("empty string specified for links");
  const parts = value.split(":");
  if (parts.length > 2) throw invalidParameter(`bad format for links: ${value}`);
  const [first = "", second] = parts;
  if (second === undefined) return { name: value, alias: value };
  if (first.startsWith("/")) {
    return { name: first.slice(1), alias: second.slice(second.lastIndexOf("/") + 1) };
  }
  return { name: first, alias: second };
}

/** `HostConfig.Links` entry as `docker inspect` shows it: "/db:/web/db". Names without "/". */
export function formatLinkForInspect(childName: string, parentName: string, alias: string): string {
  return `/${childName}:/${parentName}/${alias}`;
}

/** The linked container as the linking container's /etc/hosts needs it. */
export interface LinkHostsEntry {
  readonly alias: string;
  /** Child container name without "/". */
  readonly name: string;
  readonly hostname: string;
  /** Child's address on the default bridge, "" if none. */
  readonly ipv4: string;
  readonly ipv6: string;
}

/** The names of a link's hosts line: "<alias> <child hostname> [<child name>]" (name omitted when equal to the alias). */
export function linkHostNames(link: Pick<LinkHostsEntry, "alias" | "name" | "hostname">): string {
  const base = `${link.alias} ${link.hostname}`;
  return link.alias === link.name ? base : `${base} ${link.name}`;
}

export interface LinkEnvInput {
  /** Linking (parent) container name without "/". */
  readonly parentName: string;
  readonly alias: string;
  /** The child's IPv4 address on the default bridge. */
  readonly childIp: string;
  /** The child's Config.Env ("NAME=value"). */
  readonly childEnv: readonly string[];
  /** The child's Config.ExposedPorts keys ("5432/tcp", "53/udp"; no proto = tcp). */
  readonly exposedPorts: readonly string[];
}

interface Port {
  readonly num: number;
  readonly proto: string;
}

function parsePortKey(key: string): Port | undefined {
  const slash = key.indexOf("/");
  const numText = slash < 0 ? key : key.slice(0, slash);
  const proto = slash < 0 ? "tcp" : key.slice(slash + 1).toLowerCase();
  if (!/^\d{1,5}$/.test(numText)) return undefined;
  return { num: Number(numText), proto: proto === "" ? "tcp" : proto };
}

/** Docker's withTCPPriority: TCP first, then by protocol name, then by port number. */
function withTcpPriority(a: Port, b: Port): number {
  if (a.proto === b.proto) return a.num - b.num;
  if (a.proto === "tcp") return -1;
  if (b.proto === "tcp") return 1;
  return a.proto < b.proto ? -1 : 1;
}

/** `ALIAS` of the variables: upper-cased, '-' → '_'. */
export const linkEnvAlias = (alias: string): string => alias.toUpperCase().replaceAll("-", "_");

function portVars(alias: string, ip: string, p: Port): string[] {
  const prefix = `${alias}_PORT_${p.num}_${p.proto.toUpperCase()}`;
  return [
    `${prefix}=${p.proto}://${ip}:${p.num}`,
    `${prefix}_ADDR=${ip}`,
    `${prefix}_PORT=${p.num}`,
    `${prefix}_PROTO=${p.proto}`,
  ];
}

function rangeVars(alias: string, ip: string, start: Port, end: Port): string[] {
  const prefix = `${alias}_PORT_${start.num}_${start.proto.toUpperCase()}`;
  return [
    `${prefix}_START=${start.proto}://${ip}:${start.num}`,
    `${prefix}_PORT_START=${start.num}`,
    `${prefix}_END=${end.proto}://${ip}:${end.num}`,
    `${prefix}_PORT_END=${end.num}`,
  ];
}

function portsEnv(alias: string, ip: string, ports: readonly Port[]): string[] {
  const env: string[] = [];
  const first = ports[0];
  if (first === undefined) return env;
  env.push(`${alias}_PORT=${first.proto}://${ip}:${first.num}`);
  let start = first;
  let end = first;
  ports.forEach((p, i) => {
    env.push(...portVars(alias, ip, p));
    // A port one above the current range end (same protocol) extends the range; the
    // range is written when it ends (or at the last port), as Docker's ToEnv does.
    if (i > 0 && p.num === end.num + 1 && p.proto === end.proto) {
      end = p;
      if (i < ports.length - 1) return;
    }
    if (end.num !== start.num || end.proto !== start.proto) env.push(...rangeVars(alias, ip, start, end));
    start = p;
    end = p;
  });
  return env;
}

/** Docker's legacy link variables, in Docker's order (ports, NAME, then ENV_*). */
export function linkEnvVars(input: LinkEnvInput): string[] {
  const alias = linkEnvAlias(input.alias);
  const unique = new Map<string, Port>();
  for (const p of input.exposedPorts.map(parsePortKey)) if (p) unique.set(`${p.num}/${p.proto}`, p);
  const ports = [...unique.values()].sort(withTcpPriority);
  const env = portsEnv(alias, input.childIp, ports);
  env.push(`${alias}_NAME=/${input.parentName}/${input.alias}`);
  for (const kv of input.childEnv) {
    const eq = kv.indexOf("=");
    if (eq < 0) continue;
    const name = kv.slice(0, eq);
    if (name === "HOME" || name === "PATH") continue;
    env.push(`${alias}_ENV_${name}=${kv.slice(eq + 1)}`);
  }
  return env;
}

/** Docker's texts when a link cannot be set up at start (plain errors in Docker, so HTTP 500). */
export const linkNotRunningMessage = (childName: string, parentName: string, alias: string): string =>
  `Cannot link to a non running container: /${childName} AS /${parentName}/${alias}`;
export const linkNotOnDefaultNetworkMessage = (childName: string): string =>
  `Cannot link to /${childName}, as it does not belong to the default network`;
