/**
 * Keeps the embedded DNS in step with the containers: every container with a live endpoint
 * on a user-defined network gets a resolver listening on 127.0.0.11:53 (UDP and TCP) inside
 * its own network namespace, and every change (start, exit, connect, disconnect, rename,
 * remove) republishes the directory at once. One sync brings everything to the wanted state,
 * so it also serves recovery after a daemon restart.
 */
import { watchFile, unwatchFile } from "node:fs";
import type { ResolverSockets } from "../../dns/server.js";
import type { DnsClientView, DnsDirectory, Upstream } from "../../dns/types.js";
import { messageOf } from "../../lib/errors.js";
import { Mutex } from "../../lib/mutex.js";
import type { Container } from "../../model/container.js";
import type { Store } from "../../store/store.js";
import { buildDirectory, clientView, endpointsByContainer, type DirectoryInput } from "./dns-directory.js";

/** The part of EmbeddedDns this service drives (a fake in unit tests). */
export interface DnsBackend {
  setDirectory(dir: DnsDirectory): void;
  attach(client: DnsClientView, sockets: ResolverSockets): Promise<void>;
  updateClient(client: DnsClientView): void;
  detach(containerId: string): Promise<void>;
}

export interface ContainerDnsDeps {
  readonly store: Store;
  readonly backend: DnsBackend;
  /** Opens the resolver's sockets inside a network namespace (the native addon). */
  readonly openSockets: (netnsPath: string) => ResolverSockets;
  readonly sandboxPath: (c: Container) => string;
  readonly hostnameOf: (c: Container) => string;
  /** Where names the directory does not hold are forwarded (--dns, else the host's servers). */
  readonly upstreamsOf: (c: Container) => Promise<Upstream[]>;
  /** The host's resolv.conf, watched so forwarding follows it (undefined: not watched). */
  readonly hostResolvConf?: string;
  readonly log: (line: string) => void;
}

const sharesNetns = (c: Container): boolean => c.hostConfig.networkMode === "host" || c.hostConfig.networkMode.startsWith("container:");

export class ContainerDns {
  private readonly upstreams = new Map<string, Upstream[]>();
  /** Containers whose resolver is open. */
  private readonly attached = new Set<string>();
  private readonly mutex = new Mutex();
  private watching = false;

  constructor(private readonly deps: ContainerDnsDeps) {}

  /** Brings the resolvers and the directory to what the store says; never throws. */
  sync(): Promise<void> {
    return this.mutex.run(() => this.syncLocked().catch((e) => this.deps.log(`dns sync: ${messageOf(e)}`)));
  }

  /** Closes a container's resolver (before its namespace goes away). */
  release(id: string): Promise<void> {
    return this.mutex.run(async () => {
      this.upstreams.delete(id);
      await this.detach(id);
    });
  }

  /** Follows the host's resolv.conf: forwarding uses the new servers from the next query on. */
  watchHostResolvConf(): void {
    const path = this.deps.hostResolvConf;
    if (!path || this.watching) return;
    this.watching = true;
    watchFile(path, { interval: 2000, persistent: false }, () => {
      this.upstreams.clear();
      void this.sync();
    });
  }

  stop(): void {
    if (this.watching && this.deps.hostResolvConf) unwatchFile(this.deps.hostResolvConf);
    this.watching = false;
  }

  private input(): DirectoryInput {
    const s = this.deps.store;
    return { networks: s.networks.all(), containers: s.containers.all(), endpoints: s.endpoints.all(), hostnameOf: this.deps.hostnameOf };
  }

  private async upstreamsOf(c: Container): Promise<Upstream[]> {
    let u = this.upstreams.get(c.id);
    if (!u) {
      u = await this.deps.upstreamsOf(c);
      this.upstreams.set(c.id, u);
    }
    return u;
  }

  private async syncLocked(): Promise<void> {
    const input = this.input();
    const { backend } = this.deps;
    backend.setDirectory(buildDirectory(input));
    const wanted = new Set<string>();
    const endpointsOf = endpointsByContainer(input.endpoints);
    for (const c of input.containers) {
      if (sharesNetns(c) || endpointsOf(c.id).length === 0) continue;
      const view = clientView(c, input, await this.upstreamsOf(c), endpointsOf);
      if (!view) continue;
      wanted.add(c.id);
      if (this.attached.has(c.id)) {
        backend.updateClient(view);
        continue;
      }
      try {
        await backend.attach(view, this.deps.openSockets(this.deps.sandboxPath(c)));
        this.attached.add(c.id);
      } catch (e) {
        this.deps.log(`dns: no resolver for ${c.name}: ${messageOf(e)}`);
      }
    }
    for (const id of [...this.attached]) if (!wanted.has(id)) await this.detach(id);
    for (const id of [...this.upstreams.keys()]) if (!wanted.has(id)) this.upstreams.delete(id);
  }

  private async detach(id: string): Promise<void> {
    if (!this.attached.delete(id)) return;
    await this.deps.backend.detach(id).catch((e) => this.deps.log(`dns detach ${id.slice(0, 12)}: ${messageOf(e)}`));
  }
}
