/**
 * -p/--publish, --expose and -v/--volume as the docker CLI parses them (go-connections'
 * nat.ParsePortSpecs and the compose volumespec parser), with the same error texts.
 */
import path from "node:path";
import type { PortBindingWire } from "../../api/wire/container.js";
import { parseAddr } from "../../lib/ip.js";

/** strconv.ParseUint(s, 10, 16) with Go's error text. */
function parsePort16(s: string): number {
  if (!/^\d+$/.test(s)) throw new Error(`strconv.ParseUint: parsing ${JSON.stringify(s)}: invalid syntax`);
  const n = Number(s);
  if (n > 65535) throw new Error(`strconv.ParseUint: parsing ${JSON.stringify(s)}: value out of range`);
  return n;
}

/** nat.ParsePortRange ("80" or "8000-8010"). */
export function parsePortRange(ports: string): [number, number] {
  if (ports === "") throw new Error("empty string specified for ports");
  if (!ports.includes("-")) {
    const p = parsePort16(ports);
    return [p, p];
  }
  const parts = ports.split("-");
  const start = parsePort16(parts[0]!);
  const end = parsePort16(parts[1] ?? "");
  if (end < start) throw new Error(`invalid range specified for port: ${ports}`);
  return [start, end];
}

/** nat.SplitProtoPort. */
export function splitProtoPort(raw: string): [string, string] {
  const parts = raw.split("/");
  if (raw === "" || parts[0] === "") return ["", ""];
  if (parts.length === 1) return ["tcp", raw];
  if (parts[1] === "") return ["tcp", parts[0]!];
  return [parts[1]!, parts[0]!];
}

function splitParts(raw: string): [string, string, string] {
  const parts = raw.split(":");
  const n = parts.length;
  const container = parts[n - 1]!;
  if (n === 1) return ["", "", container];
  if (n === 2) return ["", parts[0]!, container];
  if (n === 3) return [parts[0]!, parts[1]!, container];
  return [parts.slice(0, n - 2).join(":"), parts[n - 2]!, container];
}

/** convertToStandardNotation: the long form "published=8080,target=80[,protocol=udp]". */
function standardNotation(publish: string): string {
  if (!publish.includes("=")) return publish;
  const params = new Map<string, string>([["protocol", "tcp"]]);
  for (const param of publish.split(",")) {
    const eq = param.indexOf("=");
    if (eq <= 0) throw new Error(`invalid publish opts format (should be name=value but got '${param}')`);
    params.set(param.slice(0, eq), param.slice(eq + 1));
  }
  return `${params.get("published") ?? ""}:${params.get("target") ?? ""}/${params.get("protocol") ?? ""}`;
}

export interface PortSpecs {
  /** Exposed ports in first-seen order ("80/tcp"). */
  readonly exposed: Set<string>;
  readonly bindings: Map<string, PortBindingWire[]>;
}

/** nat.ParsePortSpecs over every -p value, then the --expose ranges. */
export function parsePorts(publish: readonly string[], expose: readonly string[]): PortSpecs {
  const exposed = new Set<string>();
  const bindings = new Map<string, PortBindingWire[]>();
  for (const rawPort of publish.map(standardNotation)) {
    let [ip, hostPort, containerPort] = splitParts(rawPort);
    let proto: string;
    [proto, containerPort] = splitProtoPort(containerPort);
    if (ip.startsWith("[")) {
      const m = /^\[([^\]]*)\]$/.exec(ip);
      if (!m) throw new Error(`invalid IP address ${ip}: address ${ip}:: missing ']' in address`);
      ip = m[1]!;
    }
    if (ip !== "" && !parseAddr(ip)) throw new Error("invalid IP address: " + ip);
    if (containerPort === "") throw new Error(`no port specified: ${rawPort}<empty>`);
    let start: number, end: number;
    try {
      [start, end] = parsePortRange(containerPort);
    } catch {
      throw new Error("invalid containerPort: " + containerPort);
    }
    let hostStart = 0, hostEnd = 0;
    if (hostPort !== "") {
      try {
        [hostStart, hostEnd] = parsePortRange(hostPort);
      } catch {
        throw new Error("invalid hostPort: " + hostPort);
      }
    }
    if (hostPort !== "" && end - start !== hostEnd - hostStart && end !== start) {
      throw new Error(`invalid ranges specified for container and host Ports: ${containerPort} and ${hostPort}`);
    }
    proto = proto.toLowerCase();
    if (!["tcp", "udp", "sctp"].includes(proto)) throw new Error(`invalid proto: ${proto}`);
    for (let i = 0; i <= end - start; i++) {
      if (hostPort !== "") hostPort = String(hostStart + i);
      if (start === end && hostStart !== hostEnd) hostPort = `${hostPort}-${hostEnd}`;
      const key = `${start + i}/${proto}`;
      exposed.add(key);
      bindings.set(key, [...(bindings.get(key) ?? []), { HostIp: ip, HostPort: hostPort }]);
    }
  }
  for (const e of expose) {
    const [proto, port] = splitProtoPort(e);
    let start: number, end: number;
    try {
      [start, end] = parsePortRange(port);
    } catch (err) {
      throw new Error(`invalid range format for --expose: ${e}, error: ${(err as Error).message}`);
    }
    for (let p = start; p <= end; p++) exposed.add(`${p}/${proto}`);
  }
  return { exposed, bindings };
}

interface VolumeSpec {
  source: string;
  target: string;
}

/** volumespec.Parse (Linux paths), as far as binds vs. anonymous volumes go. */
function parseVolumeSpec(spec: string): VolumeSpec & { type: "bind" | "volume" } {
  if (spec.length === 0) throw new Error("invalid empty volume spec");
  if (spec.length <= 2) return { source: "", target: spec, type: "volume" };
  const v: VolumeSpec = { source: "", target: "" };
  let buffer = "";
  const chars = [...spec, "\0"];
  for (const ch of chars) {
    const isDrive = ch === ":" && buffer.length === 1 && /\p{L}/u.test(buffer);
    if (isDrive) buffer += ch;
    else if (ch === ":" || ch === "\0") {
      if (buffer === "") throw new Error(`invalid spec: ${spec}: empty section between colons`);
      if (v.source === "" && ch === "\0") v.target = buffer;
      else if (v.source === "") v.source = buffer;
      else if (v.target === "") v.target = buffer;
      else if (ch === ":") throw new Error(`invalid spec: ${spec}: too many colons`);
      buffer = "";
    } else buffer += ch;
  }
  const isFilePath = v.source === "." || v.source === ".." || /^[./~]/.test(v.source);
  return { ...v, type: v.source !== "" && isFilePath ? "bind" : "volume" };
}

/** -v values into HostConfig.Binds (relative "./x" made absolute) and Config.Volumes (anonymous). */
export function parseVolumes(volumes: readonly string[], cwd: string): { binds: string[]; anonymous: string[] } {
  const binds: string[] = [];
  const anonymous: string[] = [];
  for (const spec of new Set(volumes)) {
    const parsed = parseVolumeSpec(spec);
    if (parsed.source === "") {
      anonymous.push(spec);
      continue;
    }
    let bind = spec;
    const colon = spec.indexOf(":");
    if (parsed.type === "bind" && colon >= 0) {
      let host = spec.slice(0, colon);
      if (!path.isAbsolute(host) && host.startsWith(".")) host = path.resolve(cwd, host);
      bind = host + ":" + spec.slice(colon + 1);
    }
    binds.push(bind);
  }
  return { binds, anonymous };
}
