/**
 * SandboxKernel: a container's network namespace (its "sandbox", a named netns under
 * /run/netns) and the veth pairs that join it to bridges. The daemon's own namespace is always
 * an argument (`host`), never assumed. createSandboxKernel() is the real implementation;
 * FakeSandboxKernel (fake-sandbox.ts) is the in-memory one; both pass sandbox-suite.ts.
 *
 * Work inside a sandbox goes through the native addon when it is built (netns-ops.ts: the
 * calling thread enters the namespace for one synchronous call; no process is spawned), else
 * through spawned `unshare`, `ip -batch -` and `sysctl`. The host-side veth line is an ip batch
 * either way (an injected batch runner, such as the daemon's persistent ip session, runs it
 * without a spawn). Spawns per operation, with the addon / without:
 *   createSandbox   0 / 2: unshare(CLONE_NEWNET) + a bind mount on /run/netns/NAME, lo up and
 *                          the sysctls (without: `unshare --net=PATH -- ip -batch -`, `sysctl`).
 *   attach          1 / 2: one host `ip -batch -` line creates the pair, host end up on the
 *                          bridge, the peer born inside as ifname with MAC and MTU; inside: up,
 *                          addresses and default routes (without: one `ip -batch -` inside,
 *                          and a `sysctl` first with IPv6: 3).
 *   setDefaultRoute 0 / 1, deleteSandbox 0 / 1 (0 if absent), detach 1 (the host batch),
 *   listInterfaces 1, defaultRoutes 2, listSandboxes 0 (a directory read).
 *
 * IPv6 per interface follows Docker ≥ 26: on if and only if the interface has an IPv6 address.
 * createSandbox makes IPv6 off the namespace's default for new interfaces, so an IPv4-only
 * interface is born with IPv6 disabled (no link-local, no multicast groups, no RA) and needs no
 * sysctl; an interface with IPv6 addresses gets net.ipv6.conf.<if>.disable_ipv6=0 first.
 */
import { existsSync } from "node:fs";
import { mkdir, readdir, stat, writeFile } from "node:fs/promises";
import { isBerthError, messageOf, systemError } from "../lib/errors.js";
import { ExecError, exec as realExec, netnsAt, type Exec, type Netns } from "./exec.js";
import { batchError, ipJson, jsonArray, jsonString, renderIpBatch, tryIpBatch, type IpBatchResult, type IpCommand } from "./ip-batch.js";
import { ifaceSysctl, isIpv6Cidr, linkDel, linkSetUp, readLinks, validateLinkName, type LinkInfo } from "./links.js";
import {
  NETNS_DIR, bridgeNotFound, gatewayOffLink, hostLinkExists, notABridge, onLink, sandboxExists, sandboxLinkExists,
  sandboxNotFound, validateAttachSpec, validateDefaultRoute, validateSandboxName, validateSysctls,
  type AttachSpec, type CreateSandboxOptions, type DefaultRoute, type DefaultRoutes, type SandboxInterface,
} from "./sandbox-spec.js";
import { PROC_SYS, missingSysctl, setSysctls, type SysctlDeps } from "./sysctl.js";
import { clearDefaultLines, defaultRouteLine, insideLines, vethAddLine } from "./veth.js";
import { attachOps, defaultRouteOps, explainOpFailure, nativeNetnsOps, netnsOpFailure, type NetnsOps } from "./netns-ops.js";

export * from "./sandbox-spec.js";
export { dockerStyleMac, generateVethName, legacyDockerMac, type MacStyle } from "./veth.js";

export interface SandboxKernel {
  /** Creates the sandbox (lo up, IPv6 off for new interfaces, then opts.sysctls); returns /run/netns/NAME. Conflict if taken. */
  createSandbox(host: Netns, name: string, opts?: CreateSandboxOptions): Promise<string>;
  /** Idempotent. Interfaces still inside go with it (and their host ends, as the kernel tears the namespace down). */
  deleteSandbox(name: string): Promise<void>;
  /** Names under /run/netns starting with the prefix, sorted (for the reconciler's orphan sweep). */
  listSandboxes(prefix: string): Promise<string[]>;
  /** Joins the sandbox to a bridge by a veth pair; on failure nothing is left. */
  attach(host: Netns, a: AttachSpec): Promise<void>;
  /** Idempotent: deleting the host end removes the pair (and routes through it). */
  detach(host: Netns, sandbox: string, hostVeth: string, ifname: string): Promise<void>;
  /** Default routes via these gateways; a family left out loses its default route. */
  setDefaultRoute(sandbox: string, via4?: string, via6?: string): Promise<void>;
  defaultRoutes(sandbox: string): Promise<DefaultRoutes>;
  /** Every interface inside, lo included, in creation order. */
  listInterfaces(sandbox: string): Promise<SandboxInterface[]>;
}

