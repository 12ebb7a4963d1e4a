/**
 * Sandbox namespaces without spawning: the adapter to the native addon's createNetns,
 * deleteNetns and configureNetns (native/netns/sandbox.c), and the ops that stand in for the
 * `ip -batch -` lines run inside a sandbox. Each call is synchronous and switches the calling
 * thread into the namespace and back, so no JavaScript ever runs in the wrong namespace.
 *
 * The ops do what iproute2 does for the same lines (the addon sends it the same rtnetlink
 * requests): "addr" is `ip address add A/P dev IF` (no broadcast; IPv6 with `nodad`), "route"
 * `ip route replace default via G [dev IF]`, "noroute" removes the family's default routes.
 */
import { ifaceSysctl, isIpv6Cidr } from "./links.js";
import { nativeAddon } from "./netns-socket.js";
import { sysctlPath } from "./sysctl.js";

export type NetnsOp =
  | { readonly op: "up"; readonly ifname: string }
  | { readonly op: "addr"; readonly ifname: string; readonly family: 4 | 6; readonly address: string; readonly prefix: number }
  | { readonly op: "route"; readonly family: 4 | 6; readonly via: string; readonly ifname?: string }
  | { readonly op: "noroute"; readonly family: 4 | 6 }
  /** key in either sysctl spelling (dotted or path). */
  | { readonly op: "sysctl"; readonly key: string; readonly value: string };

export interface NetnsOps {
  /** A new namespace bind-mounted on `path` (an existing empty file), lo up, then the sysctls; nothing is left mounted on failure. */
  createNetns(path: string, sysctls: ReadonlyArray<readonly [string, string]>): void;
  /** Unmounts and removes `path`; already gone is not an error. */
  deleteNetns(path: string): void;
  /** Runs the ops in order inside the namespace at `path`, stopping at the first failure. */
  configureNetns(path: string, ops: readonly NetnsOp[]): void;
}

/** What the addon throws: code is the errno name, index the failed op (or sysctl), -1 for none. */
export interface NetnsOpFailure extends Error {
  readonly code: string;
  readonly step: string;
  readonly index: number;
}

export function netnsOpFailure(e: unknown): NetnsOpFailure | undefined {
  if (!(e instanceof Error)) return undefined;
  const f = e as Partial<NetnsOpFailure>;
  return typeof f.code === "string" && typeof f.step === "string" && typeof f.index === "number" ? (e as NetnsOpFailure) : undefined;
}

interface SandboxAddon {
  createNetns(path: string, sysctls: Array<[string, string]>): void;
  deleteNetns(path: string): void;
  configureNetns(path: string, ops: NetnsOp[]): void;
}

function isSandboxAddon(x: unknown): x is SandboxAddon {
  if (typeof x !== "object" || x === null) return false;
  const a = x as Partial<Record<keyof SandboxAddon, unknown>>;
  return typeof a.createNetns === "function" && typeof a.deleteNetns === "function" && typeof a.configureNetns === "function";
}

/** Sysctl keys go to the addon as paths below /proc/sys. */
const toAddonOp = (o: NetnsOp): NetnsOp => (o.op === "sysctl" ? { ...o, key: sysctlPath(o.key) } : o);

function wrap(addon: SandboxAddon): NetnsOps {
  return {
    createNetns: (path, sysctls) => addon.createNetns(path, sysctls.map(([k, v]): [string, string] => [sysctlPath(k), v])),
    deleteNetns: (path) => addon.deleteNetns(path),
    configureNetns: (path, ops) => addon.configureNetns(path, ops.map(toAddonOp)),
  };
}

/** The addon's namespace functions, or undefined when it is not built (callers fall back to spawning `ip`). */
export function nativeNetnsOps(): NetnsOps | undefined {
  const m = nativeAddon();
  return isSandboxAddon(m) ? wrap(m) : undefined;
}

// ---- ops ---------------------------------------------------------------------------------

function addrOp(ifname: string, cidr: string): NetnsOp {
  const slash = cidr.lastIndexOf("/");
  return { op: "addr", ifname, family: isIpv6Cidr(cidr) ? 6 : 4, address: cidr.slice(0, slash), prefix: Number(cidr.slice(slash + 1)) };
}

const routeOp = (family: 4 | 6, via: string, ifname?: string): NetnsOp =>
  ifname === undefined ? { op: "route", family, via } : { op: "route", family, via, ifname };

export interface InsideSpec {
  readonly ifname: string;
  /** Normalized CIDRs. */
  readonly addresses: readonly string[];
  readonly defaultGateway4?: string;
  readonly defaultGateway6?: string;
}

/** attach's part inside the sandbox: IPv6 on for the interface if it gets an IPv6 address, up, addresses, default routes. */
export function attachOps(s: InsideSpec): NetnsOp[] {
  const v6 = s.addresses.some(isIpv6Cidr);
  return [
    ...(v6 ? [{ op: "sysctl", key: ifaceSysctl("ipv6", s.ifname, "disable_ipv6"), value: "0" } as const] : []),
    { op: "up", ifname: s.ifname },
    ...s.addresses.map((a) => addrOp(s.ifname, a)),
    ...(s.defaultGateway4 === undefined ? [] : [routeOp(4, s.defaultGateway4, s.ifname)]),
    ...(s.defaultGateway6 === undefined ? [] : [routeOp(6, s.defaultGateway6, s.ifname)]),
  ];
}

/** setDefaultRoute: each family's default via its gateway, or none (IPv6 only touched on an IPv6 kernel). */
export function defaultRouteOps(via4: string | undefined, via6: string | undefined, ipv6: boolean): NetnsOp[] {
  return [
    via4 === undefined ? { op: "noroute", family: 4 } : routeOp(4, via4),
    ...(via6 !== undefined ? [routeOp(6, via6)] : ipv6 ? [{ op: "noroute", family: 6 } as const] : []),
  ];
}

/** The op as the `ip` command it stands for (error messages). */
export function describeOp(o: NetnsOp): string {
  switch (o.op) {
    case "up": return `ip link set dev ${o.ifname} up`;
    case "addr": return `ip address add ${o.address}/${o.prefix} dev ${o.ifname}${o.family === 6 ? " nodad" : ""}`;
    case "route": return `ip route replace default via ${o.via}${o.ifname === undefined ? "" : ` dev ${o.ifname}`}`;
    case "noroute": return `ip -${o.family} route del default`;
    case "sysctl": return `sysctl -w ${o.key}=${o.value}`;
  }
}

/** "at "<the op as ip>": <errno text>" for a failure of configureNetns(ops), else the error's message. */
export function explainOpFailure(ops: readonly NetnsOp[], e: unknown): string {
  const f = netnsOpFailure(e);
  const op = f ? ops[f.index] : undefined;
  const text = e instanceof Error ? e.message : String(e);
  return op ? `at "${describeOp(op)}": ${text.replace(/^.*#\d+: /, "")}` : text;
}
