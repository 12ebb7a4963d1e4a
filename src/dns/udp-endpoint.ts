/**
 * A resolver's UDP socket as a session sees it: queries in, replies out, and optionally a
 * mirror for its cached answers. Two kinds: a dgram socket (tests, or no native addon), and
 * the addon's responder (src/kernel/udp-responder.ts), which answers cached queries on its own
 * thread and hands only the rest to the session; the session's answer cache mirrors into it.
 */
import dgram from "node:dgram";
import { openUdpResponder, type ResponderStats } from "../kernel/udp-responder.js";
import type { CacheMirror } from "./answer-cache.js";

export type OnQuery = (msg: Buffer, address: string, port: number) => void;

export interface UdpEndpoint {
  /** Starts delivering queries (once). */
  listen(onQuery: OnQuery, onError: (e: Error) => void): void;
  send(msg: Buffer, address: string, port: number): void;
  /** Where cached UDP answers are mirrored, for endpoints that answer them themselves. */
  readonly mirror: CacheMirror | undefined;
  /** Queries the native responder answered itself (hits) and passed on (misses), if native. */
  stats(): ResponderStats | undefined;
  close(): Promise<void>;
}

/** A dgram socket that is already bound. */
export function dgramEndpoint(sock: dgram.Socket): UdpEndpoint {
  return {
    mirror: undefined,
    stats: () => undefined,
    listen(onQuery, onError) {
      sock.on("message", (msg, rinfo) => onQuery(msg, rinfo.address, rinfo.port));
      sock.on("error", onError);
    },
    send: (msg, address, port) => sock.send(msg, port, address), // no callback: the fast path; errors go to "error"
    close: () =>
      new Promise<void>((res) => {
        try {
          sock.close(() => res());
        } catch {
          res(); // already closed
        }
      }),
  };
}

/** The native responder on a bound UDP fd (which it owns from here on). */
export function responderEndpoint(fd: number): UdpEndpoint {
  let deliver: OnQuery = () => undefined;
  const r = openUdpResponder(fd, (msg, address, port) => deliver(msg, address, port));
  return {
    mirror: { put: (key, answer) => void r.put(key, answer), clear: () => r.clear() },
    stats: () => r.stats(),
    listen(onQuery) {
      deliver = onQuery;
    },
    send: (msg, address, port) => void r.send(msg, address, port),
    close: () => {
      r.close();
      return Promise.resolve();
    },
  };
}
