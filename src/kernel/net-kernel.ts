/**
 * NetKernel: the link, address, route and sysctl operations the network drivers use, with
 * the namespace always an explicit argument. createNetKernel() is the real implementation on
 * iproute2 (`ip -j` reads, one `ip -batch -` spawn per write operation) and /proc/sys;
 * FakeNetKernel (fake-net-kernel.ts) is the in-memory one. Both pass net-kernel-suite.ts.
 *
 * Layout: one module per kernel object family (links.ts, routes.ts, sysctl.ts, netns.ts),
 * bridge.ts for the bridge fast path and reconcile; this file only wires them together.
 */
import { systemError } from "../lib/errors.js";
import { exec as realExec, type Exec, type Netns } from "./exec.js";
import { createBridge, ensureBridge, type EnsureResult } from "./bridge.js";
import { batchError, tryIpBatch } from "./ip-batch.js";
import {
  addrAdd, addrDel, addressExists, linkDel, linkNotFound, linkSetUp, normalizeCidr, readLinks, validateLinkName,
  type BridgeSpec, type LinkInfo,
} from "./links.js";
import { readOnLinkRoutes } from "./routes.js";
import { getSysctls, PROC_SYS, setSysctls, type SysctlDeps } from "./sysctl.js";

export type { BridgeSpec, LinkInfo } from "./links.js";
export type { EnsureResult } from "./bridge.js";

export interface NetKernel {
  // -- bridges
  /** Fast path: one `ip -batch` spawn plus the bridge's sysctls. Conflict if a link of that name exists. */
  createBridge(ns: Netns, spec: BridgeSpec): Promise<void>;
  /** Reconcile: create if absent, else repair sysctls, alias, MTU, addresses and up state. */
  ensureBridge(ns: Netns, spec: BridgeSpec): Promise<EnsureResult>;

  // -- links (any kind)
  /** Idempotent: a link that does not exist counts as deleted. */
  deleteLink(ns: Netns, name: string): Promise<void>;
  listLinks(ns: Netns): Promise<LinkInfo[]>;
  /** NotFound if the link does not exist. */
  setLinkUp(ns: Netns, name: string, up: boolean): Promise<void>;
  // Containers issue: createVethPair(hostNs, { hostName, peerName, peerNs, mtu, mac }),
  // attachToBridge(ns, port, bridge), moveLink(ns, name, toNs, newName) go here (links.ts).

  // -- addresses
  /** NotFound if the link does not exist, Conflict if the address is already on it. */
  addAddress(ns: Netns, link: string, cidr: string): Promise<void>;
  /** Idempotent: an address (or link) that is not there counts as deleted. */
  delAddress(ns: Netns, link: string, cidr: string): Promise<void>;

  // -- routes
  /** Destination prefixes of IPv4 scope-link and IPv6 gateway-less routes (main table, not fe80::/64). */
  onLinkRoutes(ns: Netns): Promise<string[]>;
  // Containers issue: replaceDefaultRoute(ns, gateway, dev) and delRoute go here (routes.ts).

  // -- sysctl (dotted "net.ipv4.ip_forward" or path "net/ipv4/ip_forward"); NotFound for unknown keys
  setSysctl(ns: Netns, key: string, value: string): Promise<void>;
  getSysctl(ns: Netns, key: string): Promise<string>;
}

export interface NetKernelOptions {
  /** The spawn gateway (tests pass a recording one). */
  readonly exec?: Exec;
  /** Root of the current namespace's sysctls; "/proc/sys" except in tests. */
  readonly procSysRoot?: string;
}

class IpNetKernel implements NetKernel {
  constructor(private readonly d: SysctlDeps) {}

  createBridge = (ns: Netns, spec: BridgeSpec): Promise<void> => createBridge(this.d, ns, spec);
  ensureBridge = (ns: Netns, spec: BridgeSpec): Promise<EnsureResult> => ensureBridge(this.d, ns, spec);
  listLinks = (ns: Netns): Promise<LinkInfo[]> => readLinks(this.d.run, ns);
  onLinkRoutes = (ns: Netns): Promise<string[]> => readOnLinkRoutes(this.d.run, ns);
  setSysctl = (ns: Netns, key: string, value: string): Promise<void> => setSysctls(this.d, ns, [[key, value]]);

  async getSysctl(ns: Netns, key: string): Promise<string> {
    const [value] = await getSysctls(this.d, ns, [key]);
    if (value === undefined) throw systemError(`Failed to read sysctl "${key}"`);
    return value;
  }

  async deleteLink(ns: Netns, name: string): Promise<void> {
    const r = await tryIpBatch(this.d.run, ns, [linkDel(validateLinkName(name))]);
    if (r.ok || !(await this.find(ns, name))) return;
    throw batchError(`Failed to delete link "${name}"`, r);
  }

  async setLinkUp(ns: Netns, name: string, up: boolean): Promise<void> {
    const r = await tryIpBatch(this.d.run, ns, [linkSetUp(validateLinkName(name), up)]);
    if (r.ok) return;
    if (!(await this.find(ns, name))) throw linkNotFound(name, r.error);
    throw batchError(`Failed to set link "${name}" ${up ? "up" : "down"}`, r);
  }

  async addAddress(ns: Netns, link: string, cidr: string): Promise<void> {
    const a = normalizeCidr(cidr);
    const r = await tryIpBatch(this.d.run, ns, [addrAdd(validateLinkName(link), a)]);
    if (r.ok) return;
    const l = await this.find(ns, link);
    if (!l) throw linkNotFound(link, r.error);
    if (l.addresses.includes(a)) throw addressExists(link, a, r.error);
    throw batchError(`Failed to add address "${a}" to "${link}"`, r);
  }

  async delAddress(ns: Netns, link: string, cidr: string): Promise<void> {
    const a = normalizeCidr(cidr);
    const r = await tryIpBatch(this.d.run, ns, [addrDel(validateLinkName(link), a)]);
    if (r.ok) return;
    const l = await this.find(ns, link);
    if (!l || !l.addresses.includes(a)) return;
    throw batchError(`Failed to delete address "${a}" from "${link}"`, r);
  }

  /** After a failed change, the link's state decides what the failure means (not ip's stderr). */
  private async find(ns: Netns, name: string): Promise<LinkInfo | undefined> {
    return (await readLinks(this.d.run, ns)).find((l) => l.name === name);
  }
}

export function createNetKernel(opts: NetKernelOptions = {}): NetKernel {
  return new IpNetKernel({ run: opts.exec ?? realExec, procSysRoot: opts.procSysRoot ?? PROC_SYS });
}


/** The kernel adapter on the real iproute2 and /proc/sys (what the daemon wires in). */
export const realNetKernel = (): NetKernel => createNetKernel();
