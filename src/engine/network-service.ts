/**
 * Networks: create, inspect, list, remove, prune. Mutations are serialised by one mutex, so
 * parallel creates get distinct subnets and a name is taken once. Every mutation is a list
 * of reversible steps: kernel objects first, then firewall, then the store row, so a failure
 * at any point leaves no bridge, rule or row behind.
 */
import { conflict, forbidden, messageOf, notFound } from "../lib/errors.js";
import { newNetworkId } from "../lib/ids.js";
import { Mutex } from "../lib/mutex.js";
import { parallelSteps, runSteps } from "../lib/steps.js";
import type { AddressPool } from "../ipam/index.js";
import type { Endpoint, EndpointConfig } from "../model/endpoint.js";
import type { Network, NetworkCreateSpec } from "../model/network.js";
import type { DriverRegistry } from "../network/registry.js";
import type { Store } from "../store/store.js";
import type { NetworkDetail, NetworkService } from "./engine.js";
import type { FirewallSync } from "./firewall-sync.js";
import { findNetwork } from "./network-lookup.js";
import { planNetwork } from "./network-plan.js";

/** Live endpoints per network; the container service provides them once containers exist. */
export interface EndpointSource {
  endpointsOf(networkId: string): readonly Endpoint[];
}

export const NO_ENDPOINTS: EndpointSource = { endpointsOf: () => [] };

/** Connect/disconnect need containers; the container service provides them once wired. */
export interface ContainerNetworkOps {
  connect(netRef: string, ctrRef: string, config: EndpointConfig): Promise<void>;
  disconnect(netRef: string, ctrRef: string, force: boolean): Promise<void>;
}

export interface NetworkServiceDeps {
  readonly store: Store;
  readonly drivers: DriverRegistry;
  readonly firewall: FirewallSync;
  readonly endpoints: EndpointSource;
  /** Host prefixes to avoid when auto-picking subnets (read fresh on every create). */
  readonly reservedPrefixes: () => Promise<readonly string[]>;
  readonly pools4: readonly AddressPool[];
  readonly pools6: readonly AddressPool[];
  readonly log: (line: string) => void;
}

export class DefaultNetworkService implements NetworkService {
  private readonly mutex = new Mutex();
  private pruning = false;
  /** Kernel removals still running in the background, by network id. */
  private readonly pending = new Map<string, { readonly subnets: readonly string[]; readonly done: Promise<void> }>();
  /** Set by the composition root when containers are wired. */
  containerOps: ContainerNetworkOps | undefined;

  constructor(private readonly deps: NetworkServiceDeps) {}

  private detail(network: Network): NetworkDetail {
    return { network, endpoints: this.deps.endpoints.endpointsOf(network.id) };
  }

  async list(): Promise<readonly NetworkDetail[]> {
    return this.deps.store.networks.all().map((n) => this.detail(n));
  }

  async inspect(ref: string): Promise<NetworkDetail> {
    return this.detail(findNetwork(this.deps.store.networks.all(), ref));
  }

  async rules(ref: string): Promise<readonly string[]> {
    return this.deps.firewall.rules(findNetwork(this.deps.store.networks.all(), ref));
  }

  async create(spec: NetworkCreateSpec): Promise<{ readonly id: string; readonly warning: string }> {
    return this.mutex.run(async () => {
      const existing = this.deps.store.networks.all();
      // A custom bridge name may be one that is still being deleted: let that finish first.
      if (spec.options["com.docker.network.bridge.name"]) await this.settle();
      const needsHostView = spec.ipam.config.length === 0 || spec.ipam.config.some((c) => !c.subnet);
      const reserved = needsHostView ? await this.reserved() : [];
      const network = planNetwork(spec, newNetworkId(), {
        existing,
        drivers: this.deps.drivers,
        reserved,
        pools4: this.deps.pools4,
        pools6: this.deps.pools6,
      });
      await this.realise(network, existing);
      this.deps.log(`network create ${network.name} ${network.id.slice(0, 12)}`);
      return { id: network.id, warning: "" };
    });
  }

