/**
 * What a container asks to publish, as concrete requests: HostConfig.PortBindings (and, with
 * -P, every exposed port) resolved against the network's default host address, with Docker's
 * error texts for what the API layer could not already refuse.
 */
import { invalidParameter } from "../../lib/errors.js";
import { formatAddr, parseAddr } from "../../lib/ip.js";
import type { PortBinding } from "../../model/container.js";

export type PortProto = "tcp" | "udp" | "sctp";
export const PROTOS: readonly PortProto[] = ["tcp", "udp", "sctp"];

/** One host address and host port (or range to pick from) for one container port. */
export interface PortRequest {
  readonly proto: PortProto;
  readonly containerPort: number;
  /** Canonical address text: "0.0.0.0", "::", or a specific address. */
  readonly hostIp: string;
  /** 0 and 0: an ephemeral port. start..end: the first free port of the range. */
  readonly hostStart: number;
  readonly hostEnd: number;
  /** Requests with the same group get the same host port (0.0.0.0 and :: of one binding). */
  readonly group: number;
}

/** strconv-style port number 0..65535, or undefined. */
function portNumber(s: string): number | undefined {
  if (!/^[0-9]{1,5}$/.test(s)) return undefined;
  const n = Number(s);
  return n <= 65535 ? n : undefined;
}

/** "80", "80/tcp", "53/udp" (a PortBindings / ExposedPorts key). */
export function parsePortKey(key: string): { readonly port: number; readonly proto: PortProto } {
  const [num = "", proto = "tcp", ...rest] = key.split("/");
  const port = portNumber(num);
  if (port === undefined || rest.length > 0) throw invalidParameter(`invalid port specification: "${num}"`);
  const p = (proto === "" ? "tcp" : proto.toLowerCase()) as PortProto;
  if (!PROTOS.includes(p)) throw invalidParameter(`invalid proto: ${proto}`);
  return { port, proto: p };
}

/** HostPort: "" (ephemeral), "8080", or "8000-9000" (first free). Reversed or >65535 ranges fail. */
export function parseHostPort(text: string): { readonly start: number; readonly end: number } {
  if (text === "") return { start: 0, end: 0 };
  const [a = "", b, ...rest] = text.split("-");
  const start = portNumber(a);
  const end = b === undefined ? start : portNumber(b);
  if (start === undefined || end === undefined || rest.length > 0) throw invalidParameter(`invalid port specification: "${text}"`);
  if (end < start) throw invalidParameter(`invalid range specified for port: ${text}`);
  return { start, end };
}

/** A host address as canonical text; brackets around IPv6 are accepted. */
export function parseHostIp(text: string): string {
  const bare = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
  const a = parseAddr(bare);
  if (!a) throw invalidParameter(`invalid IP address: ${text}`);
  return formatAddr(a);
}

export interface RequestInput {
  readonly portBindings: Readonly<Record<string, readonly PortBinding[]>>;
  readonly exposedPorts: readonly string[];
  readonly publishAll: boolean;
  /** The network's host_binding_ipv4 ("" = 0.0.0.0). */
  readonly defaultHostIp: string;
  /** Whether the container has an IPv6 address on the network (else `::` is not served). */
  readonly ipv6: boolean;
}

/** Every binding to publish, in a stable order (by key, then as given). */
export function portRequests(input: RequestInput): PortRequest[] {
  const bindings = new Map<string, readonly PortBinding[]>();
  for (const [key, list] of Object.entries(input.portBindings)) if (list.length > 0) bindings.set(key, list);
  if (input.publishAll) {
    const bound = new Set([...bindings.keys()].map((k) => { const p = parsePortKey(k); return `${p.port}/${p.proto}`; }));
    for (const key of input.exposedPorts) {
      const p = parsePortKey(key);
      if (!bound.has(`${p.port}/${p.proto}`)) bindings.set(key, [{ hostIp: "", hostPort: "" }]);
    }
  }
  const out: PortRequest[] = [];
  let group = 0;
  const keys = [...bindings.keys()].sort((a, b) => parsePortKey(a).port - parsePortKey(b).port || (a < b ? -1 : a > b ? 1 : 0));
  for (const key of keys) {
    const { port, proto } = parsePortKey(key);
    for (const b of bindings.get(key) ?? []) {
      const { start, end } = parseHostPort(b.hostPort.split("/")[0] ?? "");
      const ip = parseHostIp(b.hostIp || input.defaultHostIp || "0.0.0.0");
      const base = { proto, containerPort: port, hostStart: start, hostEnd: end, group: group++ };
      out.push({ ...base, hostIp: ip });
      // 0.0.0.0 means both families, sharing the host port (Docker); `::` needs an IPv6 target.
      if (ip === "0.0.0.0" && input.ipv6) out.push({ ...base, hostIp: "::" });
    }
  }
  return out;
}

export const isIpv6 = (ip: string): boolean => ip.includes(":");
export const isUnspecified = (ip: string): boolean => ip === "0.0.0.0" || ip === "::";
