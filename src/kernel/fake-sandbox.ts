/**
 * An in-memory SandboxKernel for unit tests of the layers above. It keeps what the real one
 * shows (sandbox-suite.ts runs against both): the same validation and errors, creation that is
 * all-or-nothing, idempotent deletes, a veth pair that lives and dies as one, new interfaces
 * born with IPv6 off unless they get an IPv6 address, default routes that follow their device.
 */
import { systemError } from "../lib/errors.js";
import type { Netns } from "./exec.js";
import { isIpv6Cidr, type LinkInfo } from "./links.js";
import type { SandboxKernel } from "./sandbox.js";
import {
  NETNS_DIR, bridgeNotFound, gatewayOffLink, hostLinkExists, notABridge, onLink, sandboxExists, sandboxLinkExists,
  sandboxNotFound, validateAttachSpec, validateDefaultRoute, validateSandboxName, validateSysctls,
  type AttachSpec, type CreateSandboxOptions, type DefaultRoute, type DefaultRoutes, type SandboxInterface,
} from "./sandbox-spec.js";
import { missingSysctl, sysctlPath } from "./sysctl.js";
import { validateLinkName } from "./links.js";

interface FakeIface {
  readonly name: string;
  readonly index: number;
  readonly mac: string;
  readonly mtu: number;
  up: boolean;
  addresses: string[];
}

interface FakeSandbox {
  readonly ifaces: Map<string, FakeIface>;
  /** Path-form keys, as /proc/sys. */
  readonly sysctls: Map<string, string>;
  routes: { v4?: DefaultRoute; v6?: DefaultRoute };
  nextIndex: number;
}

interface FakeVeth {
  readonly name: string;
  readonly bridge: string;
  readonly mtu: number;
  readonly sandbox: string;
  readonly ifname: string;
}

/** Sysctls a fresh sandbox has (path form); per-interface keys are copied from "default". */
const SANDBOX_SYSCTLS: ReadonlyArray<readonly [string, string]> = [
  ["net/ipv4/ip_forward", "0"],
  ["net/ipv4/ip_unprivileged_port_start", "1024"],
  ...["all", "default", "lo"].flatMap((c): Array<[string, string]> => [
    [`net/ipv4/conf/${c}/forwarding`, "0"],
    [`net/ipv6/conf/${c}/disable_ipv6`, "0"],
    [`net/ipv6/conf/${c}/accept_ra`, "1"],
  ]),
];
const PER_IFACE = ["net/ipv4/conf/%/forwarding", "net/ipv6/conf/%/disable_ipv6", "net/ipv6/conf/%/accept_ra"];
const v6Key = (ifname: string): string => `net/ipv6/conf/${ifname}/disable_ipv6`;

export type FakeSandboxFailPoint = keyof SandboxKernel | "attach:inside";

export interface FakeSandboxOptions {
  /** The host namespace's links (e.g. a FakeNetKernel's listLinks) to find bridges; unset: every bridge exists. */
  readonly hostLinks?: (ns: Netns) => Promise<LinkInfo[]>;
}

const nsKey = (ns: Netns): string => (ns.kind === "current" ? "current" : ns.path);

export class FakeSandboxKernel implements SandboxKernel {
  private readonly sandboxes = new Map<string, FakeSandbox>();
  /** Host namespace key -> host ends by name. */
  private readonly veths = new Map<string, Map<string, FakeVeth>>();
  private readonly failures = new Map<FakeSandboxFailPoint, Error>();

  constructor(private readonly opts: FakeSandboxOptions = {}) {}

  /** Makes the next call of `point` fail once ("attach:inside": after the pair exists, which is then undone). */
  failNext(point: FakeSandboxFailPoint, error: Error = systemError(`injected failure in ${point}`)): void {
    this.failures.set(point, error);
  }

  /** The host ends in a namespace as links (kind veth, on their bridge, up). */
  hostVeths(host: Netns): LinkInfo[] {
    return [...(this.veths.get(nsKey(host))?.values() ?? [])].map((v, i) => ({
      name: v.name, index: 1000 + i, kind: "veth", mtu: v.mtu, up: true, alias: "", master: v.bridge, mac: "", addresses: [],
    }));
  }

