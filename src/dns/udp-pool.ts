/**
 * UDP sockets for forwarded queries, shared instead of one per query (binding and closing a
 * socket per query cost more than the query): a few sockets per address family, each used for
 * at most `usesPerSocket` queries and then replaced, so the source port keeps changing; a
 * random ID unique on its socket per query. An answer must come from the upstream asked, carry
 * that ID and echo the question (answersQuery), else it is ignored.
 */
import { randomInt } from "node:crypto";
import dgram from "node:dgram";
import type { Upstream } from "./types.js";
import { answersQuery, sameAddress } from "./upstream-exchange.js";
import { withId } from "./wire.js";

interface Pending {
  readonly query: Buffer;
  readonly qBytes: number;
  readonly up: Upstream;
  readonly done: (res: Buffer | undefined) => void;
}

interface Slot {
  readonly sock: dgram.Socket;
  readonly pending: Map<number, Pending>;
  uses: number;
}

export class UdpPool {
  private readonly slots: (Slot | undefined)[];
  private next = 0;

  constructor(
    private readonly family: "udp4" | "udp6",
    size = 8,
    private readonly usesPerSocket = 100,
  ) {
    this.slots = new Array<Slot | undefined>(size).fill(undefined);
  }

  private openSlot(): Slot {
    const slot: Slot = { sock: dgram.createSocket(this.family), pending: new Map(), uses: 0 };
    slot.sock.unref(); // pending queries hold timers; an idle pool never keeps the process up
    slot.sock.on("error", () => this.retire(slot));
    slot.sock.on("message", (msg, rinfo) => {
      if (msg.length < 12) return;
      const p = slot.pending.get(msg.readUInt16BE(0));
      if (!p || rinfo.port !== p.up.port || !sameAddress(rinfo.address, p.up.address)) return;
      if (answersQuery(msg, p.query, p.qBytes)) p.done(msg);
    });
    return slot;
  }

  /** Takes the slot out of rotation; its socket closes once its last query is settled. */
  private retire(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots[i] = undefined;
    if (slot.pending.size === 0) closeQuietly(slot.sock);
  }

  private pick(): Slot {
    const i = this.next;
    this.next = (this.next + 1) % this.slots.length;
    let slot = this.slots[i];
    if (!slot || slot.uses >= this.usesPerSocket) {
      if (slot) this.retire(slot);
      slot = this.openSlot();
      this.slots[i] = slot;
    }
    slot.uses++;
    return slot;
  }

  /** Sends `query` (its ID is replaced) to `up`; the answer, or undefined on timeout or error. */
  exchange(query: Buffer, qBytes: number, up: Upstream, timeoutMs: number): Promise<Buffer | undefined> {
    const slot = this.pick();
    let id = randomInt(0x10000);
    while (slot.pending.has(id)) id = (id + 1) & 0xffff;
    const out = withId(query, id);
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(undefined), timeoutMs);
      const done = (res: Buffer | undefined): void => {
        if (slot.pending.get(id) !== entry) return;
        clearTimeout(timer);
        slot.pending.delete(id);
        if (slot.pending.size === 0 && !this.slots.includes(slot)) closeQuietly(slot.sock);
        resolve(res);
      };
      const entry: Pending = { query: out, qBytes, up, done };
      slot.pending.set(id, entry);
      slot.sock.send(out, up.port, up.address, (err) => {
        if (err) done(undefined);
      });
    });
  }

  close(): void {
    for (const slot of this.slots) if (slot) this.retire(slot);
  }
}

function closeQuietly(sock: dgram.Socket): void {
  try {
    sock.close();
  } catch {
    /* already closed */
  }
}
