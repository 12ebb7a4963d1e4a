/**
 * The docker CLI's hijackedIOStreamer: copies a hijacked connection's output to stdout and
 * stderr (demultiplexed without a TTY, raw with one), forwards stdin (then half-closes, as
 * CloseWrite), puts the terminal in raw mode for an interactive TTY and watches for the
 * detach keys (ctrl-p ctrl-q by default).
 */
import type { Readable } from "node:stream";
import type { Hijacked } from "./client-stream.js";
import type { TerminalIO } from "./command.js";
import { StdDemux } from "./stream-output.js";

export interface StreamOptions {
  readonly tty: boolean;
  readonly stdin?: Readable | undefined;
  readonly stdout?: ((b: Buffer) => void) | undefined;
  readonly stderr?: ((b: Buffer) => void) | undefined;
  readonly detachKeys?: string | undefined;
  readonly terminal?: TerminalIO | undefined;
}

export type StreamEnd = "done" | "detached";

/** term.ToBytes: "ctrl-p,ctrl-q" or single characters; undefined when invalid. */
export function detachKeyBytes(keys: string): Buffer | undefined {
  const out: number[] = [];
  for (const k of keys.split(",")) {
    const m = /^ctrl-([a-z@[\\\]^_])$/.exec(k);
    if (m) out.push(m[1]!.charCodeAt(0) & 0x1f);
    else if (k.length === 1) out.push(k.charCodeAt(0));
    else return undefined;
  }
  return Buffer.from(out);
}

/** term.NewEscapeProxy: withholds a partial escape sequence; reports a full one. */
class EscapeProxy {
  private matched = 0;
  constructor(private readonly keys: Buffer) {}
  /** The bytes to forward, and whether the escape sequence was typed. */
  feed(chunk: Buffer): { forward: Buffer; escaped: boolean } {
    const out: number[] = [];
    for (const b of chunk) {
      if (b === this.keys[this.matched]) {
        this.matched++;
        if (this.matched === this.keys.length) return { forward: Buffer.from(out), escaped: true };
        continue;
      }
      out.push(...this.keys.subarray(0, this.matched), b);
      this.matched = 0;
    }
    return { forward: Buffer.from(out), escaped: false };
  }
}

function pumpOutput(h: Hijacked, o: StreamOptions): Promise<void> {
  const { socket } = h;
  const out = o.stdout ?? (() => undefined);
  const err = o.stderr ?? (() => undefined);
  const demux = o.tty ? undefined : new StdDemux(out, err);
  const take = (b: Buffer): void => {
    if (b.length === 0) return;
    if (demux) demux.push(b);
    else out(b);
  };
  return new Promise((resolve) => {
    const finish = (): void => resolve();
    take(h.head);
    socket.on("data", take);
    socket.once("end", finish);
    socket.once("close", finish);
    socket.once("error", finish);
  });
}

function pumpInput(h: Hijacked, o: StreamOptions, onDetach: () => void): Promise<void> {
  const stdin = o.stdin;
  if (!stdin) {
    h.socket.end();
    return Promise.resolve();
  }
  const keys = o.tty ? (detachKeyBytes(o.detachKeys ?? "") ?? Buffer.from([16, 17])) : undefined;
  const proxy = keys ? new EscapeProxy(keys) : undefined;
  return new Promise((resolve) => {
    const onData = (chunk: Buffer | string): void => {
      const b = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      const { forward, escaped } = proxy ? proxy.feed(b) : { forward: b, escaped: false };
      if (forward.length && !h.socket.writableEnded) h.socket.write(forward);
      if (escaped) {
        stdin.off("data", onData);
        onDetach();
      }
    };
    stdin.on("data", onData);
    stdin.once("end", () => {
      stdin.off("data", onData);
      if (!h.socket.writableEnded) h.socket.end();
      resolve();
    });
    stdin.once("error", () => resolve());
  });
}

/** hijackedIOStreamer.stream: resolves when the output ends (or the input, with no output), or on detach. */
export async function streamHijacked(h: Hijacked, o: StreamOptions): Promise<StreamEnd> {
  const raw = o.tty && o.stdin !== undefined && o.terminal?.stdinIsTerminal === true;
  if (raw) o.terminal?.setRaw(true);
  let detached!: () => void;
  const detach = new Promise<StreamEnd>((resolve) => (detached = () => resolve("detached")));
  try {
    const hasOutput = o.stdout !== undefined || o.stderr !== undefined;
    const output = hasOutput ? pumpOutput(h, o).then((): StreamEnd => "done") : undefined;
    const input = pumpInput(h, o, detached).then((): StreamEnd => "done");
    const first = await Promise.race([detach, ...(output ? [output] : [input])]);
    return first;
  } finally {
    if (raw) o.terminal?.setRaw(false);
    h.socket.destroy();
    o.stdin?.pause();
  }
}
