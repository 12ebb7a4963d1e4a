/**
 * The one gateway through which Berth spawns external binaries (ip, nft, sysctl, runc, ...).
 * argv arrays only, never shell strings; a timeout; stderr captured into a typed error.
 * A command can be pointed at a network namespace (nsenter). The daemon itself enters another
 * namespace only in src/kernel/netns-socket.ts, on one thread, for one synchronous call.
 * spawnPersistent() starts a long-lived child (a co-process such as `ip -batch -`) the same way.
 */
import { spawn } from "node:child_process";
import { Socket } from "node:net";
import type { Readable, Writable } from "node:stream";
import { systemError } from "../lib/errors.js";

/** Where a command runs: the daemon's own network namespace, or another one by path. */
export type Netns = { readonly kind: "current" } | { readonly kind: "path"; readonly path: string };

export const CURRENT_NETNS: Netns = { kind: "current" };
export const netnsAt = (path: string): Netns => ({ kind: "path", path });
/** A namespace made by `ip netns add NAME`. */
export const namedNetns = (name: string): Netns => netnsAt(`/run/netns/${name}`);
/** Whether two Netns values name the same namespace the same way (two paths to one namespace differ). */
export const sameNetns = (a: Netns, b: Netns): boolean =>
  a.kind === "current" ? b.kind === "current" : b.kind === "path" && a.path === b.path;

export interface ExecOptions {
  readonly netns?: Netns;
  readonly stdin?: string;
  readonly timeoutMs?: number;
  /** Exit codes that are not failures (default [0]). */
  readonly okCodes?: readonly number[];
  readonly env?: Readonly<Record<string, string>>;
}

export interface ExecResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A failed command: which binary, its exit code and what it printed on stderr. */
export class ExecError extends Error {
  override readonly name = "ExecError";
  constructor(
    readonly argv: readonly string[],
    readonly code: number | null,
    readonly stderr: string,
    reason: string,
  ) {
    super(`${argv.join(" ")}: ${reason}${stderr.trim() ? `: ${stderr.trim()}` : ""}`);
  }
}

export type Exec = (argv: readonly string[], opts?: ExecOptions) => Promise<ExecResult>;

const DEFAULT_TIMEOUT_MS = 30_000;
/** BERTH_TRACE_EXEC=1 logs every spawn with its duration to stderr (for profiling). */
const TRACE = process.env["BERTH_TRACE_EXEC"] === "1";

function withNetns(argv: readonly string[], netns: Netns | undefined): readonly string[] {
  if (!netns || netns.kind === "current") return argv;
  return ["nsenter", `--net=${netns.path}`, "--", ...argv];
}

/** Spawns a binary and collects its output. Rejects with ExecError on failure or timeout. */
export const exec: Exec = (argv, opts = {}) => {
  const full = withNetns(argv, opts.netns);
  const [bin, ...args] = full;
  if (!bin) return Promise.reject(systemError("exec: empty argv"));
  const t0 = TRACE ? performance.now() : 0;
  return new Promise<ExecResult>((resolve, reject) => {
    const child = spawn(bin, args, {
      stdio: ["pipe", "pipe", "pipe"],
      env: opts.env ? { ...process.env, ...opts.env } : process.env,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(new ExecError(full, null, "", e.message));
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      const res = { code: code ?? -1, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
      if (timedOut) reject(new ExecError(full, code, res.stderr, `timed out after ${opts.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms`));
      else if (!(opts.okCodes ?? [0]).includes(res.code)) reject(new ExecError(full, code, res.stderr, `exit status ${res.code}`));
      else resolve(res);
    });
    child.stdin.on("error", () => undefined); // a binary that exits before reading stdin
    child.stdin.end(opts.stdin ?? "");
  }).finally(() => {
    if (TRACE) process.stderr.write(`exec ${(performance.now() - t0).toFixed(1)} ms: ${full.join(" ").slice(0, 160)}\n`);
  });
};

/** How a persistent child ended: exit code or signal, or the error that kept it from starting. */
export interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly error?: Error;
}

/** A long-lived child with its three pipes; see spawnPersistent(). */
export interface PersistentChild {
  /** The full argv as run (with nsenter in front for another namespace). */
  readonly argv: readonly string[];
  readonly pid: number | undefined;
  readonly stdin: Writable;
  readonly stdout: Readable;
  readonly stderr: Readable;
  /** Settles once when the child has exited (all pipes closed) or failed to start; never rejects. */
  readonly exited: Promise<ChildExit>;
  kill(signal?: NodeJS.Signals): void;
  /** Lets the daemon exit while the child runs (the child then sees EOF on stdin). */
  unref(): void;
}

export interface PersistentOptions {
  readonly netns?: Netns;
  readonly env?: Readonly<Record<string, string>>;
}

export type SpawnPersistent = (argv: readonly string[], opts?: PersistentOptions) => PersistentChild;

/** Starts a long-lived child with piped stdin/stdout/stderr. The caller owns and must end it. */
export const spawnPersistent: SpawnPersistent = (argv, opts = {}) => {
  const full = withNetns(argv, opts.netns);
  const [bin, ...args] = full;
  if (!bin) throw systemError("spawnPersistent: empty argv");
  const child = spawn(bin, args, {
    stdio: ["pipe", "pipe", "pipe"],
    env: opts.env ? { ...process.env, ...opts.env } : process.env,
  });
  if (TRACE) process.stderr.write(`spawn persistent pid ${child.pid ?? "?"}: ${full.join(" ").slice(0, 160)}\n`);
  const exited = new Promise<ChildExit>((resolve) => {
    child.once("error", (error) => resolve({ code: null, signal: null, error }));
    child.once("close", (code, signal) => resolve({ code, signal }));
  });
  child.stdin.on("error", () => undefined); // EPIPE after the child died: reported through `exited`
  return {
    argv: full,
    pid: child.pid,
    stdin: child.stdin,
    stdout: child.stdout,
    stderr: child.stderr,
    exited,
    kill: (signal = "SIGTERM") => void child.kill(signal),
    unref: () => {
      child.unref();
      for (const s of [child.stdin, child.stdout, child.stderr]) if (s instanceof Socket) s.unref();
    },
  };
};
