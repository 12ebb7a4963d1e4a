/**
 * Makes the kernel match the store: at start-up, after a crash, and on demand. Bridges the
 * store knows are created or repaired; links marked as this daemon's (by ifalias) that the
 * store no longer knows are removed; the nftables table is re-applied whole.
 */
import { messageOf } from "../lib/errors.js";
import type { Netns } from "../kernel/exec.js";
import type { NetKernel } from "../kernel/net-kernel.js";
import type { DriverRegistry } from "../network/registry.js";
import type { Store } from "../store/store.js";
import type { FirewallSync } from "./firewall-sync.js";

export interface ReconcileReport {
  readonly created: string[];
  readonly repaired: string[];
  readonly removedOrphans: string[];
  readonly errors: string[];
}

export interface ReconcilerDeps {
  readonly store: Store;
  readonly drivers: DriverRegistry;
  readonly kernel: NetKernel;
  readonly netns: Netns;
  readonly owner: string;
  readonly firewall: FirewallSync;
}

export async function reconcile(deps: ReconcilerDeps): Promise<ReconcileReport> {
  const report: ReconcileReport = { created: [], repaired: [], removedOrphans: [], errors: [] };
  const networks = deps.store.networks.all();
  const known = new Set<string>(networks.map((n) => n.id));
  for (const link of await deps.kernel.listLinks(deps.netns)) {
    if (!link.alias.startsWith(deps.owner)) continue;
    const id = link.alias.slice(deps.owner.length);
    if (known.has(id)) continue;
    try {
      await deps.kernel.deleteLink(deps.netns, link.name);
      report.removedOrphans.push(link.name);
    } catch (e) {
      report.errors.push(`remove orphan ${link.name}: ${messageOf(e)}`);
    }
  }
  for (const n of networks) {
    if (n.configOnly) continue;
    try {
      const r = await deps.drivers.get(n.driver).ensure(n);
      if (r === "created") report.created.push(n.name);
      if (r === "repaired") report.repaired.push(n.name);
    } catch (e) {
      report.errors.push(`network ${n.name}: ${messageOf(e)}`);
    }
  }
  try {
    await deps.firewall.apply(networks);
  } catch (e) {
    report.errors.push(`firewall: ${messageOf(e)}`);
  }
  return report;
}
