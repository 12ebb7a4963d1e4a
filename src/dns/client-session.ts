/**
 * The sockets of one attached container: a UDP socket and a TCP listener (made in the
 * container's namespace by the netns addon, or bound by Node in tests), each query handed to
 * handleQuery. UDP from the addon is read by its native responder (udp-endpoint.ts), which
 * answers repeated queries from the mirrored answer cache itself. TCP: length-prefixed
 * messages, several per connection, answered as they are ready; an idle timeout, a cap on
 * connections and on unanswered queries per connection.
 */
import dgram from "node:dgram";
import { closeSync } from "node:fs";
import net from "node:net";
import { udpResponderAvailable, type ResponderStats } from "../kernel/udp-responder.js";
import { AnswerCache } from "./answer-cache.js";
import { handleQuery, type ClientContext, type ServerContext } from "./handler.js";
import { FrameReader, frame } from "./tcp-framing.js";
import type { DnsClientView } from "./types.js";
import { dgramEndpoint, responderEndpoint, type UdpEndpoint } from "./udp-endpoint.js";

/** fds from openResolverSockets (src/kernel/netns-socket.ts): bound, TCP listening. */
export interface ResolverSockets {
  udpFd: number;
  tcpFd: number;
}

/** Sockets Node bound itself (tests, or a resolver in the daemon's own namespace). */
export interface BoundSockets {
  udp: dgram.Socket;
  tcp: net.Server;
}

/** What a session serves: a UDP endpoint and a listening TCP server. */
export interface SessionSockets {
  udp: UdpEndpoint;
  tcp: net.Server;
}

/** Sockets Node bound, as a session serves them. */
export const boundEndpoints = (s: BoundSockets): SessionSockets => ({ udp: dgramEndpoint(s.udp), tcp: s.tcp });

export interface SessionLimits {
  readonly maxTcpConnections: number;
  readonly tcpIdleMs: number;
  readonly maxPendingPerConnection: number;
}

const MAX_TCP_BACKLOG_BYTES = 256 * 1024;

/**
 * Serves the two fds: UDP through the native responder when the addon has it (else a dgram
 * socket), TCP through a net.Server. On failure both fds are closed.
 */
export async function wrapFds(s: ResolverSockets): Promise<SessionSockets> {
  let udp: UdpEndpoint | undefined;
  const tcp = net.createServer();
  const native = udpResponderAvailable();
  try {
    udp = native ? responderEndpoint(s.udpFd) : await bindDgram(s.udpFd);
    await new Promise<void>((res, rej) => {
      tcp.once("error", rej);
      tcp.listen({ fd: s.tcpFd }, () => {
        tcp.off("error", rej);
        res();
      });
    });
    return { udp, tcp };
  } catch (e) {
    if (udp) await udp.close();
    else if (!native) tryClose(s.udpFd); // the responder closes its fd itself when it cannot start
    tcp.close();
    tryClose(s.tcpFd);
    throw e;
  }
}

async function bindDgram(fd: number): Promise<UdpEndpoint> {
  const udp = dgram.createSocket("udp4");
  await new Promise<void>((res, rej) => {
    udp.once("error", rej);
    udp.bind({ fd }, () => {
      udp.off("error", rej);
      res();
    });
  });
  return dgramEndpoint(udp);
}

function tryClose(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    /* already closed with its wrapper */
  }
}

const sameView = (a: DnsClientView, b: DnsClientView): boolean =>
  a.containerId === b.containerId && a.forward === b.forward && JSON.stringify([a.networkIds, a.links, a.upstreams]) === JSON.stringify([b.networkIds, b.links, b.upstreams]);

export class ClientSession {
  readonly ctx: ClientContext;
  private readonly conns = new Set<net.Socket>();
  private closed = false;

  constructor(
    view: DnsClientView,
    private readonly sockets: SessionSockets,
    private readonly server: ServerContext,
    private readonly limits: SessionLimits,
  ) {
    this.ctx = { view, cache: new AnswerCache(1024, sockets.udp.mirror), forwards: 0 };
    sockets.udp.listen(
      (msg, address, port) => this.onDatagram(msg, address, port),
      (e) => server.log(`dns: udp socket of ${this.id}: ${e.message}`),
    );
    sockets.tcp.on("connection", (sock) => this.onConnection(sock));
    sockets.tcp.on("error", (e) => server.log(`dns: tcp listener of ${this.id}: ${e.message}`));
  }

  private get id(): string {
    return this.ctx.view.containerId.slice(0, 12);
  }

  /** The native responder's counters (undefined when UDP goes through dgram). */
  udpStats(): ResponderStats | undefined {
    return this.sockets.udp.stats();
  }

  /** A new view; the cached answers go unless it is the same as before (a sync of everyone). */
  update(view: DnsClientView): void {
    if (sameView(this.ctx.view, view)) return;
    this.ctx.view = view;
    this.ctx.cache.clear();
  }

  private onDatagram(msg: Buffer, address: string, port: number): void {
    const send = (res: Buffer | undefined): void => {
      if (res && !this.closed) this.sockets.udp.send(res, address, port);
    };
    try {
      const reply = handleQuery(this.server, this.ctx, msg, "udp");
      if (reply instanceof Promise) reply.then(send, () => undefined);
      else send(reply);
    } catch (e) {
      this.server.log(`dns: udp query for ${this.id}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private onConnection(sock: net.Socket): void {
    if (this.closed || this.conns.size >= this.limits.maxTcpConnections) {
      sock.destroy();
      return;
    }
    this.conns.add(sock);
    const reader = new FrameReader();
    let pending = 0;
    sock.setTimeout(this.limits.tcpIdleMs, () => sock.destroy());
    sock.on("error", () => sock.destroy());
    sock.on("close", () => this.conns.delete(sock));
    const send = (res: Buffer | undefined): void => {
      if (!res || sock.destroyed) return;
      if (sock.writableLength > MAX_TCP_BACKLOG_BYTES) sock.destroy(); // a client that does not read
      else sock.write(frame(res));
    };
    sock.on("data", (chunk: Buffer) => {
      try {
        for (const msg of reader.push(chunk)) {
          if (pending >= this.limits.maxPendingPerConnection) return void sock.destroy();
          const reply = handleQuery(this.server, this.ctx, msg, "tcp");
          if (!(reply instanceof Promise)) send(reply);
          else {
            pending++;
            reply.then(send, () => undefined).finally(() => pending--);
          }
        }
      } catch (e) {
        this.server.log(`dns: tcp query for ${this.id}: ${e instanceof Error ? e.message : String(e)}`);
        sock.destroy();
      }
    });
  }

  /** Closes the UDP socket, the listener and every connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const c of this.conns) c.destroy();
    await Promise.all([
      this.sockets.udp.close(),
      new Promise<void>((res) => this.sockets.tcp.close(() => res())),
    ]);
  }
}
