/**
 * Bridge devices on the real kernel: create (fast path: one ip batch, through the ip session in
 * the daemon's namespace or one spawn elsewhere, plus the bridge's sysctls) and ensure
 * (reconcile an existing bridge with its spec).
 */
import { isBerthError } from "../lib/errors.js";
import type { Netns } from "./exec.js";
import { batchError, throwIfFailed, type IpBatchRunner, type IpCommand } from "./ip-batch.js";
import {
  addrAdd, addrDel, bridgeExists, ifaceSysctl, isIpv6Cidr, linkAddBridge, linkDel, linkSetAlias, linkSetMtu, linkSetUp,
  notABridge, readLinks, validateBridgeSpec, type BridgeSpec, type LinkInfo,
} from "./links.js";
import { getSysctls, setSysctls, type SysctlDeps } from "./sysctl.js";

export type EnsureResult = "created" | "repaired" | "ok";

/** What the bridge code needs: spawns and /proc/sys (reads, sysctls) and a batch runner (writes). */
export interface KernelDeps extends SysctlDeps {
  readonly batch: IpBatchRunner;
}

const acceptRaKey = (name: string): string => ifaceSysctl("ipv6", name, "accept_ra");
const disableIpv6Key = (name: string): string => ifaceSysctl("ipv6", name, "disable_ipv6");

/** accept_ra=0 always; disable_ipv6 follows the spec (Docker's bridge settings). */
const bridgeSysctls = (spec: BridgeSpec): Array<[string, string]> => [
  [acceptRaKey(spec.name), "0"],
  [disableIpv6Key(spec.name), spec.ipv6 ? "0" : "1"],
];

function createLines(spec: BridgeSpec): IpCommand[] {
  return [
    linkAddBridge(spec.name, spec.mac),
    ...(spec.alias === "" ? [] : [linkSetAlias(spec.name, spec.alias)]),
    ...(spec.mtu === undefined ? [] : [linkSetMtu(spec.name, spec.mtu)]),
    ...spec.addresses.map((a) => addrAdd(spec.name, a)),
    linkSetUp(spec.name, true),
  ];
}

const isAddrAdd6 = (cmd: IpCommand | undefined): boolean =>
  cmd !== undefined && cmd[0] === "address" && cmd[1] === "add" && isIpv6Cidr(cmd[2] ?? "");

async function findLink(d: KernelDeps, ns: Netns, name: string): Promise<LinkInfo | undefined> {
  return (await readLinks(d.run, ns)).find((l) => l.name === name);
}

/** Undo a partly made bridge. Best effort: the original error is what the caller reports. */
async function removeQuietly(d: KernelDeps, ns: Netns, name: string): Promise<void> {
  await d.batch(ns, [linkDel(name)]).catch(() => undefined);
}

/**
 * Runs the creation batch. If the namespace's default keeps IPv6 off on new links, the first
 * IPv6 address line fails: then IPv6 is enabled on the new bridge and the batch resumes there.
 */
async function runCreateBatch(d: KernelDeps, ns: Netns, spec: BridgeSpec, action: string): Promise<void> {
  const lines = createLines(spec);
  const r = await d.batch(ns, lines);
  if (r.ok) return;
  if (r.index === 0) {
    if (await findLink(d, ns, spec.name).catch(() => undefined)) throw bridgeExists(spec.name, r.error);
    throw batchError(action, r);
  }
  if (r.index === undefined) throw batchError(action, r); // ip did not say: nothing is known to exist
  try {
    if (!(spec.ipv6 && isAddrAdd6(r.command))) throw batchError(action, r);
    await setSysctls(d, ns, [[disableIpv6Key(spec.name), "0"]]);
    const rest = await d.batch(ns, lines.slice(r.index));
    if (!rest.ok) throw batchError(action, rest);
  } catch (e) {
    await removeQuietly(d, ns, spec.name);
    throw e;
  }
}

/** Creates the bridge; Conflict if any link of that name exists (it is then left untouched). */
export async function createBridge(d: KernelDeps, ns: Netns, input: BridgeSpec): Promise<void> {
  const spec = validateBridgeSpec(input);
  await runCreateBatch(d, ns, spec, `Failed to create bridge "${spec.name}"`);
  try {
    await setSysctls(d, ns, bridgeSysctls(spec), { ignoreMissingIpv6: !spec.ipv6 });
  } catch (e) {
    await removeQuietly(d, ns, spec.name);
    throw e;
  }
}

/** Sets the bridge's sysctls that differ from the spec; true if any did. */
async function repairSysctls(d: SysctlDeps, ns: Netns, spec: BridgeSpec): Promise<boolean> {
  const want = bridgeSysctls(spec);
  let have: string[];
  try {
    have = await getSysctls(d, ns, want.map(([k]) => k));
  } catch (e) {
    if (!spec.ipv6 && isBerthError(e, "NotFound")) return false; // no IPv6 in this kernel at all
    throw e;
  }
  const wrong = want.filter(([, v], i) => have[i] !== v);
  // Enable IPv6 before addresses are added; disabling it drops the IPv6 addresses itself.
  await setSysctls(d, ns, wrong);
  return wrong.length > 0;
}

function repairLines(link: LinkInfo, spec: BridgeSpec): IpCommand[] {
  const name = spec.name;
  return [
    ...(link.alias === spec.alias ? [] : [linkSetAlias(name, spec.alias)]),
    ...(spec.mtu === undefined || link.mtu === spec.mtu ? [] : [linkSetMtu(name, spec.mtu)]),
    ...link.addresses.filter((a) => !spec.addresses.includes(a)).map((a) => addrDel(name, a)),
    ...spec.addresses.filter((a) => !link.addresses.includes(a)).map((a) => addrAdd(name, a)),
    ...(link.up ? [] : [linkSetUp(name, true)]),
  ];
}

/**
 * Makes the bridge match the spec: created if absent; else its sysctls, alias, MTU (when the
 * spec sets one), global addresses (exactly the spec's) and up state are repaired.
 */
export async function ensureBridge(d: KernelDeps, ns: Netns, input: BridgeSpec): Promise<EnsureResult> {
  const spec = validateBridgeSpec(input);
  let link = await findLink(d, ns, spec.name);
  if (!link) {
    try {
      await createBridge(d, ns, spec);
      return "created";
    } catch (e) {
      link = isBerthError(e, "Conflict") ? await findLink(d, ns, spec.name) : undefined; // created meanwhile
      if (!link) throw e;
    }
  }
  if (link.kind !== "bridge") throw notABridge(link);
  const sysctlsFixed = await repairSysctls(d, ns, spec);
  if (sysctlsFixed) link = (await findLink(d, ns, spec.name)) ?? link;
  const lines = repairLines(link, spec);
  throwIfFailed(await d.batch(ns, lines), `Failed to repair bridge "${spec.name}"`);
  return sysctlsFixed || lines.length > 0 ? "repaired" : "ok";
}
