/**
 * Encoded local answers, per client, keyed on the query bytes after the ID (flags, question,
 * EDNS: everything the answer depends on) and the transport. A hit is a copy with the ID
 * patched. Bounded: at `max` entries the cache starts over. Dropped whole when the directory
 * or the client's view changes, so it never outlives the data it was made from.
 */
import type { Transport } from "./wire.js";

/** Queries longer than this are answered without the cache (real questions are far shorter). */
const MAX_KEY_BYTES = 300;

export class AnswerCache {
  private entries = new Map<string, Buffer>();

  constructor(private readonly max = 1024) {}

  /** The key for a query, or undefined when it is not worth caching. */
  static keyOf(query: Buffer, transport: Transport): string | undefined {
    if (query.length > MAX_KEY_BYTES) return undefined;
    return (transport === "udp" ? "u" : "t") + query.toString("latin1", 2);
  }

  get(key: string): Buffer | undefined {
    return this.entries.get(key);
  }

  set(key: string, response: Buffer): void {
    if (this.entries.size >= this.max) this.entries.clear();
    this.entries.set(key, response);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
