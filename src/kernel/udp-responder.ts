/**
 * The embedded DNS's UDP fast path in the netns addon (native/netns/responder.c): one native
 * thread reads every resolver's UDP socket in batches and answers the queries whose encoded
 * answer it was given (put), ID patched; the rest arrive here through onMiss, on the event loop.
 *   const r = openUdpResponder(udpFd, (msg, address, port) => { ...; r.send(reply, address, port) });
 *   r.put(queryBytesAfterId, answer); r.clear(); r.close();
 */
import { closeSync } from "node:fs";
import { messageOf, systemError } from "../lib/errors.js";
import { nativeAddon } from "./netns-socket.js";

export interface ResponderStats {
  readonly hits: number;
  readonly misses: number;
  readonly dropped: number;
}

export interface UdpResponder {
  /** Answers queries whose bytes after the ID equal key with answer (false: refused, too big). */
  put(key: Buffer, answer: Buffer): boolean;
  clear(): void;
  /** Sends a reply from the responder's socket (false: dropped, as a full UDP buffer does). */
  send(msg: Buffer, address: string, port: number): boolean;
  stats(): ResponderStats;
  /** Stops serving and closes the socket. */
  close(): void;
}

type OnMiss = (msg: Buffer, address: string, port: number) => void;

interface ResponderAddon {
  responderOpen(fd: number, onMiss: OnMiss): number;
  responderPut(id: number, key: Buffer, answer: Buffer): boolean;
  responderClear(id: number): void;
  responderSend(id: number, msg: Buffer, address: string, port: number): boolean;
  responderClose(id: number): void;
  responderStats(id: number): ResponderStats | undefined;
}

function addon(): ResponderAddon | undefined {
  const a = nativeAddon();
  return typeof a === "object" && a !== null && typeof (a as Partial<ResponderAddon>).responderOpen === "function" ? (a as ResponderAddon) : undefined;
}

/** Whether the addon has the responder (otherwise the DNS server reads UDP through dgram). */
export function udpResponderAvailable(): boolean {
  return addon() !== undefined;
}

/** Serves the bound UDP socket fd (it belongs to the responder from here on, also on failure). */
export function openUdpResponder(fd: number, onMiss: OnMiss): UdpResponder {
  const a = addon();
  if (!a) throw systemError("The netns addon has no UDP responder (run \"npm run build:native\")");
  let id: number;
  try {
    id = a.responderOpen(fd, onMiss);
  } catch (e) {
    closeSync(fd);
    throw systemError(`Cannot serve UDP socket ${fd}: ${messageOf(e)}`, e);
  }
  let closed = false;
  return {
    put: (key, answer) => !closed && a.responderPut(id, key, answer),
    clear: () => void (closed || a.responderClear(id)),
    send: (msg, address, port) => !closed && a.responderSend(id, msg, address, port),
    stats: () => a.responderStats(id) ?? { hits: 0, misses: 0, dropped: 0 },
    close: () => {
      if (closed) return;
      closed = true;
      a.responderClose(id);
    },
  };
}
