/**
 * NetKernel: the link, address, route and sysctl operations the network drivers use, with
 * the namespace always an explicit argument. createNetKernel() is the real implementation on
 * iproute2 and /proc; FakeNetKernel (fake-net-kernel.ts) is the in-memory one. Both pass
 * net-kernel-suite.ts.
 *
 * In the daemon's own namespace the hot path spawns nothing: writes go through a persistent
 * `ip -force -batch -` (ip-session.ts), sysctls and on-link routes are read and written under
 * /proc. Other namespaces spawn `ip` (one `ip -batch -` per write, `ip -j` reads) and `sysctl`
 * there. Reads of links (`ip -j address show`) spawn everywhere; they are off the hot path.
 *
 * Layout: one module per kernel object family (links.ts, routes.ts, sysctl.ts, netns.ts),
 * bridge.ts for the bridge fast path and reconcile; this file only wires them together.
 */
import { systemError } from "../lib/errors.js";
import { exec as realExec, type Exec, type Netns } from "./exec.js";
import { createBridge, ensureBridge, type EnsureResult, type KernelDeps } from "./bridge.js";
import { batchError, tryIpBatch, type IpBatchRunner } from "./ip-batch.js";
import { sharedIpBatchSession, type IpBatchSession } from "./ip-session.js";
import {
  addrAdd, addrDel, addressExists, linkDel, linkNotFound, linkSetUp, normalizeCidr, readLinks, validateLinkName,
  type BridgeSpec, type LinkInfo,
} from "./links.js";
import { PROC_NET, readProcOnLinkRoutes } from "./proc-routes.js";
import { readOnLinkRoutes } from "./routes.js";
import { getSysctls, PROC_SYS, setSysctls } from "./sysctl.js";

export type { BridgeSpec, LinkInfo } from "./links.js";
export type { EnsureResult } from "./bridge.js";

export interface NetKernel {
  // -- bridges
  /** Fast path: one ip batch plus the bridge's sysctls. Conflict if a link of that name exists. */
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
  /**
   * Destination prefixes of IPv4 scope-link and IPv6 gateway-less routes (main table, not
   * fe80::/10). The daemon's own namespace is read from /proc/net (see proc-routes.ts for the
   * two rare cases where that reports more than `ip`).
   */
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
  /** Where the current namespace's routes are read; "/proc/net" except in tests. */
  readonly procNetRoot?: string;
  /**
   * Writes in this session's namespace go through it instead of a spawn each. Default: the
   * process-wide session of the daemon's namespace, unless `exec` is given (then every write
   * spawns through `exec`). "none": always spawn.
   */
  readonly ipSession?: IpBatchSession | "none";
}

interface IpKernelDeps extends KernelDeps {
  readonly procNetRoot: string;
}

class IpNetKernel implements NetKernel {
  constructor(private readonly d: IpKernelDeps) {}

  createBridge = (ns: Netns, spec: BridgeSpec): Promise<void> => createBridge(this.d, ns, spec);
  ensureBridge = (ns: Netns, spec: BridgeSpec): Promise<EnsureResult> => ensureBridge(this.d, ns, spec);
  listLinks = (ns: Netns): Promise<LinkInfo[]> => readLinks(this.d.run, ns);
  onLinkRoutes = (ns: Netns): Promise<string[]> =>
    ns.kind === "current" ? readProcOnLinkRoutes(this.d.procNetRoot) : readOnLinkRoutes(this.d.run, ns);
  setSysctl = (ns: Netns, key: string, value: string): Promise<void> => setSysctls(this.d, ns, [[key, value]]);

  async getSysctl(ns: Netns, key: string): Promise<string> {
    const [value] = await getSysctls(this.d, ns, [key]);
    if (value === undefined) throw systemError(`Failed to read sysctl "${key}"`);
    return value;
  }

  async deleteLink(ns: Netns, name: string): Promise<void> {
    const r = await this.d.batch(ns, [linkDel(validateLinkName(name))]);
    if (r.ok || !(await this.find(ns, name))) return;
    throw batchError(`Failed to delete link "${name}"`, r);
  }

  async setLinkUp(ns: Netns, name: string, up: boolean): Promise<void> {
    const r = await this.d.batch(ns, [linkSetUp(validateLinkName(name), up)]);
    if (r.ok) return;
    if (!(await this.find(ns, name))) throw linkNotFound(name, r.error);
    throw batchError(`Failed to set link "${name}" ${up ? "up" : "down"}`, r);
  }

  async addAddress(ns: Netns, link: string, cidr: string): Promise<void> {
    const a = normalizeCidr(cidr);
    const r = await this.d.batch(ns, [addrAdd(validateLinkName(link), a)]);
    if (r.ok) return;
    const l = await this.find(ns, link);
    if (!l) throw linkNotFound(link, r.error);
    if (l.addresses.includes(a)) throw addressExists(link, a, r.error);
    throw batchError(`Failed to add address "${a}" to "${link}"`, r);
  }

  async delAddress(ns: Netns, link: string, cidr: string): Promise<void> {
    const a = normalizeCidr(cidr);
    const r = await this.d.batch(ns, [addrDel(validateLinkName(link), a)]);
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

/** Batches through the session when it serves the namespace, else one `ip -batch -` spawn each. */
function batchRunner(run: Exec, session: IpBatchSession | undefined): IpBatchRunner {
  return (ns, cmds) => (session?.serves(ns) ? session.tryBatch(cmds) : tryIpBatch(run, ns, cmds));
}

export function createNetKernel(opts: NetKernelOptions = {}): NetKernel {
  const run = opts.exec ?? realExec;
  const choice = opts.ipSession ?? (opts.exec ? "none" : sharedIpBatchSession);
  const session = choice === "none" ? undefined : choice;
  return new IpNetKernel({
    run,
    batch: batchRunner(run, session),
    procSysRoot: opts.procSysRoot ?? PROC_SYS,
    procNetRoot: opts.procNetRoot ?? PROC_NET,
  });
}

/** The kernel adapter on the real iproute2 and /proc (what the daemon wires in). */
export const realNetKernel = (): NetKernel => createNetKernel();
