/**
 * The network driver interface. A driver validates a create request before anything is
 * allocated, realises a network in the kernel as reversible steps, removes it idempotently,
 * repairs it on reconcile, and describes the firewall rules it needs (the engine renders
 * all networks' rules into Berth's one nftables table).
 */
import type { NetworkId } from "../lib/ids.js";
import type { FirewallNetwork } from "../firewall/render.js";
import type { Network, NetworkCreateSpec } from "../model/network.js";

export type EnsureResult = "created" | "repaired" | "ok";

export interface NetworkDriver {
  readonly name: string;
  /** Whether networks of this driver get IPAM pools (bridge yes; host and null no). */
  readonly usesIpam: boolean;
  /** Checks driver options and driver-specific limits before IPAM and the kernel are touched. */
  validate(spec: NetworkCreateSpec, id: NetworkId, existing: readonly Network[]): void;
  /** Checks the network once IPAM has given it pools (e.g. bridge name and subnet clashes). */
  validatePlanned(network: Network, existing: readonly Network[]): void;
  create(network: Network): Promise<void>;
  remove(network: Network): Promise<void>;
  ensure(network: Network): Promise<EnsureResult>;
  firewall(network: Network): FirewallNetwork | undefined;
}

/** A driver for networks that have no kernel objects of their own (host, null). */
export function virtualDriver(name: string): NetworkDriver {
  return {
    name,
    usesIpam: false,
    validate: () => undefined,
    validatePlanned: () => undefined,
    create: async () => undefined,
    remove: async () => undefined,
    ensure: async () => "ok",
    firewall: () => undefined,
  };
}