export type SandboxBatchRunner = (ns: Netns, cmds: readonly IpCommand[]) => Promise<IpBatchResult>;

export interface SandboxKernelOptions {
  /** The spawn gateway (tests pass a counting or failing one). */
  readonly exec?: Exec;
  /** Runs ip batches; default one `ip -batch -` spawn each through `exec`. */
  readonly batch?: SandboxBatchRunner;
  /** Where named namespaces live. iproute2 only knows /run/netns: change it only in unit tests with a scripted exec. */
  readonly netnsDir?: string;
  /** Whether the kernel has IPv6 (default: /proc/sys/net/ipv6 exists). */
  readonly ipv6?: boolean;
  /**
   * Namespace work without spawns. Default: the native addon if it loads and netnsDir is the
   * default; null: always spawn (the fallback path).
   */
  readonly netnsOps?: NetnsOps | null;
}

const DEFAULT_V6_OFF: readonly [string, string] = ["net.ipv6.conf.default.disable_ipv6", "1"];
const isErrno = (e: unknown, code: string): boolean => e instanceof Error && (e as NodeJS.ErrnoException).code === code;

class IpSandboxKernel implements SandboxKernel {
  private readonly sysctl: SysctlDeps;

  constructor(
    private readonly run: Exec,
    private readonly batch: SandboxBatchRunner,
    private readonly dir: string,
    private readonly ipv6: boolean,
    private readonly native: NetnsOps | undefined,
  ) {
    this.sysctl = { run, procSysRoot: PROC_SYS };
  }

  async createSandbox(host: Netns, name: string, opts: CreateSandboxOptions = {}): Promise<string> {
    validateSandboxName(name);
    const sysctls = [...(this.ipv6 ? [DEFAULT_V6_OFF] : []), ...validateSysctls(opts.sysctls ?? [])];
    const path = this.path(name);
    await mkdir(this.dir, { recursive: true });
    try {
      await writeFile(path, "", { flag: "wx", mode: 0o444 }); // claims the name atomically
    } catch (e) {
      throw isErrno(e, "EEXIST") ? sandboxExists(name, e) : systemError(`Failed to create sandbox "${name}": ${messageOf(e)}`, e);
    }
    try {
      if (this.native) this.native.createNetns(path, sysctls);
      else {
        // unshare bind-mounts the new namespace on the file (as `ip netns add` does), then runs ip inside it.
        await this.run(["unshare", `--net=${path}`, "--", "ip", "-batch", "-"], { netns: host, stdin: renderIpBatch([linkSetUp("lo", true)]) });
        await setSysctls(this.sysctl, netnsAt(path), sysctls);
      }
    } catch (e) {
      await this.deleteSandbox(name).catch(() => undefined);
      if (isBerthError(e)) throw e;
      const f = netnsOpFailure(e);
      const key = f?.step === "sysctl" && f.code === "ENOENT" ? sysctls[f.index]?.[0] : undefined;
      if (key !== undefined) throw missingSysctl(key, e);
      throw systemError(`Failed to create sandbox "${name}": ${e instanceof ExecError ? e.stderr.trim() || e.message : messageOf(e)}`, e);
    }
    return path;
  }

  async deleteSandbox(name: string): Promise<void> {
    validateSandboxName(name);
    if (!(await this.exists(name))) return;
    try {
      if (this.native) return this.native.deleteNetns(this.path(name));
      await this.run(["ip", "netns", "delete", name]);
    } catch (e) {
      if (!(await this.exists(name))) return;
      throw systemError(`Failed to delete sandbox "${name}": ${messageOf(e)}`, e);
    }
  }

