/**
 * Ports held by host processes in the daemon's own namespace, read from /proc/net/{tcp,udp}{,6}
 * without a spawn: listening TCP sockets and bound UDP sockets, with their local address.
 * /proc/net is the reading process's namespace, so this sees the daemon's netns.
 */
import { readFile } from "node:fs/promises";
import { endianness } from "node:os";
import { PROC_NET, procIpv4 } from "./proc-routes.js";

export interface HostSocket {
  readonly proto: "tcp" | "udp";
  /** Canonical-ish text: dotted IPv4, or IPv6 as 8 hex words ("0:0:0:0:0:0:0:0" for ::). */
  readonly ip: string;
  readonly port: number;
}

const TCP_LISTEN = "0A";

/** One IPv6 address as /proc prints it: four 32-bit words, each in host byte order. */
function procIpv6(hex: string, littleEndian: boolean): string {
  const words: string[] = [];
  for (let i = 0; i < 4; i++) {
    const bytes = procIpv4(parseInt(hex.slice(i * 8, i * 8 + 8), 16), littleEndian);
    words.push(((bytes[0] ?? 0) * 256 + (bytes[1] ?? 0)).toString(16), ((bytes[2] ?? 0) * 256 + (bytes[3] ?? 0)).toString(16));
  }
  return words.join(":");
}

/** Parses one /proc/net/{tcp,udp}{,6} file (header line first). */
export function parseProcSockets(text: string, proto: "tcp" | "udp", littleEndian = endianness() === "LE"): HostSocket[] {
  return text.split("\n").slice(1).flatMap((line) => {
    const [, local, , state] = line.trim().split(/\s+/);
    const m = /^([0-9A-Fa-f]{8}|[0-9A-Fa-f]{32}):([0-9A-Fa-f]{4})$/.exec(local ?? "");
    if (!m || (proto === "tcp" && state !== TCP_LISTEN)) return [];
    const [, addr = "", port = "0"] = m;
    const ip = addr.length === 8 ? procIpv4(parseInt(addr, 16), littleEndian).join(".") : procIpv6(addr, littleEndian);
    return [{ proto, ip, port: parseInt(port, 16) }];
  });
}

async function optional(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch {
    return "";
  }
}

/** Every listening TCP and bound UDP socket of the current namespace. */
export async function readHostSockets(procNet: string = PROC_NET): Promise<HostSocket[]> {
  const files = [["tcp", "tcp"], ["tcp6", "tcp"], ["udp", "udp"], ["udp6", "udp"]] as const;
  const texts = await Promise.all(files.map(([f]) => optional(`${procNet}/${f}`)));
  return files.flatMap(([, proto], i) => parseProcSockets(texts[i] ?? "", proto));
}

/** /proc/sys/net/ipv4/ip_local_port_range of the current namespace, undefined if unreadable. */
export async function readEphemeralRange(procSys = "/proc/sys"): Promise<{ start: number; end: number } | undefined> {
  try {
    const [a, b] = (await readFile(`${procSys}/net/ipv4/ip_local_port_range`, "utf8")).trim().split(/\s+/).map(Number);
    return a !== undefined && b !== undefined && a > 0 && b >= a && b <= 65535 ? { start: a, end: b } : undefined;
  } catch {
    return undefined;
  }
}
