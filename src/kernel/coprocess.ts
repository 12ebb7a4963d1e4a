/**
 * A persistent child that serves requests one at a time over a line protocol, so that hot
 * paths do not pay a process spawn per kernel operation (see ip-session.ts, nft-session.ts).
 *
 * Sync markers ride on stderr: stdout and stderr are separate pipes with no ordering between
 * them, so a request is delimited on the one stream that carries its errors. After the lines
 * of a request a marker command is written that is certain to fail, recognisably, and touches
 * nothing in the kernel; every stderr line before the marker's own error belongs to the request.
 * stdout is drained and ignored.
 *
 * Requests are queued (exclusive() holds the child across several round trips). If the child
 * dies or a request times out, that request fails with a CoprocessError and the next request
 * starts a fresh child. Children are unref'd: an idle co-process never keeps the daemon alive,
 * and when the daemon exits the child sees EOF on stdin and exits too.
 */
import { randomBytes } from "node:crypto";
import { ExecError, spawnPersistent, type ChildExit, type Netns, type PersistentChild, type SpawnPersistent } from "./exec.js";

/** How a co-process speaks: its command line and its marker. */
export interface CoprocessProtocol {
  readonly argv: readonly string[];
  /**
   * The marker written after a request: one or more lines, each ending in "\n". `tag` is unique
   * to the request; `line` is the 1-based input line number its first line gets in this child.
   */
  marker(tag: string, line: number): string;
  /**
   * Given the stderr lines received since the request was written (without "\n"): once the
   * marker's complete error is among them, how many leading lines belong to the request;
   * undefined while it has not fully arrived.
   */
  requestLines(lines: readonly string[], tag: string, line: number): number | undefined;
}

export interface CoprocessReply {
  /** What the child printed on stderr for this request: complete lines, each ending in "\n". */
  readonly stderr: string;
  /** The 1-based input line number of the request's first line, counted from the child's start. */
  readonly firstLine: number;
}

export type CoprocessFailure = "exited" | "timeout" | "closed";

/** A request that got no reply: the child died, did not answer in time, or the session is closed. */
export class CoprocessError extends ExecError {
  constructor(
    argv: readonly string[],
    readonly failure: CoprocessFailure,
    code: number | null,
    stderr: string,
    reason: string,
  ) {
    super(argv, code, stderr, reason);
  }
}

export interface CoprocessOptions {
  readonly netns?: Netns;
  /** Per request (default 30 s, as exec). */
  readonly timeoutMs?: number;
  /** Injectable for tests; default the exec gateway's spawnPersistent. */
  readonly spawn?: SpawnPersistent;
  /** End the child after this long without requests (the next request starts a new one); default never. */
  readonly idleMs?: number;
}

/** Sends one request (text of whole lines) and waits for its marker. Valid only inside exclusive(). */
export type CoprocessSend = (text: string) => Promise<CoprocessReply>;

interface Pending {
  readonly tag: string;
  readonly firstLine: number;
  readonly markerLine: number;
  readonly resolve: (reply: CoprocessReply) => void;
  readonly reject: (e: Error) => void;
}

interface Running {
  readonly child: PersistentChild;
  /** Input lines written so far. */
  lines: number;
  /** An incomplete stderr line. */
  partial: string;
  /** Complete stderr lines since the pending request was written. */
  collected: string[];
  pending: Pending | undefined;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const CLOSE_GRACE_MS = 1_000;
const newlines = (text: string): number => text.split("\n").length - 1;

export class Coprocess {
  private running: Running | undefined;
  private tail: Promise<unknown> = Promise.resolve();
  private closed = false;
  private seq = 0;
  private readonly nonce = randomBytes(4).toString("hex");
  private started = 0;
  /** Jobs queued or running; the idle timer runs only at 0. */
  private busy = 0;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly protocol: CoprocessProtocol,
    private readonly opts: CoprocessOptions = {},
  ) {}

  /** How many children have been started so far (a restart starts one more). */
  get starts(): number {
    return this.started;
  }

  /** The running child's pid, if one is running. */
  get pid(): number | undefined {
    return this.running?.child.pid;
  }

  /** One request on its own. */
  request(text: string): Promise<CoprocessReply> {
    return this.exclusive((send) => send(text));
  }

