/**
 * conmon's attach socket and control FIFO, the way into a running container's (or a conmon
 * exec session's) stdio. conmon binds `<bundle>/attach` (also reached through the symlink
 * `<socket-dir>/<id>`) as a SOCK_SEQPACKET unix socket, which Node cannot open by itself:
 * the node-unix-socket package does. The protocol (conmon 2.1, src/conn_sock.c, ctr_stdio.c):
 * - each packet conmon sends is one read of the process's output behind one byte naming the
 *   pipe: 2 = stdout, 3 = stderr (a TTY's output is all stdout);
 * - each packet a client sends goes as-is to the process's stdin; conmon reads at most
 *   32767 bytes of a packet (the rest would be lost), so writes are split;
 * - when a client half-closes or closes, conmon closes the process's stdin if it runs with
 *   -i and without --leave-stdin-open;
 * - output from before a client connected is not replayed (it is in the log), and conmon
 *   closes every client when the process has exited and its output is drained.
 * A TTY is resized by writing "1 <height> <width>\n" to the `ctl` FIFO in the bundle.
 */
import { constants } from "node:fs";
import { open } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { SeqpacketSocket } from "node-unix-socket";
import { AsyncQueue } from "./async-queue.js";

export const PIPE_STDOUT = 2;
export const PIPE_STDERR = 3;
/** Bytes of stdin per packet (conmon's receive buffer is 32 KiB - 1). */
export const MAX_STDIN_PACKET = 8192;
/** sun_path holds 107 bytes and a NUL. */
const SUN_PATH_MAX = 107;
/** conmon ignores sizes outside 0..1000 (and a rejected line would block its control channel). */
const MAX_TTY_DIMENSION = 1000;

export interface AttachPacket {
  readonly stream: "stdout" | "stderr";
  readonly data: Buffer;
}

/** One client connection to an attach socket. */
export interface AttachConnection {
  /** The process's output; ends when conmon closes the connection (the process exited) or on close(). */
  readonly output: AsyncIterable<AttachPacket>;
  /** Sends bytes to the process's stdin. Resolves once handed to the kernel; dropped once closed. */
  write(data: Buffer): Promise<void>;
  /** Half-closes: conmon then closes the process's stdin (unless --leave-stdin-open). Output goes on. */
  endInput(): Promise<void>;
  /** Closes the connection; queued output is dropped. */
  close(): void;
}

/** Connects to an attach socket by path; rejects when there is none or nobody listens. */
export type AttachConnector = (socketPath: string) => Promise<AttachConnection>;

/** A packet from conmon as an output chunk; undefined for an empty or unknown one. */
export function decodeAttachPacket(packet: Buffer): AttachPacket | undefined {
  if (packet.length < 2) return undefined;
  const pipe = packet[0];
  if (pipe !== PIPE_STDOUT && pipe !== PIPE_STDERR) return undefined;
  return { stream: pipe === PIPE_STDOUT ? "stdout" : "stderr", data: Buffer.from(packet.subarray(1)) };
}

/** Splits stdin bytes into packets conmon reads whole. */
export function stdinPackets(data: Buffer, max = MAX_STDIN_PACKET): Buffer[] {
  const out: Buffer[] = [];
  for (let off = 0; off < data.length; off += max) out.push(data.subarray(off, Math.min(off + max, data.length)));
  return out;
}

/** The control line for a TTY resize, dimensions clamped to what conmon accepts. */
export function resizeLine(height: number, width: number): string {
  const clamp = (n: number): number => Math.min(MAX_TTY_DIMENSION, Math.max(0, Math.floor(Number.isFinite(n) ? n : 0)));
  return `1 ${clamp(height)} ${clamp(width)}\n`;
}

/**
 * Asks conmon to resize the TTY through its `ctl` FIFO. Returns false when nobody reads it
 * (no such FIFO, or conmon has exited): the resize of a stopped process is moot.
 */
export async function writeResize(ctlPath: string, height: number, width: number): Promise<boolean> {
  const fh = await open(ctlPath, constants.O_WRONLY | constants.O_NONBLOCK).catch(() => undefined);
  if (!fh) return false;
  try {
    await fh.write(resizeLine(height, width));
    return true;
  } catch {
    return false;
  } finally {
    await fh.close();
  }
}

class SeqpacketAttach implements AttachConnection {
  private readonly queue = new AsyncQueue<AttachPacket>();
  private closed = false;
  /** Writes and half-closes waiting for the kernel: settled at once when the socket goes. */
  private readonly pending = new Set<() => void>();
  readonly output: AsyncIterable<AttachPacket> = this.queue;

  constructor(private readonly sock: SeqpacketSocket) {
    sock.on("data", (b: Buffer) => {
      const p = decodeAttachPacket(b);
      if (p) this.queue.push(p);
    });
    const done = (): void => {
      this.closed = true;
      this.queue.end();
      this.settleAll();
    };
    sock.on("end", done);
    sock.on("close", done);
    sock.on("error", done); // a reset by a conmon that went away: the output simply ends
  }

  private settleAll(): void {
    for (const settle of this.pending) settle();
    this.pending.clear();
  }

  /** Runs `start` with a callback that resolves the returned promise (once). */
  private waitFor(start: (settle: () => void) => void): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const settle = (): void => {
        this.pending.delete(settle);
        resolve();
      };
      this.pending.add(settle);
      try {
        start(settle);
      } catch {
        settle(); // destroyed meanwhile: stdin of a gone process is discarded
      }
    });
  }

  write(data: Buffer): Promise<void> {
    const packets = stdinPackets(data);
    if (packets.length === 0) return Promise.resolve();
    return this.waitFor((settle) =>
      packets.forEach((p, i) => this.sock.write(p, 0, p.length, i === packets.length - 1 ? settle : undefined)),
    );
  }

  endInput(): Promise<void> {
    return this.waitFor((settle) => this.sock.end(settle));
  }

  close(): void {
    this.closed = true;
    this.queue.abort();
    this.settleAll();
    this.sock.destroy();
  }
}

function connectAt(path: string): Promise<AttachConnection> {
  return new Promise((resolve, reject) => {
    const sock = new SeqpacketSocket();
    const conn = new SeqpacketAttach(sock);
    const onError = (e: Error): void => reject(e);
    sock.once("error", onError);
    try {
      sock.connect(path, () => {
        sock.off("error", onError);
        resolve(conn);
      });
    } catch (e) {
      sock.destroy();
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}

/**
 * The real connector. A path too long for sun_path (deep exec roots) is reached through
 * /proc/self/fd/<dir fd>/attach, as conmon binds it.
 */
export const seqpacketConnector: AttachConnector = async (socketPath) => {
  if (Buffer.byteLength(socketPath) <= SUN_PATH_MAX) return connectAt(socketPath);
  const dir = await open(dirname(socketPath), constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    return await connectAt(`/proc/self/fd/${dir.fd}/${basename(socketPath)}`);
  } finally {
    await dir.close();
  }
};
