/**
 * What the real SandboxKernel and its fake share: the types, the names of sandboxes, input
 * validation (done before anything touches the kernel) and the errors both report.
 */
import { conflict, invalidParameter, notFound } from "../lib/errors.js";
import { containsAddr, formatAddr, mustPrefix, parseAddr, type Family } from "../lib/ip.js";
import { isIpv6Cidr, normalizeCidr, validateLinkName, validateMtu } from "./links.js";
import { validateNetnsName } from "./netns.js";
import { sysctlPath, validateSysctlValue } from "./sysctl.js";
import { validateUnicastMac } from "./veth.js";

/** iproute2's fixed directory of named namespaces. */
export const NETNS_DIR = "/run/netns";
export const SANDBOX_PREFIX = "berth-";

export interface AttachSpec {
  /** The sandbox's name (a file in /run/netns). */
  readonly sandbox: string;
  /** The bridge in the host namespace the host end joins. */
  readonly bridge: string;
  /** Host end, Docker style `vethXXXXXXX` (see generateVethName). */
  readonly hostVeth: string;
  /** The container end's name inside the sandbox: eth0, eth1, ... */
  readonly ifname: string;
  readonly mac: string;
  /** Both ends; unset leaves the kernel's 1500. */
  readonly mtu?: number;
  /** CIDRs with the host part, e.g. "172.18.0.2/16", "fd00::2/64". */
  readonly addresses: readonly string[];
  /** Set only for the endpoint that carries the default route: it replaces the current one. */
  readonly defaultGateway4?: string;
  readonly defaultGateway6?: string;
}

export interface SandboxInterface {
  readonly name: string;
  readonly mac: string;
  /** Global-scope addresses as CIDR: IPv4 in the order added, then IPv6 newest first. */
  readonly addresses: readonly string[];
  readonly up: boolean;
  readonly mtu: number;
}

export interface DefaultRoute {
  readonly via: string;
  readonly dev: string;
}

export interface DefaultRoutes {
  readonly v4?: DefaultRoute;
  readonly v6?: DefaultRoute;
}

export interface CreateSandboxOptions {
  /** Sysctls to set inside right after creation (dotted or path form), in the same spawn. */
  readonly sysctls?: ReadonlyArray<readonly [string, string]>;
}

// ---- names -------------------------------------------------------------------------------

/** `berth-<owner8>-<first 12 of the container id>`; owner8 tells daemons (and test runs) apart. */
export function sandboxName(owner8: string, containerId: string): string {
  if (!/^[0-9a-z]{8}$/.test(owner8)) throw invalidParameter(`Invalid sandbox owner "${owner8}": expected 8 lower-case letters or digits`);
  if (!/^[0-9a-f]{12,64}$/.test(containerId)) throw invalidParameter(`Invalid container ID "${containerId}": expected 12 to 64 hex characters`);
  return `${sandboxPrefix(owner8)}${containerId.slice(0, 12)}`;
}

export const sandboxPrefix = (owner8: string): string => `${SANDBOX_PREFIX}${owner8}-`;

export function validateSandboxName(name: string): string {
  try {
    return validateNetnsName(name);
  } catch {
    throw invalidParameter(`Invalid sandbox name "${name}": use up to 64 letters, digits, "_", "." or "-"`);
  }
}

// ---- errors ------------------------------------------------------------------------------

export const sandboxNotFound = (name: string, cause?: unknown): Error => notFound(`Sandbox "${name}" not found`, cause);
export const sandboxExists = (name: string, cause?: unknown): Error => conflict(`Sandbox "${name}" already exists`, cause);
export const bridgeNotFound = (bridge: string, cause?: unknown): Error =>
  notFound(`Failed to attach to bridge "${bridge}": no such link in the host namespace`, cause);
export const notABridge = (bridge: string, kind: string, cause?: unknown): Error =>
  conflict(`Failed to attach to bridge "${bridge}": the link is ${kind ? `a ${kind}, not` : "not"} a bridge`, cause);