  async listSandboxes(prefix: string): Promise<string[]> {
    try {
      return (await readdir(this.dir)).filter((n) => n.startsWith(prefix)).sort();
    } catch (e) {
      if (isErrno(e, "ENOENT")) return [];
      throw systemError(`Failed to list sandboxes: ${messageOf(e)}`, e);
    }
  }

  async attach(host: Netns, input: AttachSpec): Promise<void> {
    const a = validateAttachSpec(input);
    await this.mustExist(a.sandbox);
    const inside = netnsAt(this.path(a.sandbox));
    const created = await this.batch(host, [vethAddLine({ ...a, sandboxPath: this.path(a.sandbox) })]);
    if (!created.ok) throw await this.explainVethFailure(host, a, created);
    try {
      if (this.native) this.configureNative(a);
      else {
        if (a.addresses.some(isIpv6Cidr)) await setSysctls(this.sysctl, inside, [[ifaceSysctl("ipv6", a.ifname, "disable_ipv6"), "0"]]);
        const r = await this.batch(inside, insideLines(a));
        if (!r.ok) throw batchError(`Failed to configure "${a.ifname}" in sandbox "${a.sandbox}"`, r);
      }
    } catch (e) {
      await this.batch(host, [linkDel(a.hostVeth)]).catch(() => undefined); // the peer goes with it
      throw e;
    }
  }

  async detach(host: Netns, sandbox: string, hostVeth: string, ifname: string): Promise<void> {
    validateSandboxName(sandbox);
    validateLinkName(ifname);
    const r = await this.batch(host, [linkDel(validateLinkName(hostVeth))]);
    if (r.ok || !(await this.hostLink(host, hostVeth))) return;
    throw batchError(`Failed to detach "${ifname}" of sandbox "${sandbox}" (veth "${hostVeth}")`, r);
  }

  async setDefaultRoute(sandbox: string, via4?: string, via6?: string): Promise<void> {
    validateSandboxName(sandbox);
    const v = validateDefaultRoute(via4, via6);
    await this.mustExist(sandbox);
    if (this.native) return this.setDefaultRouteNative(sandbox, v.via4, v.via6);
    const lines: IpCommand[] = [
      ...(v.via4 === undefined ? clearDefaultLines(4) : [defaultRouteLine(v.via4)]),
      ...(v.via6 === undefined ? (this.ipv6 ? clearDefaultLines(6) : []) : [defaultRouteLine(v.via6)]),
    ];
    const r = await this.batch(netnsAt(this.path(sandbox)), lines);
    if (r.ok) return;
    await this.throwIfOffLink(sandbox, r.command?.[2] === "default" ? r.command[4] : undefined, r.error);
    throw batchError(`Failed to set the default route of sandbox "${sandbox}"`, r);
  }

  async defaultRoutes(sandbox: string): Promise<DefaultRoutes> {
    validateSandboxName(sandbox);
    await this.mustExist(sandbox);
    const ns = netnsAt(this.path(sandbox));
    const [v4, v6] = await Promise.all([
      ipJson(this.run, ns, ["route", "show", "default"]),
      this.ipv6 ? ipJson(this.run, ns, ["-6", "route", "show", "default"]) : Promise.resolve([]),
    ]);
    const r4 = firstGatewayRoute(v4);
    const r6 = firstGatewayRoute(v6);
    return { ...(r4 ? { v4: r4 } : {}), ...(r6 ? { v6: r6 } : {}) };
  }

  async listInterfaces(sandbox: string): Promise<SandboxInterface[]> {
    validateSandboxName(sandbox);
    await this.mustExist(sandbox);
    const links = await readLinks(this.run, netnsAt(this.path(sandbox)));
    return links.map((l) => ({ name: l.name, mac: l.mac, addresses: l.addresses, up: l.up, mtu: l.mtu }));
  }

  // ---- internals ---------------------------------------------------------------------------

  private path = (name: string): string => `${this.dir}/${name}`;

  /** attach's part inside the sandbox, through the addon. */
  private configureNative(a: AttachSpec): void {
    const ops = attachOps(a);
    try {
      this.native?.configureNetns(this.path(a.sandbox), ops);
    } catch (e) {
      throw systemError(`Failed to configure "${a.ifname}" in sandbox "${a.sandbox}": ${explainOpFailure(ops, e)}`, e);
    }
  }

