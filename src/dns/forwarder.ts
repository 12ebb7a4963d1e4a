/**
 * Forwarding to upstream servers, from the host namespace: the client's query as it came
 * (with a fresh random ID), over UDP to each upstream in order within one overall deadline,
 * next upstream on timeout, SERVFAIL, REFUSED or a network error. A truncated UDP answer is
 * asked again over TCP when the client itself asked over TCP (a UDP client gets the TC answer
 * and retries over TCP, as with any resolver). undefined = every upstream failed (SERVFAIL).
 * A global cap bounds the forwards in flight; beyond it queries are dropped.
 */
import { randomInt } from "node:crypto";
import { isIPv6 } from "node:net";
import { RCODE, isTruncated, rcodeOf, withId, type Transport } from "./wire.js";
import type { Upstream } from "./types.js";
import { UdpPool } from "./udp-pool.js";
import { tcpExchange } from "./upstream-exchange.js";

export interface ForwarderOptions {
  /** Overall budget for one query across all upstreams (default 2000). */
  readonly timeoutMs?: number;
  /** Forwards in flight at once, all clients together (default 4096). */
  readonly maxInFlight?: number;
}

export type ForwardResult =
  | { readonly kind: "answer"; readonly response: Buffer } // carries the client's ID
  | { readonly kind: "failed" } // SERVFAIL
  | { readonly kind: "busy" }; // over the cap: drop

export class Forwarder {
  private inFlight = 0;
  readonly timeoutMs: number;
  private readonly maxInFlight: number;
  private readonly pools = { udp4: new UdpPool("udp4"), udp6: new UdpPool("udp6") };

  constructor(opts: ForwarderOptions = {}) {
    this.timeoutMs = opts.timeoutMs ?? 2000;
    this.maxInFlight = opts.maxInFlight ?? 4096;
  }

  /** Closes the shared upstream sockets (each once its queries are settled). */
  close(): void {
    this.pools.udp4.close();
    this.pools.udp6.close();
  }

  get active(): number {
    return this.inFlight;
  }

  /** Forwards `query` (a checked client query with one question of `questionBytes` bytes). */
  async forward(query: Buffer, questionBytes: number, upstreams: readonly Upstream[], transport: Transport): Promise<ForwardResult> {
    if (upstreams.length === 0) return { kind: "failed" };
    if (this.inFlight >= this.maxInFlight) return { kind: "busy" };
    this.inFlight++;
    try {
      const clientId = query.readUInt16BE(0);
      const response = await this.tryUpstreams(query, questionBytes, upstreams, transport);
      return response ? { kind: "answer", response: withId(response, clientId) } : { kind: "failed" };
    } finally {
      this.inFlight--;
    }
  }

  private async tryUpstreams(query: Buffer, qBytes: number, upstreams: readonly Upstream[], transport: Transport): Promise<Buffer | undefined> {
    const deadline = Date.now() + this.timeoutMs;
    for (let i = 0; i < upstreams.length; i++) {
      const up = upstreams[i];
      const left = deadline - Date.now();
      if (!up || left <= 0) break;
      const budget = Math.max(1, Math.floor(left / (upstreams.length - i)));
      const res = await this.ask(query, qBytes, up, transport, budget);
      if (res) return res;
    }
    return undefined;
  }

  /** One upstream: its answer, or undefined to try the next. */
  private async ask(query: Buffer, qBytes: number, up: Upstream, transport: Transport, budgetMs: number): Promise<Buffer | undefined> {
    const started = Date.now();
    const res = await this.pools[isIPv6(up.address) ? "udp6" : "udp4"].exchange(query, qBytes, up, budgetMs).catch(() => undefined);
    if (!res) return undefined;
    const flags = res.readUInt16BE(2);
    const rcode = rcodeOf(flags);
    if (rcode === RCODE.SERVFAIL || rcode === RCODE.REFUSED) return undefined;
    if (!isTruncated(flags) || transport === "udp") return res;
    const left = budgetMs - (Date.now() - started);
    const full = left > 0 ? await tcpExchange(withId(query, randomInt(0x10000)), qBytes, up, left).catch(() => undefined) : undefined;
    return full ?? res;
  }
}
