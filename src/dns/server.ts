/**
 * The embedded DNS server (Docker's 127.0.0.11, spec §2.7): one instance in the daemon serves
 * every attached container on that container's own sockets, so it always knows who asks and
 * answers only with names from that container's networks (resolver.ts). Other names are
 * forwarded to the container's upstreams from the host namespace (forwarder.ts).
 *
 *   const dns = new EmbeddedDns({ log });
 *   dns.setDirectory(dir);                                   // whenever records change
 *   await dns.attach(view, openResolverSockets(netnsPath));  // on start / first connect
 *   dns.updateClient(view);                                  // connect, disconnect, links
 *   await dns.detach(containerId);                           // on stop
 */
import { isBerthError, messageOf, systemError } from "../lib/errors.js";
import { ClientSession, boundEndpoints, wrapFds, type BoundSockets, type ResolverSockets, type SessionLimits, type SessionSockets } from "./client-session.js";
import { Forwarder } from "./forwarder.js";
import type { ResponderStats } from "../kernel/udp-responder.js";
import type { ServerContext } from "./handler.js";
import { DNS_TTL_SECONDS } from "./resolver.js";
import type { DnsClientView, DnsDirectory } from "./types.js";

export type { BoundSockets, ResolverSockets } from "./client-session.js";
export { DNS_TTL_SECONDS } from "./resolver.js";

export interface EmbeddedDnsOptions {
  /** TTL of local answers (default DNS_TTL_SECONDS = 10). */
  ttlSeconds?: number;
  /** Overall budget for a forwarded query across the upstreams (default 2000). */
  forwardTimeoutMs?: number;
  log?: (msg: string) => void;
  /** Forwards in flight per container (default 256) and in all (default 4096); beyond: dropped. */
  maxForwardsPerClient?: number;
  maxForwards?: number;
  /** TCP connections per container (default 32), idle timeout (default 10 s). */
  maxTcpConnections?: number;
  tcpIdleMs?: number;
}

const isBound = (s: ResolverSockets | BoundSockets): s is BoundSockets => "udp" in s;

export class EmbeddedDns {
  private dir: DnsDirectory = { networks: [] };
  private readonly sessions = new Map<string, ClientSession>();
  private readonly ctx: ServerContext;
  private readonly limits: SessionLimits;

  constructor(opts: EmbeddedDnsOptions = {}) {
    const forwarder = new Forwarder({ timeoutMs: opts.forwardTimeoutMs ?? 2000, maxInFlight: opts.maxForwards ?? 4096 });
    this.ctx = {
      directory: () => this.dir,
      forwarder,
      ttlSeconds: opts.ttlSeconds ?? DNS_TTL_SECONDS,
      maxForwardsPerClient: opts.maxForwardsPerClient ?? 256,
      log: opts.log ?? (() => undefined),
    };
    this.limits = { maxTcpConnections: opts.maxTcpConnections ?? 32, tcpIdleMs: opts.tcpIdleMs ?? 10_000, maxPendingPerConnection: 64 };
  }

  /** Replaces every record at once; cached answers go with the old ones. */
  setDirectory(dir: DnsDirectory): void {
    this.dir = dir;
    for (const s of this.sessions.values()) s.ctx.cache.clear();
  }

  /**
   * Serves `client` on its sockets (fds from openResolverSockets, or sockets Node bound). The
   * server owns them from here on, also when this fails. Attaching again replaces the old ones.
   */
  async attach(client: DnsClientView, sockets: ResolverSockets | BoundSockets): Promise<void> {
    let bound: SessionSockets;
    try {
      bound = isBound(sockets) ? boundEndpoints(sockets) : await wrapFds(sockets);
    } catch (e) {
      throw isBerthError(e) ? e : systemError(`Cannot serve DNS for container ${client.containerId}: ${messageOf(e)}`, e);
    }
    await this.detach(client.containerId);
    this.sessions.set(client.containerId, new ClientSession(client, bound, this.ctx, this.limits));
  }

  /** New networks, links or upstreams for an attached container (unknown ones are ignored). */
  updateClient(client: DnsClientView): void {
    this.sessions.get(client.containerId)?.update(client);
  }

  /** Stops serving the container and closes its sockets; a no-op when it is not attached. */
  async detach(containerId: string): Promise<void> {
    const s = this.sessions.get(containerId);
    if (!s) return;
    this.sessions.delete(containerId);
    await s.close();
  }

  /** How many UDP queries of the container the native responder answered itself and passed on. */
  udpStats(containerId: string): ResponderStats | undefined {
    return this.sessions.get(containerId)?.udpStats();
  }

  has(containerId: string): boolean {
    return this.sessions.has(containerId);
  }

  /** Detaches every container and closes the upstream sockets. */
  async close(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(all.map((s) => s.close()));
    this.ctx.forwarder.close();
  }
}
