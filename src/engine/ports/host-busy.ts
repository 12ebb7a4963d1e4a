/** HostBusy over a snapshot of the host's sockets (see src/kernel/proc-net-sockets.ts). */
import { parseAddr, type Addr } from "../../lib/ip.js";
import type { HostSocket } from "../../kernel/proc-net-sockets.js";
import type { HostBusy } from "../../network/ports/allocator.js";

/**
 * A socket holds a request's port when protocol and port match and the addresses overlap: equal,
 * or either unspecified. A socket on `::` (dual-stack unless IPV6_V6ONLY) also holds IPv4.
 */
export function hostBusy(sockets: readonly HostSocket[]): HostBusy {
  // Grouped by protocol and port, each address parsed once.
  const byPort = new Map<string, Addr[]>();
  for (const s of sockets) {
    const have = parseAddr(s.ip);
    if (!have) continue;
    const key = `${s.proto}/${s.port}`;
    const list = byPort.get(key);
    if (list) list.push(have);
    else byPort.set(key, [have]);
  }
  return (proto, hostIp, port) => {
    if (proto === "sctp") return false;
    const want = parseAddr(hostIp);
    if (!want) return false;
    return (byPort.get(`${proto}/${port}`) ?? []).some((have) => {
      if (have.value === 0n && (have.family === 6 || want.family === 4)) return true;
      if (have.family !== want.family) return false;
      return have.value === 0n || want.value === 0n || have.value === want.value;
    });
  };
}
