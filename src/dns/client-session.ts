/**
 * The sockets of one attached container: a UDP socket and a TCP listener (made in the
 * container's namespace by the netns addon, or bound by Node in tests), each query handed to
 * handleQuery. TCP: length-prefixed messages, several per connection, answered as they are
 * ready; an idle timeout, a cap on connections and on unanswered queries per connection.
 */
import dgram from "node:dgram";
import { closeSync } from "node:fs";
import net from "node:net";
import { AnswerCache } from "./answer-cache.js";
import { handleQuery, type ClientContext, type ServerContext } from "./handler.js";
import { FrameReader, frame } from "./tcp-framing.js";
import type { DnsClientView } from "./types.js";

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

export interface SessionLimits {
  readonly maxTcpConnections: number;
  readonly tcpIdleMs: number;
  readonly maxPendingPerConnection: number;
}

const MAX_TCP_BACKLOG_BYTES = 256 * 1024;

/** Wraps the two fds in Node sockets; on failure both are closed. */
export async function wrapFds(s: ResolverSockets): Promise<BoundSockets> {
  const udp = dgram.createSocket("udp4");
  const tcp = net.createServer();
  let udpOwned = false;
  try {
    await new Promise<void>((res, rej) => {
      udp.once("error", rej);
      udp.bind({ fd: s.udpFd }, () => {
        udp.off("error", rej);
        res();
      });
    });
    udpOwned = true;
    await new Promise<void>((res, rej) => {
      tcp.once("error", rej);
      tcp.listen({ fd: s.tcpFd }, () => {
        tcp.off("error", rej);
        res();
      });
    });
    return { udp, tcp };
  } catch (e) {
    if (udpOwned) udp.close();
    else tryClose(s.udpFd);
    tcp.close();
    tryClose(s.tcpFd);
    throw e;
  }
}

function tryClose(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    /* already closed with its wrapper */
  }
}

export class ClientSession {
  readonly ctx: ClientContext;
  private readonly conns = new Set<net.Socket>();
  private closed = false;

  constructor(
    view: DnsClientView,
    private readonly sockets: BoundSockets,
    private readonly server: ServerContext,
    private readonly limits: SessionLimits,
  ) {
    this.ctx = { view, cache: new AnswerCache(), forwards: 0 };
    sockets.udp.on("message", (msg, rinfo) => this.onDatagram(msg, rinfo));
    sockets.udp.on("error", (e) => server.log(`dns: udp socket of ${this.id}: ${e.message}`));
    sockets.tcp.on("connection", (sock) => this.onConnection(sock));
    sockets.tcp.on("error", (e) => server.log(`dns: tcp listener of ${this.id}: ${e.message}`));
  }

  private get id(): string {
    return this.ctx.view.containerId.slice(0, 12);
  }

  update(view: DnsClientView): void {
    this.ctx.view = view;
    this.ctx.cache.clear();
  }

  private onDatagram(msg: Buffer, rinfo: dgram.RemoteInfo): void {
    const send = (res: Buffer | undefined): void => {
      if (res && !this.closed) this.sockets.udp.send(res, rinfo.port, rinfo.address); // no callback: the fast path; errors go to "error"
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
      new Promise<void>((res) => {
        try {
          this.sockets.udp.close(() => res());
        } catch {
          res(); // already closed
        }
      }),
      new Promise<void>((res) => this.sockets.tcp.close(() => res())),
    ]);
  }
}
