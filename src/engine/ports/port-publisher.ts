/**
 * The publish service: at container start it turns the container's PortBindings (and -P)
 * into host ports (allocator: other containers; /proc/net: host processes), and programs
 * them as ONE nft transaction of map elements (Firewall.updatePorts); at stop it undoes both.
 * Nothing is half-applied: a refused or failed publish releases every port it took.
 * Allocations are kept in the store (meta `ports/<container id>`), so a restarted daemon
 * re-renders the same host ports for containers that kept running.
 */
import { messageOf, systemError } from "../../lib/errors.js";
import type { FirewallPort } from "../../firewall/state.js";
import type { HostSocket } from "../../kernel/proc-net-sockets.js";
import type { Container } from "../../model/container.js";
import type { Endpoint } from "../../model/endpoint.js";
import { parseBridgeOptions } from "../../network/bridge/options.js";
import type { PortAllocator, ResolvedPort } from "../../network/ports/allocator.js";
import { portRequests } from "../../network/ports/port-spec.js";
import { portRuns } from "../../network/ports/runs.js";
import type { Store } from "../../store/store.js";
import { hostBusy } from "./host-busy.js";

export interface PublisherDeps {
  readonly store: Store;
  readonly firewall: { updatePorts(add: readonly FirewallPort[], remove: readonly FirewallPort[]): Promise<void> };
  readonly allocator: PortAllocator;
  readonly hostSockets: () => Promise<readonly HostSocket[]>;
  /** Sets a sysctl in the daemon's namespace (route_localnet on a bridge). */
  readonly setSysctl: (key: string, value: string) => Promise<void>;
  readonly log: (line: string) => void;
}

interface Published {
  readonly endpointId: string;
  readonly bridge: string;
  readonly ports: readonly ResolvedPort[];
  readonly runs: readonly FirewallPort[];
}

const metaKey = (id: string): string => `ports/${id}`;
const needsLocalnet = (runs: readonly FirewallPort[]): boolean => runs.some((r) => r.family === 4 && (r.hostIp === "" || r.hostIp.startsWith("127.")));
const bare = (cidr: string): string => cidr.split("/")[0] ?? "";

export class PortPublisher {
  private readonly records = new Map<string, Published>();
  /** Called when an incremental change failed and the whole table should be re-applied. */
  onDrift: () => void = () => undefined;

  constructor(private readonly d: PublisherDeps) {}

  /** The endpoint that provides the default gateway: Docker programs ports on it only. */
  private gatewayEndpoint(c: Container, endpoints: readonly Endpoint[]): Endpoint | undefined {
    for (const a of c.attachments) {
      const ep = endpoints.find((e) => e.networkId === a.networkId);
      if (ep && (ep.gateway4 !== "" || ep.gateway6 !== "")) return ep;
    }
    return undefined;
  }

  /** Publishes the container's ports; returns them with the host ports chosen. */
  async publish(c: Container, endpoints: readonly Endpoint[]): Promise<readonly ResolvedPort[]> {
    const mode = c.hostConfig.networkMode;
    if (mode === "host" || mode === "none" || mode.startsWith("container:")) return [];
    const ep = this.gatewayEndpoint(c, endpoints);
    const net = ep ? this.d.store.networks.get(ep.networkId) : undefined;
    if (!ep || !net || net.internal || net.driver !== "bridge") return [];
    const cfg = parseBridgeOptions(net.id, net.options);
    const wrap = (e: unknown): Error =>
      systemError(`failed to set up container networking: driver failed programming external connectivity on endpoint ${c.name} (${ep.id}): ${messageOf(e)}`, e);
    let requests;
    try {
      requests = portRequests({
        portBindings: c.hostConfig.portBindings,
        exposedPorts: c.config.exposedPorts,
        publishAll: c.hostConfig.publishAllPorts,
        defaultHostIp: cfg.hostBindingIpv4,
        ipv6: ep.ipv6Address !== "",
      });
    } catch (e) {
      throw wrap(e);
    }
    if (requests.length === 0) return [];
    const busy = hostBusy(await this.d.hostSockets());
    let ports: ResolvedPort[];
    try {
      ports = this.d.allocator.allocate(c.id, requests, busy);
    } catch (e) {
      throw wrap(e);
    }
    const target = { networkId: net.id, networkName: net.name, containerId: c.id, containerName: c.name };
    const runs = portRuns(ports, { ...target, target4: bare(ep.ipv4Address), target6: bare(ep.ipv6Address), gateway4: bare(ep.gateway4), gateway6: bare(ep.gateway6) });
    const rec: Published = { endpointId: ep.id, bridge: cfg.bridgeName, ports, runs };
    try {
      if (needsLocalnet(runs)) await this.d.setSysctl(`net.ipv4.conf.${cfg.bridgeName}.route_localnet`, "1");
      this.records.set(c.id, rec); // same tick as the queued update: a whole apply sees both or neither
      await this.d.firewall.updatePorts(runs, []);
    } catch (e) {
      this.records.delete(c.id);
      this.d.allocator.release(c.id);
      throw wrap(e);
    }
    this.d.store.meta.set(metaKey(c.id), JSON.stringify(rec));
    return ports;
  }

  /** Removes the container's published ports (idempotent). */
  async unpublish(containerId: string): Promise<void> {
    const rec = this.records.get(containerId);
    if (!rec) return;
    this.records.delete(containerId);
    this.d.allocator.release(containerId);
    this.d.store.meta.set(metaKey(containerId), "");
    try {
      await this.d.firewall.updatePorts([], rec.runs);
    } catch (e) {
      this.d.log(`unpublishing ports of ${containerId.slice(0, 12)}: ${messageOf(e)}; re-applying the firewall`);
      this.onDrift();
    }
  }

  /** The container's published ports, undefined if it has none recorded. */
  published(containerId: string): readonly ResolvedPort[] | undefined {
    return this.records.get(containerId)?.ports;
  }

  /** Every published run, for a whole-table apply. */
  runs(): FirewallPort[] {
    return [...this.records.values()].flatMap((r) => r.runs);
  }

  /** After a daemon restart: takes back the allocations of containers still marked running. */
  async restore(containers: readonly Container[]): Promise<void> {
    for (const c of containers) {
      const text = this.d.store.meta.get(metaKey(c.id));
      if (!text) continue;
      if (c.state.status !== "running") {
        this.d.store.meta.set(metaKey(c.id), "");
        continue;
      }
      try {
        const rec = JSON.parse(text) as Published;
        this.d.allocator.restore(c.id, rec.ports);
        this.records.set(c.id, rec);
        if (needsLocalnet(rec.runs)) await this.d.setSysctl(`net.ipv4.conf.${rec.bridge}.route_localnet`, "1").catch(() => undefined);
      } catch (e) {
        this.d.log(`restoring published ports of ${c.name}: ${messageOf(e)}`);
      }
    }
  }
}