  /** A sysctl inside a sandbox, as `sysctl -n` would print it. */
  sysctl(sandbox: string, key: string): string {
    const v = this.mustSandbox(sandbox).sysctls.get(sysctlPath(key));
    if (v === undefined) throw missingSysctl(key);
    return v;
  }

  async createSandbox(_host: Netns, name: string, opts: CreateSandboxOptions = {}): Promise<string> {
    this.injected("createSandbox");
    validateSandboxName(name);
    const entries = validateSysctls(opts.sysctls ?? []);
    if (this.sandboxes.has(name)) throw sandboxExists(name);
    const sb: FakeSandbox = { ifaces: new Map(), sysctls: new Map(SANDBOX_SYSCTLS), routes: {}, nextIndex: 1 };
    sb.ifaces.set("lo", { name: "lo", index: sb.nextIndex++, mac: "00:00:00:00:00:00", mtu: 65536, up: true, addresses: [] });
    writeSysctl(sb, "net.ipv6.conf.default.disable_ipv6", "1");
    for (const [k, v] of entries) writeSysctl(sb, k, v); // NotFound for unknown keys: then nothing is kept
    this.sandboxes.set(name, sb);
    return `${NETNS_DIR}/${name}`;
  }

  async deleteSandbox(name: string): Promise<void> {
    this.injected("deleteSandbox");
    validateSandboxName(name);
    if (!this.sandboxes.delete(name)) return;
    for (const host of this.veths.values()) {
      for (const [n, v] of host) if (v.sandbox === name) host.delete(n);
    }
  }

  async listSandboxes(prefix: string): Promise<string[]> {
    this.injected("listSandboxes");
    return [...this.sandboxes.keys()].filter((n) => n.startsWith(prefix)).sort();
  }

  async attach(host: Netns, input: AttachSpec): Promise<void> {
    this.injected("attach");
    const a = validateAttachSpec(input);
    const sb = this.mustSandbox(a.sandbox);
    const hostVeths = this.hostMap(host);
    const hostLinks = this.opts.hostLinks ? await this.opts.hostLinks(host) : undefined;
    if (hostVeths.has(a.hostVeth) || hostLinks?.some((l) => l.name === a.hostVeth)) throw hostLinkExists(a.hostVeth);
    if (hostVeths.has(a.bridge)) throw notABridge(a.bridge, "veth");
    const bridge = hostLinks?.find((l) => l.name === a.bridge);
    if (hostLinks && !bridge) throw bridgeNotFound(a.bridge);
    if (bridge && bridge.kind !== "bridge") throw notABridge(a.bridge, bridge.kind);
    if (sb.ifaces.has(a.ifname)) throw sandboxLinkExists(a.sandbox, a.ifname);
    this.injected("attach:inside"); // the real kernel deletes the host end again: nothing is left
    const mtu = a.mtu ?? 1500;
    hostVeths.set(a.hostVeth, { name: a.hostVeth, bridge: a.bridge, mtu, sandbox: a.sandbox, ifname: a.ifname });
    sb.ifaces.set(a.ifname, { name: a.ifname, index: sb.nextIndex++, mac: a.mac, mtu, up: true, addresses: [...a.addresses] });
    for (const key of PER_IFACE) {
      const v = sb.sysctls.get(key.replace("%", "default"));
      if (v !== undefined) sb.sysctls.set(key.replace("%", a.ifname), v);
    }
    if (a.addresses.some(isIpv6Cidr)) sb.sysctls.set(v6Key(a.ifname), "0");
    if (a.defaultGateway4 !== undefined) sb.routes.v4 = { via: a.defaultGateway4, dev: a.ifname };
    if (a.defaultGateway6 !== undefined) sb.routes.v6 = { via: a.defaultGateway6, dev: a.ifname };
  }