export const hostLinkExists = (name: string, cause?: unknown): Error =>
  conflict(`Failed to create veth "${name}": a link with that name already exists in the host namespace`, cause);
export const sandboxLinkExists = (sandbox: string, ifname: string, cause?: unknown): Error =>
  conflict(`Failed to create interface "${ifname}" in sandbox "${sandbox}": it already exists`, cause);
export const gatewayOffLink = (sandbox: string, via: string, cause?: unknown): Error =>
  invalidParameter(`Failed to set the default route of sandbox "${sandbox}": gateway "${via}" is not in the subnet of any of its interfaces`, cause);

// ---- validation --------------------------------------------------------------------------

/** A plain address of the family, in canonical text; InvalidParameter otherwise. */
export function validateGateway(text: string, family: Family): string {
  const a = parseAddr(text);
  if (!a || a.family !== family) throw invalidParameter(`Invalid IPv${family} gateway "${text}"`);
  return formatAddr(a);
}

/** Whether `via` lies in the subnet of one of the CIDRs (and is not one of those addresses). */
export function onLink(via: string, cidrs: readonly string[]): boolean {
  const a = parseAddr(via);
  if (!a) return false;
  return cidrs.some((c) => {
    const p = mustPrefix(c);
    return p.family === a.family && p.addr !== a.value && containsAddr(p, a);
  });
}

function checkGateway(spec: AttachSpec, addresses: readonly string[], family: Family): string | undefined {
  const raw = family === 4 ? spec.defaultGateway4 : spec.defaultGateway6;
  if (raw === undefined) return undefined;
  const via = validateGateway(raw, family);
  if (!onLink(via, addresses)) {
    throw invalidParameter(`Invalid IPv${family} gateway "${raw}" for "${spec.ifname}": it is not in the subnet of one of its addresses`);
  }
  return via;
}

/** Checks an attach before anything touches the kernel; values come back normalized. */
export function validateAttachSpec(spec: AttachSpec): AttachSpec {
  validateSandboxName(spec.sandbox);
  for (const n of [spec.bridge, spec.hostVeth, spec.ifname]) validateLinkName(n);
  if (spec.hostVeth === spec.bridge) throw invalidParameter(`Invalid veth name "${spec.hostVeth}": it is the bridge's name`);
  if (spec.ifname === "lo") throw invalidParameter(`Invalid interface name "lo": the sandbox's loopback has it`);
  const addresses = [...new Set(spec.addresses.map(normalizeCidr))];
  const mtu = spec.mtu === undefined ? undefined : validateMtu(spec.mtu);
  if (mtu !== undefined && mtu < 1280 && addresses.some(isIpv6Cidr)) {
    throw invalidParameter(`Invalid MTU ${mtu} for "${spec.ifname}": IPv6 needs at least 1280`);
  }
  const gw4 = checkGateway(spec, addresses, 4);
  const gw6 = checkGateway(spec, addresses, 6);
  return {
    sandbox: spec.sandbox, bridge: spec.bridge, hostVeth: spec.hostVeth, ifname: spec.ifname,
    mac: validateUnicastMac(spec.mac), addresses,
    ...(mtu === undefined ? {} : { mtu }),
    ...(gw4 === undefined ? {} : { defaultGateway4: gw4 }),
    ...(gw6 === undefined ? {} : { defaultGateway6: gw6 }),
  };
}

/** Sysctl entries checked (key spelling, value characters) before anything runs. */
export function validateSysctls(entries: ReadonlyArray<readonly [string, string]>): Array<readonly [string, string]> {
  return entries.map(([k, v]) => {
    sysctlPath(k);
    return [k, validateSysctlValue(k, v)] as const;
  });
}

/** The gateways of setDefaultRoute, checked and canonical. */
export function validateDefaultRoute(via4?: string, via6?: string): { via4?: string; via6?: string } {
  return {
    ...(via4 === undefined ? {} : { via4: validateGateway(via4, 4) }),
    ...(via6 === undefined ? {} : { via6: validateGateway(via6, 6) }),
  };
}