  private async realise(network: Network, existing: readonly Network[]): Promise<void> {
    const driver = this.deps.drivers.get(network.driver);
    const { store, firewall } = this.deps;
    const onUndoError = (step: string, e: unknown): void => this.deps.log(`undo of "${step}" failed for network ${network.name}: ${String(e)}`);
    // The bridge and the rules are independent (rules name bridges by interface name), and go
    // to different co-processes (ip, nft), so they are made at the same time.
    await runSteps(
      [
        parallelSteps("create network in kernel and firewall", [
          { name: "create network in kernel", run: () => driver.create(network), undo: () => driver.remove(network) },
          { name: "apply firewall", run: () => firewall.apply([...existing, network]), undo: () => firewall.apply(existing) },
        ], onUndoError),
        { name: "store network", run: () => store.tx(() => store.networks.insert(network)) },
      ],
      onUndoError,
    );
  }

  async remove(ref: string): Promise<void> {
    return this.mutex.run(async () => {
      const all = this.deps.store.networks.all();
      const network = findNetwork(all, ref);
      this.checkRemovable(network, all);
      await this.destroy(network, all);
    });
  }

  private checkRemovable(network: Network, all: readonly Network[]): void {
    if (network.predefined) throw forbidden(`${network.name} is a pre-defined network and cannot be removed`);
    const eps = this.deps.endpoints.endpointsOf(network.id);
    if (eps.length > 0) {
      const list = eps.map((e) => `name:${JSON.stringify(e.name)} id:${JSON.stringify(e.id.slice(0, 12))}`).join(", ");
      throw forbidden(`error while removing network: network ${network.name} has active endpoints (${list})`);
    }
    if (network.configOnly && all.some((n) => n.configFrom === network.name || n.configFrom === network.id)) {
      throw forbidden(`configuration network "${network.name}" is in use`);
    }
  }

  /**
   * Removes a network: the row, then the rules (awaited), then the kernel objects. The
   * kernel needs ~40 ms to delete a bridge (an RCU grace period), so that last step runs in
   * the background: the answer does not wait for it, later ip commands queue behind it in the
   * ip co-process, IPAM ignores the route it leaves for those milliseconds, and `settle()`
   * (shutdown, tests) waits for it. A failure is logged and left to the reconciler.
   */
  private async destroy(network: Network, all: readonly Network[]): Promise<void> {
    const driver = this.deps.drivers.get(network.driver);
    const rest = all.filter((n) => n.id !== network.id);
    // Row first: if the kernel teardown fails half-way, the reconciler removes the orphan.
    this.deps.store.tx(() => this.deps.store.networks.remove(network.id));
    await this.deps.firewall.apply(rest);
    const subnets = (network.ipam.config ?? []).map((p) => p.subnet);
    const done = driver
      .remove(network)
      .catch((e: unknown) => this.deps.log(`removing the kernel objects of network ${network.name}: ${messageOf(e)}`))
      .finally(() => this.pending.delete(network.id));
    this.pending.set(network.id, { subnets, done });
    this.deps.log(`network rm ${network.name} ${network.id.slice(0, 12)}`);
  }

  /** Waits until every background kernel removal has finished. */
  async settle(): Promise<void> {
    await Promise.all([...this.pending.values()].map((p) => p.done));
  }

  /** Host prefixes to avoid, minus the routes of bridges that are being deleted right now. */
  private async reserved(): Promise<readonly string[]> {
    const leaving = new Set([...this.pending.values()].flatMap((p) => p.subnets));
    return (await this.deps.reservedPrefixes()).filter((p) => !leaving.has(p));
  }

  async prune(match: (n: Network) => boolean): Promise<readonly string[]> {
    if (this.pruning) throw conflict("a prune operation is already running");
    this.pruning = true;
    try {
      return await this.mutex.run(async () => {
        const deleted: string[] = [];
        let all = this.deps.store.networks.all();
        for (const n of [...all].sort((a, b) => a.name.localeCompare(b.name))) {
          if (n.predefined || n.configOnly || !match(n)) continue;
          if (this.deps.endpoints.endpointsOf(n.id).length > 0) continue;
          await this.destroy(n, all);
          all = all.filter((x) => x.id !== n.id);
          deleted.push(n.name);
        }
        return deleted;
      });
    } finally {
      this.pruning = false;
    }
  }

  async connect(ref: string, container: string, config: EndpointConfig): Promise<void> {
    if (!this.containerOps) throw notFound(`No such container: ${container}`);
    await this.containerOps.connect(ref, container, config);
  }

  async disconnect(ref: string, container: string, force: boolean): Promise<void> {
    if (!this.containerOps) throw notFound(`No such container: ${container}`);
    await this.containerOps.disconnect(ref, container, force);
  }
}
