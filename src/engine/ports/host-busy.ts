/** HostBusy over a snapshot of the host's sockets (see src/kernel/proc-net-sockets.ts). */
import { parseAddr } from "../../lib/ip.js";
import type { HostSocket } from "../../kernel/proc-net-sockets.js";
import type { HostBusy } from "../../network/ports/allocator.js";

/**
 * A socket holds a request's port when protocol and port match and the addresses overlap: equal,
 * or either unspecified. A socket on `::` (dual-stack unless IPV6_V6ONLY) also holds IPv4.
 */
export function hostBusy(sockets: readonly HostSocket[]): HostBusy {
  const byPort = new Map<string, HostSocket[]>();
  for (const s of sockets) byPort.set(`${s.proto}/${s.port}`, [...(byPort.get(`${s.proto}/${s.port}`) ?? []), s]);
  return (proto, hostIp, port) => {
    if (proto === "sctp") return false;
    const want = parseAddr(hostIp);
    if (!want) return false;
    return (byPort.get(`${proto}/${port}`) ?? []).some((s) => {
      const have = parseAddr(s.ip);
      if (!have) return false;
      if (have.value === 0n && (have.family === 6 || want.family === 4)) return true;
      if (have.family !== want.family) return false;
      return have.value === 0n || want.value === 0n || have.value === want.value;
    });
  };
}
