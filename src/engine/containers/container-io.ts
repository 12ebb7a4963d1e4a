/**
 * Logs and attach. Logs are read from the container's log (conmon writes it), followed live.
 * Attach with stdin, or to a TTY, goes through conmon's attach socket (socket-session.ts):
 * - to a running container: output and stdin on the socket (raw, as conmon reads them),
 *   a log replay first when asked;
 * - before the start (`docker run`, `docker start -a`): conmon and its socket do not exist
 *   yet and conmon replays nothing to late clients, so output follows the log from the
 *   attach on, and stdin waits for the start, then goes to the socket.
 * Other attaches (output only, no TTY) follow the log.
 */
import type { Container } from "../../model/container.js";
import type { AttachConnection } from "../../runtime/attach-socket.js";
import type { AttachOptions, LogOptions, OutputChunk, StdioSession } from "../container-contract.js";
import type { ContainerCore } from "./container-core.js";
import { fileSize, readLog, recordToChunk } from "./log-reader.js";
import { socketSession, socketStdin, type StdinEnd } from "./socket-session.js";

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
  const stdin = opts.stdin && c.config.openStdin;
  if (!opts.stream || !(stdin || c.config.tty)) return logSession(core, c, opts, false);
  if (c.state.status !== "running") return logSession(core, c, opts, stdin);
  const runner = core.deps.runner;
  const conn = await runner.attach(runner.stdioPaths(c.id).socket).catch(() => undefined);
  if (!conn) return logSession(core, c, { ...opts, stdin: false }, false); // exiting: the log has the rest
  return socketSession({
    tty: c.config.tty,
    conn,
    stdout: opts.stdout,
    stderr: opts.stderr,
    replay: opts.logs ? await logReplay(core, c, opts) : [],
    ...(stdin ? { stdin: stdinEnd(c) } : {}),
    resize: (h, w) => resizeContainerTty(core, c.id, h, w),
  });
}

/** Resizes a container's TTY (a no-op when it has none, or is not running). */
export async function resizeContainerTty(core: ContainerCore, id: string, height: number, width: number): Promise<void> {
  const c = core.get(id);
  if (c?.config.tty && c.state.status === "running") await core.deps.runner.resizeTty(id, height, width);
}

function stdinEnd(c: Container): StdinEnd {
  return c.config.stdinOnce ? "close-stdin" : "detach";
}

async function logReplay(core: ContainerCore, c: Container, opts: AttachOptions): Promise<OutputChunk[]> {
  const out: OutputChunk[] = [];
  const path = core.deps.runner.paths(c.id).logPath;
  for await (const r of readLog(path, { from: 0, follow: false, done: () => true })) {
    if (r.stream === "stdout" ? opts.stdout : opts.stderr) out.push(recordToChunk(r));
  }
  return out;
}

/** Output from the log (from the attach on, or all of it with logs=1) until the container's next exit. */
async function logSession(core: ContainerCore, c: Container, opts: AttachOptions, withStdin: boolean): Promise<StdioSession> {
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
    // stream=0: the log replay alone (logs=1), or nothing
    const follow = opts.stream;
    for await (const r of readLog(path, { from, follow, done: () => exitedSince() || ac.signal.aborted, signal: ac.signal })) {
      if (r.stream === "stdout" ? opts.stdout : opts.stderr) yield recordToChunk(r);
    }
  }
  const close = (): void => ac.abort();
  const conn = withStdin ? connectAfterStart(core, c.id, ac.signal) : undefined;
  void conn?.then((sock) => (ac.signal.aborted ? sock?.close() : ac.signal.addEventListener("abort", () => sock?.close())));
  return {
    tty: c.config.tty,
    output: gen(),
    ...(conn ? { stdin: socketStdin(conn, stdinEnd(c), close) } : {}),
    resize: (h, w) => resizeContainerTty(core, c.id, h, w),
    close,
  };
}

/**
 * The attach socket once the container runs: undefined when it does not start (a failed
 * start, removal), when the session is closed first, or when conmon is already gone.
 */
function connectAfterStart(core: ContainerCore, id: string, closed: AbortSignal): Promise<AttachConnection | undefined> {
  const runner = core.deps.runner;
  return new Promise((resolve) => {
    let done = false;
    const finish = (connect: boolean): void => {
      if (done) return;
      done = true;
      core.events.off("start", onStart);
      core.events.off("exit", onEnd);
      core.events.off("remove", onEnd);
      closed.removeEventListener("abort", onAbort);
      if (!connect) return resolve(undefined);
      runner.attach(runner.stdioPaths(id).socket).then(resolve, () => resolve(undefined));
    };
    const onStart = (cid: string): void => void (cid === id && finish(true));
    const onEnd = (cid: string): void => void (cid === id && finish(false));
    const onAbort = (): void => finish(false);
    core.events.on("start", onStart);
    core.events.on("exit", onEnd);
    core.events.on("remove", onEnd);
    closed.addEventListener("abort", onAbort);
    if (core.get(id)?.state.status === "running") finish(true); // started before we listened
  });
}
