/**
 * A single-consumer queue read as an async iterable: producers push from event handlers
 * (socket data), the consumer awaits. end() lets the consumer drain what is queued; abort()
 * drops it. Iterating ends once the queue has ended and is empty.
 */
export class AsyncQueue<T> implements AsyncIterable<T> {
  private items: T[] = [];
  private ended = false;
  private wake: (() => void) | undefined;

  push(item: T): void {
    if (this.ended) return;
    this.items.push(item);
    this.notify();
  }

  /** No more items; what is queued is still delivered. */
  end(): void {
    this.ended = true;
    this.notify();
  }

  /** No more items, and what is queued is dropped. */
  abort(): void {
    this.items = [];
    this.end();
  }

  private notify(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (;;) {
      if (this.items.length > 0) {
        yield this.items.shift() as T;
        continue;
      }
      if (this.ended) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}
