/**
 * Host-port bookkeeping for every published port on the host, as Docker's portallocator:
 * an explicit port that is taken fails with `Bind for <ip>:<port> failed: port is already
 * allocated`; a range takes its first free port; an ephemeral port comes from the ephemeral
 * range, continuing after the last one handed out. A container's requests are allocated all
 * or nothing. 0.0.0.0 overlaps every IPv4 address and :: every IPv6 address.
 */
import { systemError } from "../../lib/errors.js";
import { isIpv6, isUnspecified, type PortProto, type PortRequest } from "./port-spec.js";

export interface ResolvedPort {
  readonly proto: PortProto;
  readonly containerPort: number;
  readonly hostIp: string;
  readonly hostPort: number;
}

export interface PortRange {
  readonly start: number;
  readonly end: number;
}

/** Docker's fallback when /proc/sys/net/ipv4/ip_local_port_range cannot be read. */
export const DEFAULT_EPHEMERAL: PortRange = { start: 49153, end: 65535 };

/** Whether a host process holds the port (listening TCP, bound UDP) on an overlapping address. */
export type HostBusy = (proto: PortProto, hostIp: string, port: number) => boolean;

/** `0.0.0.0:80`, `[::]:80`, as Docker prints a binding. */
export const hostAddr = (ip: string, port: number | string): string => (isIpv6(ip) ? `[${ip}]:${port}` : `${ip}:${port}`);

const overlap = (a: string, b: string): boolean => isIpv6(a) === isIpv6(b) && (a === b || isUnspecified(a) || isUnspecified(b));

export class PortAllocator {
  /** `${proto}/${port}` -> host address -> owner. */
  private readonly used = new Map<string, Map<string, string>>();
  private readonly owned = new Map<string, ResolvedPort[]>();
  private last: number;

  constructor(private readonly ephemeral: PortRange = DEFAULT_EPHEMERAL) {
    this.last = ephemeral.start - 1;
  }

  /** Total host ports held (all owners, all addresses). */
  get size(): number {
    let n = 0;
    for (const m of this.used.values()) n += m.size;
    return n;
  }

  isFree(proto: PortProto, ip: string, port: number): boolean {
    const m = this.used.get(`${proto}/${port}`);
    if (!m) return true;
    for (const other of m.keys()) if (overlap(ip, other)) return false;
    return true;
  }

  /** Allocates every request for `owner`, or nothing (throws). */
  allocate(owner: string, requests: readonly PortRequest[], busy: HostBusy = () => false): ResolvedPort[] {
    if (this.owned.has(owner)) throw systemError(`ports of ${owner.slice(0, 12)} are already allocated`);
    const out: ResolvedPort[] = [];
    try {
      const groups = new Map<number, PortRequest[]>();
      for (const r of requests) groups.set(r.group, [...(groups.get(r.group) ?? []), r]);
      for (const group of groups.values()) {
        const port = this.pick(group, busy);
        for (const r of group) {
          const res = { proto: r.proto, containerPort: r.containerPort, hostIp: r.hostIp, hostPort: port };
          this.take(owner, res);
          out.push(res);
        }
      }
    } catch (e) {
      this.releaseList(out);
      throw e;
    }
    this.owned.set(owner, out);
    return out;
  }

  /** Re-records allocations made before a daemon restart (no checks against the host). */
  restore(owner: string, ports: readonly ResolvedPort[]): void {
    for (const p of ports) this.take(owner, p);
    this.owned.set(owner, [...ports]);
  }

  /** Frees everything `owner` holds; returns what it held. */
  release(owner: string): ResolvedPort[] {
    const list = this.owned.get(owner) ?? [];
    this.releaseList(list);
    this.owned.delete(owner);
    return list;
  }

  of(owner: string): readonly ResolvedPort[] | undefined {
    return this.owned.get(owner);
  }

  private take(owner: string, p: ResolvedPort): void {
    const key = `${p.proto}/${p.hostPort}`;
    const m = this.used.get(key) ?? new Map<string, string>();
    m.set(p.hostIp, owner);
    this.used.set(key, m);
  }

  private releaseList(list: readonly ResolvedPort[]): void {
    for (const p of list) {
      const key = `${p.proto}/${p.hostPort}`;
      const m = this.used.get(key);
      m?.delete(p.hostIp);
      if (m?.size === 0) this.used.delete(key);
    }
  }

  private fits(group: readonly PortRequest[], port: number, busy: HostBusy): boolean {
    return group.every((r) => this.isFree(r.proto, r.hostIp, port) && !busy(r.proto, r.hostIp, port));
  }

  /** The host port for a group of requests that share one (same proto and port request). */
  private pick(group: readonly PortRequest[], busy: HostBusy): number {
    const r = group[0];
    if (!r) throw systemError("empty port group");
    if (r.hostStart === r.hostEnd && r.hostStart !== 0) {
      for (const q of group) {
        if (!this.isFree(q.proto, q.hostIp, q.hostStart)) throw systemError(`Bind for ${hostAddr(q.hostIp, q.hostStart)} failed: port is already allocated`);
        if (busy(q.proto, q.hostIp, q.hostStart)) {
          throw systemError(`failed to bind host port ${hostAddr(q.hostIp, q.hostStart)}/${q.proto}: address already in use`);
        }
      }
      return r.hostStart;
    }
    if (r.hostStart !== 0) {
      for (let p = r.hostStart; p <= r.hostEnd; p++) if (this.fits(group, p, busy)) return p;
      throw systemError(`Bind for ${hostAddr(r.hostIp, `${r.hostStart}-${r.hostEnd}`)} failed: port is already allocated`);
    }
    const { start, end } = this.ephemeral;
    const span = end - start + 1;
    for (let i = 1; i <= span; i++) {
      const p = start + ((this.last - start + i) % span);
      if (this.fits(group, p, busy)) {
        this.last = p;
        return p;
      }
    }
    throw systemError(`no free host port in ${start}-${end} for ${r.containerPort}/${r.proto}: all ports are allocated`);
  }
}
