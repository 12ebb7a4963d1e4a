/**
 * Reading the daemon's streams as the docker CLI does: stdcopy's demultiplexer for the
 * 8-byte-header frames of a container without a TTY, and jsonmessage's display of a JSON
 * progress stream (import, load, pull) on a non-terminal.
 */
import type { Readable } from "node:stream";

/** A frame on the "system error" stream, or a bad header (stdcopy's errors). */
export class StreamError extends Error {}

/** stdcopy.StdCopy, incrementally: frames for stdout (1) and stderr (2); stdin (0) goes to stdout. */
export class StdDemux {
  private pending: Buffer = Buffer.alloc(0);

  constructor(
    private readonly out: (b: Buffer) => void,
    private readonly err: (b: Buffer) => void,
  ) {}

  push(bytes: Buffer): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, bytes]) : bytes;
    while (this.pending.length >= 8) {
      const stream = this.pending[0]!;
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + size) return;
      const data = this.pending.subarray(8, 8 + size);
      this.pending = this.pending.subarray(8 + size);
      if (stream === 0 || stream === 1) this.out(data);
      else if (stream === 2) this.err(data);
      else if (stream === 3) throw new StreamError(`error from daemon in stream: ${data.toString("utf8")}`);
      else throw new StreamError(`Unrecognized input header: ${stream}`);
    }
  }
}

/** An error message in a JSON progress stream (jsonmessage.JSONError). */
export class JsonMessageError extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

interface JsonMessage {
  stream?: string;
  status?: string;
  id?: string;
  from?: string;
  progress?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { code?: number; message?: string };
  aux?: unknown;
}

/** One message as jsonmessage.Display prints it on a non-terminal; undefined: print nothing. */
function display(m: JsonMessage): string | undefined {
  if (m.errorDetail) throw new JsonMessageError(m.errorDetail.message ?? "", m.errorDetail.code ?? 0);
  const hasProgress = m.progressDetail !== undefined && ((m.progressDetail.current ?? 0) > 0 || (m.progressDetail.total ?? 0) > 0);
  if (hasProgress) return undefined; // no progress bars on a non-terminal
  let out = "";
  if (m.id) out += `${m.id}: `;
  if (m.from) out += `(from ${m.from}) `;
  if (m.progress) return out + `${m.status ?? ""} ${m.progress}`;
  if (m.stream) return out + m.stream;
  return out + `${m.status ?? ""}\n`;
}

/** jsonmessage.DisplayJSONMessagesStream on a non-terminal; rejects with JsonMessageError. */
export async function displayJsonMessages(body: Readable, write: (s: string) => void): Promise<void> {
  let buf = "";
  const handle = (line: string): void => {
    if (line.trim() === "") return;
    const m = JSON.parse(line) as JsonMessage;
    if (m.aux !== undefined) return;
    const text = display(m);
    if (text !== undefined) write(text);
  };
  for await (const chunk of body) {
    buf += (chunk as Buffer).toString("utf8");
    let nl: number;
    while ((nl = buf.indexOf("\n")) >= 0) {
      handle(buf.slice(0, nl));
      buf = buf.slice(nl + 1);
    }
  }
  handle(buf);
}
