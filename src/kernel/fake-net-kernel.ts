/**
 * An in-memory NetKernel for unit tests of the layers above. It keeps the observable behaviour
 * of the real one (net-kernel-suite.ts runs against both): the same validation and errors,
 * duplicate creates fail, deletes are idempotent, a link set down loses its IPv6 addresses,
 * IPv6 cannot be added while disable_ipv6=1, routes exist only for links that are up.
 */
import { systemError } from "../lib/errors.js";
import { canonical, familyBits, formatPrefix, mustPrefix } from "../lib/ip.js";
import type { Netns } from "./exec.js";
import type { EnsureResult, NetKernel } from "./net-kernel.js";
import {
  addressExists, bridgeExists, ifaceSysctl, isIpv6Cidr, linkNotFound, normalizeCidr, notABridge, randomMac,
  validateBridgeSpec, validateLinkName, type BridgeSpec, type LinkInfo,
} from "./links.js";
import { missingSysctl, sysctlPath, validateSysctlValue } from "./sysctl.js";

interface FakeLink {
  name: string;
  index: number;
  kind: string;
  mtu: number;
  up: boolean;
  alias: string;
  master: string;
  mac: string;
  addresses: string[];
}

interface FakeNamespace {
  readonly links: Map<string, FakeLink>;
  readonly sysctls: Map<string, string>;
  nextIndex: number;
}

/** Sysctls a fresh namespace has (path form); per-link conf entries are copied from "default". */
const NAMESPACE_SYSCTLS: ReadonlyArray<readonly [string, string]> = [
  ["net/ipv4/ip_forward", "0"],
  ...["all", "default"].flatMap((c): Array<[string, string]> => [
    [`net/ipv4/conf/${c}/forwarding`, "0"],
    [`net/ipv4/conf/${c}/rp_filter`, "0"],
    [`net/ipv4/conf/${c}/route_localnet`, "0"],
    [`net/ipv6/conf/${c}/disable_ipv6`, "0"],
    [`net/ipv6/conf/${c}/accept_ra`, "1"],
    [`net/ipv6/conf/${c}/forwarding`, "0"],
  ]),
];

const nsKey = (ns: Netns): string => (ns.kind === "current" ? "current" : ns.path);

export class FakeNetKernel implements NetKernel {
  private readonly spaces = new Map<string, FakeNamespace>();
  private readonly failures = new Map<keyof NetKernel, Error>();

  /** Makes the next call of `method` fail with `error` (once), for rollback tests. */
  failNext(method: keyof NetKernel, error: Error = systemError(`injected failure in ${method}`)): void {
    this.failures.set(method, error);
  }

  async createBridge(ns: Netns, input: BridgeSpec): Promise<void> {
    this.injected("createBridge");
    const spec = validateBridgeSpec(input);
    const space = this.space(ns);
    if (space.links.has(spec.name)) throw bridgeExists(spec.name);
    const link: FakeLink = {
      name: spec.name, index: space.nextIndex++, kind: "bridge", mtu: spec.mtu ?? 1500, up: true,
      alias: spec.alias, master: "", mac: spec.mac ?? randomMac(), addresses: [...spec.addresses],
    };
    this.addLink(space, link);
    this.writeSysctl(space, ifaceSysctl("ipv6", link.name, "accept_ra"), "0");
    this.writeSysctl(space, ifaceSysctl("ipv6", link.name, "disable_ipv6"), spec.ipv6 ? "0" : "1");
  }

  async ensureBridge(ns: Netns, input: BridgeSpec): Promise<EnsureResult> {
    this.injected("ensureBridge");
    const spec = validateBridgeSpec(input);
    const space = this.space(ns);
    const link = space.links.get(spec.name);
    if (!link) {
      await this.createBridge(ns, spec);
      return "created";
    }
    if (link.kind !== "bridge") throw notABridge(snapshot(link));
    const before = JSON.stringify([link, this.linkSysctls(space, link.name)]);
    this.writeSysctl(space, ifaceSysctl("ipv6", link.name, "accept_ra"), "0");
    this.writeSysctl(space, ifaceSysctl("ipv6", link.name, "disable_ipv6"), spec.ipv6 ? "0" : "1");
    link.alias = spec.alias;
    if (spec.mtu !== undefined) link.mtu = spec.mtu;
    link.addresses = [
      ...link.addresses.filter((a) => spec.addresses.includes(a)),
      ...spec.addresses.filter((a) => !link.addresses.includes(a)),
    ];
    link.up = true;
    return JSON.stringify([link, this.linkSysctls(space, link.name)]) === before ? "ok" : "repaired";
  }

  async deleteLink(ns: Netns, name: string): Promise<void> {
    this.injected("deleteLink");
    validateLinkName(name);
    const space = this.space(ns);
    if (!space.links.delete(name)) return;
    for (const key of [...space.sysctls.keys()]) {
      if (this.isLinkKey(key, name)) space.sysctls.delete(key);
    }
    for (const l of space.links.values()) if (l.master === name) l.master = "";
  }

  async listLinks(ns: Netns): Promise<LinkInfo[]> {
    this.injected("listLinks");
    return [...this.space(ns).links.values()].sort((a, b) => a.index - b.index).map(snapshot);
  }

