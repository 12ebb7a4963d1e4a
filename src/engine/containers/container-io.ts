/** Logs and attach: output read from the container's log (conmon writes it), followed live. */
import type { Container } from "../../model/container.js";
import type { AttachOptions, LogOptions, OutputChunk, StdioSession } from "../container-contract.js";
import type { ContainerCore } from "./container-core.js";
import { fileSize, readLog, recordToChunk } from "./log-reader.js";

export async function containerLogs(core: ContainerCore, c: Container, opts: LogOptions): Promise<AsyncIterable<OutputChunk>> {
  const path = core.deps.runner.paths(c.id).logPath;
  const running = () => core.get(c.id)?.state.status === "running";
  async function* gen(): AsyncGenerator<OutputChunk> {
    const records = [];
    for await (const r of readLog(path, { from: 0, follow: false, done: () => true })) records.push(r);
    const pick = (r: { time: string; stream: string }): boolean => {
      if (r.stream === "stdout" ? !opts.stdout : !opts.stderr) return false;
      const t = Date.parse(r.time) / 1000;
      if (opts.since !== undefined && t < opts.since) return false;
      if (opts.until !== undefined && t > opts.until) return false;
      return true;
    };
    const wanted = records.filter(pick);
    const start = opts.tail === undefined ? 0 : Math.max(0, wanted.length - opts.tail);
    for (const r of wanted.slice(start)) yield recordToChunk(r);
    if (!opts.follow || !running()) return;
    const from = await fileSize(path);
    for await (const r of readLog(path, { from, follow: true, done: () => !running() })) if (pick(r)) yield recordToChunk(r);
  }
  return gen();
}

export async function attachSession(core: ContainerCore, c: Container, opts: AttachOptions): Promise<StdioSession> {
  const path = core.deps.runner.paths(c.id).logPath;
  const attachedAt = Date.now();
  const from = opts.logs ? 0 : await fileSize(path);
  const ac = new AbortController();
  const exitedSince = (): boolean => {
    const cur = core.get(c.id);
    if (!cur) return true;
    return cur.state.status !== "running" && (core.lastExit.get(c.id) ?? 0) >= attachedAt;
  };
  async function* gen(): AsyncGenerator<OutputChunk> {
    if (!opts.stream) return;
    for await (const r of readLog(path, { from, follow: true, done: () => exitedSince() || ac.signal.aborted, signal: ac.signal })) {
      if (r.stream === "stdout" ? opts.stdout : opts.stderr) yield recordToChunk(r);
    }
  }
  return {
    tty: c.config.tty,
    output: gen(),
    resize: async () => undefined,
    close: () => ac.abort(),
  };
}
