/**
 * Encoded local answers, per client, keyed on the query bytes after the ID (flags, question,
 * EDNS: everything the answer depends on) and the transport. A hit is a copy with the ID
 * patched. Bounded: at `max` entries the cache starts over. Dropped whole when the directory
 * or the client's view changes, so it never outlives the data it was made from. UDP entries are
 * also given to a mirror when there is one (the native responder, which then answers them
 * without asking JavaScript); it is cleared with the cache.
 */
import type { Transport } from "./wire.js";

/** Queries longer than this are answered without the cache (real questions are far shorter). */
const MAX_KEY_BYTES = 300;

/** Another holder of the same UDP answers, keyed on the query bytes after the ID. */
export interface CacheMirror {
  put(key: Buffer, answer: Buffer): void;
  clear(): void;
}

export class AnswerCache {
  private entries = new Map<string, Buffer>();

  constructor(
    private readonly max = 1024,
    private readonly mirror?: CacheMirror,
  ) {}

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
    if (this.mirror && key.startsWith("u")) this.mirror.put(Buffer.from(key.slice(1), "latin1"), response);
  }

  clear(): void {
    this.entries.clear();
    this.mirror?.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