  async setLinkUp(ns: Netns, name: string, up: boolean): Promise<void> {
    this.injected("setLinkUp");
    const link = this.link(ns, validateLinkName(name));
    link.up = up;
    if (!up) link.addresses = link.addresses.filter((a) => !isIpv6Cidr(a)); // keep_addr_on_down=0
  }

  async addAddress(ns: Netns, name: string, cidr: string): Promise<void> {
    this.injected("addAddress");
    const a = normalizeCidr(cidr);
    const space = this.space(ns);
    const link = this.link(ns, validateLinkName(name));
    if (link.addresses.includes(a)) throw addressExists(name, a);
    if (isIpv6Cidr(a) && this.readSysctl(space, ifaceSysctl("ipv6", name, "disable_ipv6")) === "1") {
      throw systemError(`Failed to add address "${a}" to "${name}": IPv6 is disabled on this device`);
    }
    link.addresses.push(a);
  }

  async delAddress(ns: Netns, name: string, cidr: string): Promise<void> {
    this.injected("delAddress");
    const a = normalizeCidr(cidr);
    const link = this.space(ns).links.get(validateLinkName(name));
    if (link) link.addresses = link.addresses.filter((x) => x !== a);
  }

  async onLinkRoutes(ns: Netns): Promise<string[]> {
    this.injected("onLinkRoutes");
    const v4: string[] = [];
    const v6: string[] = [];
    for (const link of this.space(ns).links.values()) {
      if (!link.up) continue;
      for (const a of link.addresses) {
        const p = mustPrefix(a);
        if (p.bits < familyBits(p.family)) (p.family === 4 ? v4 : v6).push(formatPrefix(canonical(p)));
      }
    }
    return [...new Set([...v4, ...v6])];
  }

  async setSysctl(ns: Netns, key: string, value: string): Promise<void> {
    this.injected("setSysctl");
    const space = this.space(ns);
    validateSysctlValue(key, value);
    this.readSysctl(space, key); // NotFound for unknown keys, as /proc/sys
    this.writeSysctl(space, key, value);
  }

  async getSysctl(ns: Netns, key: string): Promise<string> {
    this.injected("getSysctl");
    return this.readSysctl(this.space(ns), key);
  }

  // ---- internals ---------------------------------------------------------------------------

  private injected(method: keyof NetKernel): void {
    const e = this.failures.get(method);
    if (!e) return;
    this.failures.delete(method);
    throw e;
  }

  private space(ns: Netns): FakeNamespace {
    let s = this.spaces.get(nsKey(ns));
    if (!s) {
      s = { links: new Map(), sysctls: new Map(NAMESPACE_SYSCTLS), nextIndex: 1 };
      this.spaces.set(nsKey(ns), s);
      const lo: FakeLink = { name: "lo", index: s.nextIndex++, kind: "", mtu: 65536, up: true, alias: "", master: "", mac: "00:00:00:00:00:00", addresses: [] };
      this.addLink(s, lo);
    }
    return s;
  }

  private link(ns: Netns, name: string): FakeLink {
    const link = this.space(ns).links.get(name);
    if (!link) throw linkNotFound(name);
    return link;
  }

  private addLink(space: FakeNamespace, link: FakeLink): void {
    space.links.set(link.name, link);
    for (const [key, value] of NAMESPACE_SYSCTLS) {
      const m = /^net\/(ipv4|ipv6)\/conf\/default\/(.+)$/.exec(key);
      if (m?.[1] && m[2]) space.sysctls.set(`net/${m[1]}/conf/${link.name}/${m[2]}`, space.sysctls.get(key) ?? value);
    }
  }

  private isLinkKey = (pathKey: string, name: string): boolean => /^net\/ipv[46]\/conf\/([^/]+)\//.exec(pathKey)?.[1] === name;

  private linkSysctls(space: FakeNamespace, name: string): string[] {
    return [...space.sysctls].filter(([k]) => this.isLinkKey(k, name)).map(([k, v]) => `${k}=${v}`);
  }

  private readSysctl(space: FakeNamespace, key: string): string {
    const value = space.sysctls.get(sysctlPath(key));
    if (value === undefined) throw missingSysctl(key);
    return value;
  }

  private writeSysctl(space: FakeNamespace, key: string, value: string): void {
    const path = sysctlPath(key);
    space.sysctls.set(path, value);
    const m = /^net\/ipv6\/conf\/([^/]+)\/disable_ipv6$/.exec(path);
    const link = m?.[1] === undefined ? undefined : space.links.get(m[1]);
    if (link && value === "1") link.addresses = link.addresses.filter((a) => !isIpv6Cidr(a));
  }
}

/** A copy in the kernel's order: IPv4 addresses as added, then IPv6 ones newest first. */
function snapshot(l: FakeLink): LinkInfo {
  const addresses = [...l.addresses.filter((a) => !isIpv6Cidr(a)), ...l.addresses.filter(isIpv6Cidr).reverse()];
  return { name: l.name, index: l.index, kind: l.kind, mtu: l.mtu, up: l.up, alias: l.alias, master: l.master, mac: l.mac, addresses };
}
