/**
 * An in-memory attach socket for unit tests: the test plays conmon (emit output packets,
 * end the connection) and reads what the client sent (stdin bytes, half-close, close).
 */
import { AsyncQueue } from "./async-queue.js";
import type { AttachConnection, AttachConnector, AttachPacket } from "./attach-socket.js";

export class FakeAttachConnection implements AttachConnection {
  private readonly queue = new AsyncQueue<AttachPacket>();
  readonly output: AsyncIterable<AttachPacket> = this.queue;
  /** Every stdin write, in order. */
  readonly written: Buffer[] = [];
  inputEnded = false;
  closed = false;

  constructor(readonly path: string) {}

  /** conmon sends output. */
  emit(stream: "stdout" | "stderr", data: string | Buffer): void {
    this.queue.push({ stream, data: Buffer.from(data) });
  }

  /** conmon closes the connection (the process exited). */
  hangUp(): void {
    this.queue.end();
  }

  get stdinText(): string {
    return Buffer.concat(this.written).toString();
  }

  async write(data: Buffer): Promise<void> {
    if (this.closed || this.inputEnded) return;
    this.written.push(Buffer.from(data));
  }

  async endInput(): Promise<void> {
    this.inputEnded = true;
  }

  close(): void {
    this.closed = true;
    this.queue.abort();
  }
}

/** A connector over fake sockets: `listen(path)` makes one connectable (once per listen). */
export class FakeAttachSockets {
  private readonly listening = new Map<string, FakeAttachConnection[]>();
  /** Every connection made, in order. */
  readonly connections: FakeAttachConnection[] = [];
  /** Paths clients tried, in order. */
  readonly attempts: string[] = [];

  listen(path: string): FakeAttachConnection {
    const conn = new FakeAttachConnection(path);
    this.listening.set(path, [...(this.listening.get(path) ?? []), conn]);
    return conn;
  }

  readonly connect: AttachConnector = async (path) => {
    this.attempts.push(path);
    const [next, ...rest] = this.listening.get(path) ?? [];
    if (!next) throw Object.assign(new Error(`connect ${path}: No such file or directory`), { code: "ENOENT" });
    this.listening.set(path, rest);
    this.connections.push(next);
    return next;
  };
}
