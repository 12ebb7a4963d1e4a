/**
 * Docker's stdio stream formats (pkg/stdcopy): for a container without a TTY each write is a
 * frame, an 8-byte header [stream, 0, 0, 0, size (uint32 big-endian)] then the payload;
 * with a TTY the bytes go raw. Also the fixed-width timestamps of `logs --timestamps`.
 */
import type { OutputChunk } from "../engine/container-contract.js";

export const MEDIA_RAW_STREAM = "application/vnd.docker.raw-stream";
export const MEDIA_MULTIPLEXED_STREAM = "application/vnd.docker.multiplexed-stream";

export type StreamId = 0 | 1 | 2;
export const STREAM_IDS: Readonly<Record<"stdin" | "stdout" | "stderr", StreamId>> = { stdin: 0, stdout: 1, stderr: 2 };

const HEADER_SIZE = 8;
/** stdcopy's writer never frames more than this at once (it has no limit, but we keep frames bounded). */
const MAX_FRAME = 1 << 20;

/** The 8-byte frame header. */
export function frameHeader(stream: StreamId, size: number): Buffer {
  const h = Buffer.alloc(HEADER_SIZE);
  h[0] = stream;
  h.writeUInt32BE(size, 4);
  return h;
}

/** One payload framed for `stream` (split into frames of at most 1 MiB). Empty data gives no bytes. */
export function frame(stream: StreamId, data: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let off = 0; off < data.length; off += MAX_FRAME) {
    const piece = data.subarray(off, Math.min(off + MAX_FRAME, data.length));
    parts.push(frameHeader(stream, piece.length), piece);
  }
  return Buffer.concat(parts);
}

/** What goes on the wire for one output chunk: raw for a TTY, else framed. */
export function encodeChunk(chunk: OutputChunk, tty: boolean, prefix?: string): Buffer {
  const data = prefix === undefined ? chunk.data : Buffer.concat([Buffer.from(prefix), chunk.data]);
  return tty ? data : frame(STREAM_IDS[chunk.stream], data);
}

export interface DecodedFrame {
  readonly stream: StreamId;
  readonly data: Buffer;
}

/** Incremental decoder of a multiplexed stream (tests, clients). */
export class FrameDecoder {
  private pending: Buffer = Buffer.alloc(0);

  /** Feeds bytes; returns the frames completed so far. Throws on a bad stream id. */
  push(bytes: Buffer): DecodedFrame[] {
    this.pending = this.pending.length === 0 ? bytes : Buffer.concat([this.pending, bytes]);
    const out: DecodedFrame[] = [];
    while (this.pending.length >= HEADER_SIZE) {
      const id = this.pending[0] ?? 0;
      if (id > 2) throw new Error(`unrecognized input header: ${id}`);
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < HEADER_SIZE + size) break;
      out.push({ stream: id as StreamId, data: this.pending.subarray(HEADER_SIZE, HEADER_SIZE + size) });
      this.pending = this.pending.subarray(HEADER_SIZE + size);
    }
    return out;
  }

  /** Bytes of an incomplete frame still held. */
  get buffered(): number {
    return this.pending.length;
  }
}

/** Demultiplexes a whole stream into stdout and stderr text (tests). */
export function demultiplex(bytes: Buffer): { stdout: string; stderr: string } {
  const frames = new FrameDecoder().push(bytes);
  const pick = (s: StreamId): string => Buffer.concat(frames.filter((f) => f.stream === s).map((f) => f.data)).toString();
  return { stdout: pick(1), stderr: pick(2) };
}

const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/**
 * jsonmessage.RFC3339NanoFixed ("2006-01-02T15:04:05.000000000Z07:00"): the fraction always
 * has nine digits. Anything unparseable is returned unchanged.
 */
export function rfc3339NanoFixed(time: string): string {
  const m = RFC3339.exec(time);
  if (!m) return time;
  return `${m[1] ?? ""}.${(m[2] ?? "").padEnd(9, "0")}${m[3] ?? ""}`;
}