  async detach(host: Netns, sandbox: string, hostVeth: string, ifname: string): Promise<void> {
    this.injected("detach");
    validateSandboxName(sandbox);
    validateLinkName(ifname);
    const hostVeths = this.hostMap(host);
    const v = hostVeths.get(validateLinkName(hostVeth));
    if (!v) return;
    hostVeths.delete(hostVeth);
    const sb = this.sandboxes.get(v.sandbox);
    if (!sb) return;
    sb.ifaces.delete(v.ifname);
    for (const [k] of [...sb.sysctls]) if (k.split("/")[3] === v.ifname) sb.sysctls.delete(k);
    if (sb.routes.v4?.dev === v.ifname) delete sb.routes.v4;
    if (sb.routes.v6?.dev === v.ifname) delete sb.routes.v6;
  }

  async setDefaultRoute(sandbox: string, via4?: string, via6?: string): Promise<void> {
    this.injected("setDefaultRoute");
    validateSandboxName(sandbox);
    const v = validateDefaultRoute(via4, via6);
    const sb = this.mustSandbox(sandbox);
    // In the real batch's order: IPv4 first; a failing IPv6 gateway leaves the IPv4 change made.
    if (v.via4 === undefined) delete sb.routes.v4;
    else sb.routes.v4 = { via: v.via4, dev: this.deviceFor(sandbox, sb, v.via4) };
    if (v.via6 === undefined) delete sb.routes.v6;
    else sb.routes.v6 = { via: v.via6, dev: this.deviceFor(sandbox, sb, v.via6) };
  }

  async defaultRoutes(sandbox: string): Promise<DefaultRoutes> {
    this.injected("defaultRoutes");
    validateSandboxName(sandbox);
    const { routes } = this.mustSandbox(sandbox);
    return { ...(routes.v4 ? { v4: { ...routes.v4 } } : {}), ...(routes.v6 ? { v6: { ...routes.v6 } } : {}) };
  }

  async listInterfaces(sandbox: string): Promise<SandboxInterface[]> {
    this.injected("listInterfaces");
    validateSandboxName(sandbox);
    return [...this.mustSandbox(sandbox).ifaces.values()].sort((a, b) => a.index - b.index).map((i) => ({
      name: i.name, mac: i.mac, up: i.up, mtu: i.mtu,
      addresses: [...i.addresses.filter((x) => !isIpv6Cidr(x)), ...i.addresses.filter(isIpv6Cidr).reverse()],
    }));
  }

  // ---- internals ---------------------------------------------------------------------------

  private injected(point: FakeSandboxFailPoint): void {
    const e = this.failures.get(point);
    if (!e) return;
    this.failures.delete(point);
    throw e;
  }

  private mustSandbox(name: string): FakeSandbox {
    const sb = this.sandboxes.get(validateSandboxName(name));
    if (!sb) throw sandboxNotFound(name);
    return sb;
  }

  private hostMap(host: Netns): Map<string, FakeVeth> {
    let m = this.veths.get(nsKey(host));
    if (!m) this.veths.set(nsKey(host), (m = new Map()));
    return m;
  }

  /** The first interface (that is up) whose subnet holds the gateway, as the kernel's route lookup. */
  private deviceFor(sandbox: string, sb: FakeSandbox, via: string): string {
    const dev = [...sb.ifaces.values()].sort((a, b) => a.index - b.index).find((i) => i.up && onLink(via, i.addresses));
    if (!dev) throw gatewayOffLink(sandbox, via);
    return dev.name;
  }
}

/** /proc/sys semantics for the keys the fake knows: unknown ones are NotFound; "all" spreads disable_ipv6. */
function writeSysctl(sb: FakeSandbox, key: string, value: string): void {
  const path = sysctlPath(key);
  if (!sb.sysctls.has(path)) throw missingSysctl(key);
  sb.sysctls.set(path, value);
  if (path === "net/ipv6/conf/all/disable_ipv6") {
    for (const k of sb.sysctls.keys()) if (/^net\/ipv6\/conf\/[^/]+\/disable_ipv6$/.test(k)) sb.sysctls.set(k, value);
  }
  for (const iface of sb.ifaces.values()) {
    if (sb.sysctls.get(v6Key(iface.name)) === "1") iface.addresses = iface.addresses.filter((a) => !isIpv6Cidr(a));
  }
}