  /** Runs `job` with the child to itself: no other request is interleaved with its requests. */
  exclusive<T>(job: (send: CoprocessSend) => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      let active = true;
      const send: CoprocessSend = (text) => {
        if (!active) return Promise.reject(new Error("coprocess: send() used outside its exclusive() job"));
        return this.send(text);
      };
      try {
        return await job(send);
      } finally {
        active = false;
      }
    };
    this.busy++;
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    const result = this.tail.then(run, run);
    this.tail = result.catch(() => undefined).finally(() => {
      if (--this.busy === 0) this.armIdle();
    });
    return result;
  }

  /** After idleMs without requests the child is ended (EOF); a later request starts a new one. */
  private armIdle(): void {
    const ms = this.opts.idleMs;
    if (ms === undefined || this.running === undefined || this.closed) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      const r = this.running;
      if (this.busy > 0 || r === undefined) return;
      this.running = undefined;
      r.child.stdin.end();
      setTimeout(() => r.child.kill("SIGKILL"), CLOSE_GRACE_MS).unref();
    }, ms);
    this.idleTimer.unref();
  }

  /** Waits for queued requests, then ends the child (EOF, then SIGKILL after a grace period). */
  close(): Promise<void> {
    return this.exclusive(async () => {
      this.closed = true;
      const r = this.running;
      this.running = undefined;
      if (!r) return;
      r.child.stdin.end();
      const grace = setTimeout(() => r.child.kill("SIGKILL"), CLOSE_GRACE_MS); // also holds the loop until the child is gone
      await r.child.exited;
      clearTimeout(grace);
    });
  }

  private send(text: string): Promise<CoprocessReply> {
    const argv = this.protocol.argv;
    if (this.closed) return Promise.reject(new CoprocessError(argv, "closed", null, "", "the session is closed"));
    const body = text.endsWith("\n") ? text : `${text}\n`;
    let r: Running;
    try {
      r = this.running ?? this.start();
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    const firstLine = r.lines + 1;
    const markerLine = firstLine + newlines(body);
    const tag = `${this.nonce}-${++this.seq}`;
    const marker = this.protocol.marker(tag, markerLine);
    r.lines = markerLine - 1 + newlines(marker);
    r.collected = [];
    return new Promise<CoprocessReply>((resolve, reject) => {
      const timeoutMs = this.opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      const timer = setTimeout(() => {
        r.pending = undefined;
        this.discard(r);
        reject(new CoprocessError(r.child.argv, "timeout", null, joinLines(r.collected), `no reply within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = <A>(f: (a: A) => void) => (a: A): void => {
        clearTimeout(timer);
        r.pending = undefined;
        f(a);
      };
      r.pending = { tag, firstLine, markerLine, resolve: done(resolve), reject: done(reject) };
      r.child.stdin.write(body + marker);
    });
  }

  private start(): Running {
    const child = (this.opts.spawn ?? spawnPersistent)(this.protocol.argv, this.opts.netns ? { netns: this.opts.netns } : {});
    this.started++;
    child.unref();
    const r: Running = { child, lines: 0, partial: "", collected: [], pending: undefined };
    this.running = r;
    child.stdout.resume();
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => this.onStderr(r, chunk));
    void child.exited.then((exit) => this.onExit(r, exit));
    return r;
  }

  private onStderr(r: Running, chunk: string): void {
    const parts = (r.partial + chunk).split("\n");
    r.partial = parts.pop() ?? "";
    const p = r.pending;
    if (!p) return; // nothing is waiting: a child that is being discarded
    r.collected.push(...parts);
    const n = this.protocol.requestLines(r.collected, p.tag, p.markerLine);
    if (n !== undefined) p.resolve({ stderr: joinLines(r.collected.slice(0, n)), firstLine: p.firstLine });
  }

  private onExit(r: Running, exit: ChildExit): void {
    if (this.running === r) this.running = undefined;
    const p = r.pending;
    if (!p) return;
    const stderr = joinLines(r.collected) + r.partial;
    const how = exit.error ? `failed to start: ${exit.error.message}` : exit.signal ? `killed by ${exit.signal}` : `exited with status ${exit.code ?? "?"}`;
    p.reject(new CoprocessError(r.child.argv, "exited", exit.code, stderr, `the co-process ${how}`));
  }

  /** Forgets a child that can no longer be trusted (a timed-out request) and kills it. */
  private discard(r: Running): void {
    if (this.running === r) this.running = undefined;
    r.child.kill("SIGKILL");
  }
}

const joinLines = (lines: readonly string[]): string => lines.map((l) => `${l}\n`).join("");