  private async setDefaultRouteNative(sandbox: string, via4?: string, via6?: string): Promise<void> {
    const ops = defaultRouteOps(via4, via6, this.ipv6);
    try {
      this.native?.configureNetns(this.path(sandbox), ops);
    } catch (e) {
      const op = ops[netnsOpFailure(e)?.index ?? -1];
      await this.throwIfOffLink(sandbox, op?.op === "route" ? op.via : undefined, e);
      throw systemError(`Failed to set the default route of sandbox "${sandbox}": ${explainOpFailure(ops, e)}`, e);
    }
  }

  /** After a failed route to `via`: InvalidParameter if no interface that is up has it on-link. */
  private async throwIfOffLink(sandbox: string, via: string | undefined, cause: unknown): Promise<void> {
    if (via === undefined) return;
    const addresses = (await this.listInterfaces(sandbox)).filter((i) => i.up).flatMap((i) => i.addresses);
    if (!onLink(via, addresses)) throw gatewayOffLink(sandbox, via, cause);
  }

  private async exists(name: string): Promise<boolean> {
    try {
      await stat(this.path(name));
      return true;
    } catch (e) {
      if (isErrno(e, "ENOENT")) return false;
      throw systemError(`Failed to look up sandbox "${name}": ${messageOf(e)}`, e);
    }
  }

  private async mustExist(name: string): Promise<void> {
    if (!(await this.exists(name))) throw sandboxNotFound(name);
  }

  private async hostLink(host: Netns, name: string): Promise<LinkInfo | undefined> {
    return (await readLinks(this.run, host)).find((l) => l.name === name);
  }

  /** Why the veth line failed, from the state it left (the kernel made nothing): reads on the failure path only. */
  private async explainVethFailure(host: Netns, a: AttachSpec, r: Extract<IpBatchResult, { ok: false }>): Promise<Error> {
    const quiet = (p: Promise<LinkInfo[]>): Promise<LinkInfo[]> => p.catch(() => []);
    const [hostLinks, inside] = await Promise.all([
      quiet(readLinks(this.run, host)),
      quiet(readLinks(this.run, netnsAt(this.path(a.sandbox)))),
    ]);
    if (hostLinks.some((l) => l.name === a.hostVeth)) return hostLinkExists(a.hostVeth, r.error);
    const bridge = hostLinks.find((l) => l.name === a.bridge);
    if (!bridge) return bridgeNotFound(a.bridge, r.error);
    if (bridge.kind !== "bridge") return notABridge(a.bridge, bridge.kind, r.error);
    if (!(await this.exists(a.sandbox))) return sandboxNotFound(a.sandbox, r.error);
    if (inside.some((l) => l.name === a.ifname)) return sandboxLinkExists(a.sandbox, a.ifname, r.error);
    return batchError(`Failed to create veth "${a.hostVeth}" for sandbox "${a.sandbox}"`, r);
  }
}

function firstGatewayRoute(json: unknown): DefaultRoute | undefined {
  for (const r of jsonArray(json, "route show")) {
    const via = jsonString(r, "gateway");
    const dev = jsonString(r, "dev");
    if (via !== undefined && dev !== undefined) return { via, dev };
  }
  return undefined;
}

export function createSandboxKernel(opts: SandboxKernelOptions = {}): SandboxKernel {
  const run = opts.exec ?? realExec;
  const batch = opts.batch ?? ((ns: Netns, cmds: readonly IpCommand[]) => tryIpBatch(run, ns, cmds));
  const dir = opts.netnsDir ?? NETNS_DIR;
  const native = opts.netnsOps === undefined ? (dir === NETNS_DIR ? nativeNetnsOps() : undefined) : (opts.netnsOps ?? undefined);
  return new IpSandboxKernel(run, batch, dir, opts.ipv6 ?? existsSync(`${PROC_SYS}/net/ipv6`), native);
}

/** The real sandbox kernel (what the daemon wires in). */
export const realSandboxKernel = (): SandboxKernel => createSandboxKernel();
