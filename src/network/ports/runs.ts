/**
 * Resolved ports -> the firewall's published runs: consecutive host ports with the same
 * protocol, host address, target and port offset become one run, so `-p 8000-8999:8000-8999`
 * (1,000 bindings on the wire) is one map element.
 */
import type { FirewallPort } from "../../firewall/state.js";
import type { ResolvedPort } from "./allocator.js";
import { isIpv6, isUnspecified } from "./port-spec.js";

export interface RunTarget {
  readonly networkId: string;
  readonly networkName: string;
  readonly containerId: string;
  readonly containerName: string;
  /** The container's addresses on that network, without prefix length ("" = none). */
  readonly target4: string;
  readonly target6: string;
  /** The network's gateways ("" = none). */
  readonly gateway4?: string;
  readonly gateway6?: string;
}

const order = (a: FirewallPort, b: FirewallPort): number =>
  a.family - b.family || cmp(a.proto, b.proto) || cmp(a.hostIp, b.hostIp) || a.hostStart - b.hostStart;
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Runs for the ports whose family the container has an address in; others are skipped. */
export function portRuns(ports: readonly ResolvedPort[], t: RunTarget): FirewallPort[] {
  const singles: FirewallPort[] = [];
  for (const p of ports) {
    const family = isIpv6(p.hostIp) ? 6 : 4;
    const target = family === 4 ? t.target4 : t.target6;
    if (target === "") continue;
    singles.push({
      networkId: t.networkId,
      networkName: t.networkName,
      containerId: t.containerId,
      containerName: t.containerName,
      family,
      proto: p.proto,
      hostIp: isUnspecified(p.hostIp) ? "" : p.hostIp,
      hostStart: p.hostPort,
      hostEnd: p.hostPort,
      target,
      targetStart: p.containerPort,
      gateway: (family === 4 ? t.gateway4 : t.gateway6) ?? "",
    });
  }
  singles.sort(order);
  const runs: FirewallPort[] = [];
  for (const s of singles) {
    const prev = runs[runs.length - 1];
    const joins =
      prev !== undefined &&
      prev.family === s.family && prev.proto === s.proto && prev.hostIp === s.hostIp && prev.target === s.target &&
      s.hostStart === prev.hostEnd + 1 && s.targetStart - s.hostStart === prev.targetStart - prev.hostStart;
    if (joins) runs[runs.length - 1] = { ...prev, hostEnd: s.hostStart };
    else runs.push(s);
  }
  return runs;
}
