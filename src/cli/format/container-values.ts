/**
 * `docker ps` rows as the docker CLI's templates see them: a *formatter.ContainerContext
 * whose methods (ID, Image, Command, RunningFor, Ports, ...) format a container.Summary.
 */
import type { ContainerSummaryWire, PortWire } from "../../api/wire/container.js";
import { localZoneAt, goTimeString, type GoTimeValue } from "./go-time.js";
import { GoMap, GoNilPtr, GoStruct, goJsonEncode, type GoMethod, type GoValue } from "./go-value.js";
import { familiarString, parseNormalizedNamed, ReferenceError } from "./reference.js";
import { ellipsis, goStrconvQuote, humanDuration, humanSizeWithPrecision, truncateId } from "./units.js";

export const CONTAINER_HEADERS: Readonly<Record<string, string>> = {
  ID: "CONTAINER ID", Names: "NAMES", Image: "IMAGE", Command: "COMMAND", CreatedAt: "CREATED AT", RunningFor: "CREATED",
  Ports: "PORTS", State: "STATE", Status: "STATUS", Size: "SIZE", Labels: "LABELS", Mounts: "MOUNTS", LocalVolumes: "LOCAL VOLUMES",
  Networks: "NETWORKS", Platform: "PLATFORM",
};

/** time.Unix(sec, 0) in the local zone (what .CreatedAt prints). */
export function unixTime(sec: number): GoTimeValue {
  const zone = localZoneAt(sec * 1000);
  const d = new Date((sec + zone.offsetSec) * 1000);
  return {
    year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(), nanos: 0, offsetSec: zone.offsetSec, zoneName: zone.name,
  };
}

/** How long ago a Unix time was, as docker prints it ("2 minutes ago"). */
export const timeAgo = (sec: number): string => humanDuration(Date.now() - sec * 1000) + " ago";

function imageOf(c: ContainerSummaryWire, trunc: boolean): string {
  if (c.Image === "") return "<no image>";
  if (!trunc) return c.Image;
  const short = truncateId(c.ImageID);
  if (short === truncateId(c.Image)) return short;
  try {
    const ref = parseNormalizedNamed(c.Image);
    return familiarString({ domain: ref.domain, path: ref.path, ...(ref.tag !== undefined ? { tag: ref.tag } : {}) });
  } catch (e) {
    if (e instanceof ReferenceError) return c.Image;
    throw e;
  }
}

function namesOf(c: ContainerSummaryWire, trunc: boolean): string {
  const names = c.Names.map((n) => n.replace(/^\//, ""));
  if (trunc) {
    const plain = names.find((n) => !n.includes("/"));
    if (plain !== undefined) return plain;
  }
  return names.join(",");
}

/** formatter.DisplayablePorts: runs of ports grouped ("443-444/tcp"), host mappings last. */
export function displayablePorts(ports: readonly PortWire[]): string {
  const sorted = [...ports].sort((a, b) => {
    if (a.PrivatePort !== b.PrivatePort) return a.PrivatePort - b.PrivatePort;
    const ai = a.IP ?? "";
    const bi = b.IP ?? "";
    if (ai !== bi) return ai < bi ? -1 : 1;
    if ((a.PublicPort ?? 0) !== (b.PublicPort ?? 0)) return (a.PublicPort ?? 0) - (b.PublicPort ?? 0);
    return a.Type < b.Type ? -1 : a.Type > b.Type ? 1 : 0;
  });
  const groups = new Map<string, { first: number; last: number }>();
  const result: string[] = [];
  const hostMappings: string[] = [];
  const hostPort = (ip: string, port: string): string => (ip.includes(":") ? `[${ip}]:${port}` : `${ip}:${port}`);
  const form = (key: string, g: { first: number; last: number }): string => {
    const parts = key.split("/");
    const [ip, type] = parts.length > 1 ? [parts[0]!, parts[1]!] : ["", parts[0]!];
    let group = g.first === g.last ? String(g.first) : `${g.first}-${g.last}`;
    if (ip !== "") group = `${hostPort(ip, group)}->${group}`;
    return `${group}/${type}`;
  };
  for (const p of sorted) {
    let key = p.Type;
    if (p.IP) {
      if ((p.PublicPort ?? 0) !== p.PrivatePort) {
        hostMappings.push(`${hostPort(p.IP, String(p.PublicPort ?? 0))}->${p.PrivatePort}/${p.Type}`);
        continue;
      }
      key = `${p.IP}/${p.Type}`;
    }
    const g = groups.get(key);
    if (!g) groups.set(key, { first: p.PrivatePort, last: p.PrivatePort });
    else if (p.PrivatePort === g.last + 1) g.last = p.PrivatePort;
    else {
      result.push(form(key, g));
      groups.set(key, { first: p.PrivatePort, last: p.PrivatePort });
    }
  }
  for (const [key, g] of groups) result.push(form(key, g));
  return [...result, ...hostMappings].join(", ");
}

/** The methods of one row; `used` records the names called (docker asks for sizes only when .Size is). */
export function containerContextValue(c: ContainerSummaryWire, trunc: boolean, used?: Set<string>): GoStruct {
  const labels = c.Labels ?? {};
  const size = c as ContainerSummaryWire & { SizeRw?: number; SizeRootFs?: number };
  const str = (name: string, f: () => string): [string, { arity: number; fn: GoMethod }] => [name, { arity: 0, fn: () => (used?.add(name), f()) }];
  const methods: Record<string, { arity: number; fn: GoMethod }> = Object.fromEntries([
    str("ID", () => (trunc ? truncateId(c.Id) : c.Id)),
    str("Names", () => namesOf(c, trunc)),
    str("Image", () => imageOf(c, trunc)),
    str("Command", () => goStrconvQuote(trunc ? ellipsis(c.Command, 20) : c.Command)),
    str("CreatedAt", () => goTimeString(unixTime(c.Created))),
    str("RunningFor", () => timeAgo(c.Created)),
    str("Ports", () => displayablePorts(c.Ports ?? [])),
    str("State", () => c.State),
    str("Status", () => c.Status),
    str("Size", () => {
      const rw = humanSizeWithPrecision(size.SizeRw ?? 0, 3);
      return (size.SizeRootFs ?? 0) > 0 ? `${rw} (virtual ${humanSizeWithPrecision(size.SizeRootFs ?? 0, 3)})` : rw;
    }),
    str("Labels", () => Object.entries(labels).map(([k, v]) => `${k}=${v}`).sort().join(",")),
    str("Mounts", () => (c.Mounts ?? []).map((m) => { const n = (m as { Name?: string }).Name || m.Source; return trunc ? ellipsis(n, 15) : n; }).join(",")),
    str("LocalVolumes", () => String((c.Mounts ?? []).filter((m) => (m as { Driver?: string }).Driver === "local").length)),
    str("Networks", () => Object.keys(c.NetworkSettings?.Networks ?? {}).join(",")),
  ]);
  methods["Platform"] = { arity: 0, fn: () => (used?.add("Platform"), new GoNilPtr("*formatter.Platform")) };
  methods["Label"] = { arity: 1, fn: (args: GoValue[]) => (Object.hasOwn(labels, String(args[0])) ? (labels[String(args[0])] ?? "") : "") };
  const marshal = (): string => {
    const entries = new Map<string, GoValue>();
    for (const [k, m] of Object.entries(methods)) if (m.arity === 0) entries.set(k, m.fn([]));
    return goJsonEncode(new GoMap(entries, "map[string]interface {}", null), true);
  };
  return new GoStruct("*formatter.ContainerContext", [], methods, marshal);
}
