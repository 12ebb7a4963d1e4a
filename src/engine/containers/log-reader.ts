/**
 * Reads conmon's k8s-file container log ("<RFC3339Nano> stdout|stderr F|P <text>" per line;
 * P marks a partial line continued by the next record) as output chunks, optionally
 * following it until the container stops.
 */
import { open, stat, type FileHandle } from "node:fs/promises";
import { watch } from "node:fs";
import type { OutputChunk } from "../container-contract.js";

export interface LogRecord {
  readonly time: string;
  readonly stream: "stdout" | "stderr";
  readonly partial: boolean;
  readonly text: string;
}

export function parseLogLine(line: string): LogRecord | undefined {
  const m = /^(\S+) (stdout|stderr) ([FP]) ?(.*)$/s.exec(line);
  if (!m) return undefined;
  return { time: m[1] ?? "", stream: m[2] as "stdout" | "stderr", partial: m[3] === "P", text: m[4] ?? "" };
}

export function recordToChunk(r: LogRecord): OutputChunk {
  return { stream: r.stream, data: Buffer.from(r.partial ? r.text : r.text + "\n"), time: r.time };
}

export async function fileSize(path: string): Promise<number> {
  return (await stat(path).catch(() => undefined))?.size ?? 0;
}

export interface FollowOptions {
  /** Byte offset to start at (0 = the whole log). */
  readonly from: number;
  readonly follow: boolean;
  /** While following: true once the container has stopped (then the rest is drained and the stream ends). */
  readonly done: () => boolean;
  readonly signal?: AbortSignal;
}

/** Yields log records from `path`. */
export async function* readLog(path: string, opts: FollowOptions): AsyncGenerator<LogRecord> {
  let offset = opts.from;
  let rest = "";
  let wake: (() => void) | undefined;
  const watcher = opts.follow ? safeWatch(path, () => wake?.()) : undefined;
  // One handle for the whole read: a container removed right after it exits (run --rm) takes
  // its log file with it, and an open handle still reads what the process wrote last.
  let fh: FileHandle | undefined;
  try {
    for (;;) {
      fh ??= await open(path, "r").catch(() => undefined);
      const { text, size } = await readFrom(fh, offset);
      offset = size;
      const lines = (rest + text).split("\n");
      rest = lines.pop() ?? "";
      for (const l of lines) {
        const r = parseLogLine(l);
        if (r) yield r;
      }
      if (text !== "") continue;
      if (!opts.follow || opts.signal?.aborted) return;
      if (opts.done()) {
        const last = await readFrom(fh, offset);
        if (last.text === "") return;
        continue;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 50);
      });
      wake = undefined;
    }
  } finally {
    watcher?.close();
    await fh?.close();
  }
}

async function readFrom(fh: FileHandle | undefined, offset: number): Promise<{ text: string; size: number }> {
  if (!fh) return { text: "", size: offset };
  const { size } = await fh.stat();
  if (size <= offset) return { text: "", size: Math.min(size, offset) };
  const buf = Buffer.alloc(size - offset);
  const { bytesRead } = await fh.read(buf, 0, buf.length, offset);
  return { text: buf.subarray(0, bytesRead).toString("utf8"), size: offset + bytesRead };
}

function safeWatch(path: string, onChange: () => void): { close(): void } | undefined {
  try {
    return watch(path, { persistent: false }, onChange);
  } catch {
    return undefined;
  }
}
