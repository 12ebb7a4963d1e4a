/**
 * SandboxKernel: a container's network namespace (its "sandbox", a named netns under
 * /run/netns) and the veth pairs that join it to bridges. The daemon's own namespace is always
 * an argument (`host`), never assumed. createSandboxKernel() is the real implementation;
 * FakeSandboxKernel (fake-sandbox.ts) is the in-memory one; both pass sandbox-suite.ts.
 *
 * Spawns per operation (each `ip -batch -` can instead go through an injected batch runner,
 * such as the daemon's persistent ip session for its own namespace):
 *   createSandbox   2: `unshare --net=/run/netns/NAME -- ip -batch -` (creates the namespace,
 *                      mounts it and sets lo up), then one `sysctl` inside.
 *   attach          2: one host `ip -batch -` line creates the pair, host end up on the bridge,
 *                      the peer born inside as ifname with MAC and MTU; one `ip -batch -`
 *                      inside for up, addresses and default routes. 3 with IPv6 (a sysctl).
 *   detach 1, setDefaultRoute 1, listInterfaces 1, defaultRoutes 2, deleteSandbox 1 (0 if
 *   absent), listSandboxes 0 (a directory read).
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
import { PROC_SYS, setSysctls, type SysctlDeps } from "./sysctl.js";
import { clearDefaultLines, defaultRouteLine, insideLines, vethAddLine } from "./veth.js";

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
      // unshare bind-mounts the new namespace on the file (as `ip netns add` does), then runs ip inside it.
      await this.run(["unshare", `--net=${path}`, "--", "ip", "-batch", "-"], { netns: host, stdin: renderIpBatch([linkSetUp("lo", true)]) });
      await setSysctls(this.sysctl, netnsAt(path), sysctls);
    } catch (e) {
      await this.deleteSandbox(name).catch(() => undefined);
      if (isBerthError(e)) throw e;
      throw systemError(`Failed to create sandbox "${name}": ${e instanceof ExecError ? e.stderr.trim() || e.message : messageOf(e)}`, e);
    }
    return path;
  }

  async deleteSandbox(name: string): Promise<void> {
    validateSandboxName(name);
    if (!(await this.exists(name))) return;
    try {
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
      if (a.addresses.some(isIpv6Cidr)) await setSysctls(this.sysctl, inside, [[ifaceSysctl("ipv6", a.ifname, "disable_ipv6"), "0"]]);
      const r = await this.batch(inside, insideLines(a));
      if (!r.ok) throw batchError(`Failed to configure "${a.ifname}" in sandbox "${a.sandbox}"`, r);
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
    const lines: IpCommand[] = [
      ...(v.via4 === undefined ? clearDefaultLines(4) : [defaultRouteLine(v.via4)]),
      ...(v.via6 === undefined ? (this.ipv6 ? clearDefaultLines(6) : []) : [defaultRouteLine(v.via6)]),
    ];
    const r = await this.batch(netnsAt(this.path(sandbox)), lines);
    if (r.ok) return;
    const via = r.command?.[2] === "default" ? r.command[4] : undefined;
    if (via !== undefined) {
      const addresses = (await this.listInterfaces(sandbox)).filter((i) => i.up).flatMap((i) => i.addresses);
      if (!onLink(via, addresses)) throw gatewayOffLink(sandbox, via, r.error);
    }
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
  return new IpSandboxKernel(run, batch, opts.netnsDir ?? NETNS_DIR, opts.ipv6 ?? existsSync(`${PROC_SYS}/net/ipv6`));
}

/** The real sandbox kernel (what the daemon wires in). */
export const realSandboxKernel = (): SandboxKernel => createSandboxKernel();
