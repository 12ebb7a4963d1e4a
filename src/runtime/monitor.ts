/**
 * Runs containers under conmon, a small per-container monitor (the one Podman and CRI-O use):
 * it double-forks and calls setsid, so it outlives berthd; it runs `<runtime> create`, keeps
 * the container's stdout/stderr in a k8s-file log and writes the exit code to
 * `<exitDir>/<id>` (128+n for a signal). Berth then calls `<runtime> start`.
 *
 * Without conmon's sync pipe (the exec gateway passes only stdio), "created" is observed by
 * the runtime's --pid-file appearing, and "create failed" by conmon exiting first; the
 * runtime's error is then read from its JSON log (`--log-format=json`), not from stderr.
 */
import { watch } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { BerthError, messageOf, systemError } from "../lib/errors.js";
import { setTimeout as sleep } from "node:timers/promises";
import type { Exec } from "../kernel/exec.js";
import type { OciRuntime } from "./runtime.js";

export const CONMON_BINARY = "/usr/bin/conmon";

export interface MonitorConfig {
  readonly conmon?: string;
  /** Where exit codes are written, one file per container id. */
  readonly exitDir: string;
  /** Where conmon links each container's attach socket directory. */
  readonly socketDir: string;
  /** After a failed `runtime start`, how long to wait for conmon's own exit record (default 2 s). */
  readonly startGraceMs?: number;
}

export interface MonitorStartOptions {
  /** The container log (conmon's k8s-file format: "<RFC3339Nano> stdout|stderr F|P <text>"). */
  readonly logPath: string;
  readonly terminal?: boolean;
  /** Keep a stdin pipe open (attach comes later). */
  readonly stdin?: boolean;
  /** With stdin: keep it open when an attached client leaves (Docker's StdinOnce=false). */
  readonly leaveStdinOpen?: boolean;
  readonly name?: string;
  readonly logSizeMax?: number;
  /** Run when the container exits, e.g. to notify berthd: [binary, ...args]. */
  readonly exitCommand?: readonly string[];
  readonly createTimeoutMs?: number;
}

export interface MonitoredContainer {
  /** The container's init process, in the host pid namespace. */
  readonly pid: number;
  readonly monitorPid: number;
}

/** A container that could not be started; exitCode is what Docker records (127, 126 or 128). */
export class ContainerStartError extends BerthError {
  constructor(
    message: string,
    readonly exitCode: number,
    cause?: unknown,
  ) {
    super(exitCode === 128 ? "System" : "InvalidParameter", message, { cause });
  }
}

/** Docker's translateContainerdStartErr: which exit code a failed start leaves behind. */
export function startFailureExitCode(runtimeMessage: string): number {
  const m = runtimeMessage.toLowerCase();
  if (m.includes("permission denied") || m.includes("is a directory")) return 126;
  if (m.includes("executable file not found") || m.includes("no such file or directory") || m.includes("not a directory")) return 127;
  return 128;
}

/** The last error-level message of a runtime JSON log (runc/crun `--log-format=json`). */
export function lastRuntimeError(log: string): string | undefined {
  let last: string | undefined;
  for (const line of log.split("\n")) {
    if (!line.trim()) continue;
    try {
      const o = JSON.parse(line) as { level?: unknown; msg?: unknown };
      if ((o.level === "error" || o.level === "fatal") && typeof o.msg === "string") last = o.msg;
    } catch {
      last = line.trim(); // not JSON: keep the raw text
    }
  }
  return last;
}

/** Whether a pid names a live (not zombie) process. */
export async function processAlive(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state !== "Z" && state !== "X";
  } catch {
    return false;
  }
}

async function readInt(path: string): Promise<number | undefined> {
  try {
    const n = Number.parseInt((await readFile(path, "utf8")).trim(), 10);
    return Number.isInteger(n) ? n : undefined;
  } catch {
    return undefined;
  }
}

export interface MonitorFiles {
  readonly pidFile: string;
  readonly monitorPidFile: string;
  readonly runtimeLog: string;
}

export class ConmonMonitor {
  private readonly conmon: string;

  constructor(
    private readonly exec: Exec,
    private readonly runtime: OciRuntime,
    private readonly cfg: MonitorConfig,
  ) {
    this.conmon = cfg.conmon ?? CONMON_BINARY;
  }

  /** The conmon binary and where it links attach socket directories (for exec sessions under conmon). */
  get binary(): string {
    return this.conmon;
  }

  get socketDir(): string {
    return this.cfg.socketDir;
  }

  files(bundleDir: string): MonitorFiles {
    return { pidFile: join(bundleDir, "pidfile"), monitorPidFile: join(bundleDir, "conmon.pid"), runtimeLog: join(bundleDir, "runtime.log") };
  }

  exitFile(id: string): string {
    return join(this.cfg.exitDir, id);
  }

  /** conmon's argv for one container (exposed for tests). */
  argv(id: string, bundleDir: string, o: MonitorStartOptions): string[] {
    const f = this.files(bundleDir);
    const runtimeArgs = [...this.runtime.globalArgs(), "--log-format=json", "--log", f.runtimeLog];
    return [
      this.conmon, "--api-version", "1", "-c", id, "-u", id, "-n", o.name ?? id,
      "-r", this.runtime.binary, "-b", bundleDir, "-p", f.pidFile, "-P", f.monitorPidFile,
      "-l", `k8s-file:${o.logPath}`, "--exit-dir", this.cfg.exitDir, "--socket-dir-path", this.cfg.socketDir,
      "--log-level", "error",
      ...runtimeArgs.flatMap((a) => ["--runtime-arg", a]),
      ...(o.terminal ? ["-t"] : []),
      ...(o.stdin ? ["-i"] : []),
      ...(o.stdin && o.leaveStdinOpen ? ["--leave-stdin-open"] : []),
      ...(o.logSizeMax !== undefined ? ["--log-size-max", String(o.logSizeMax)] : []),
      ...exitCommandArgs(o.exitCommand),
    ];
  }

  /** Creates the container under conmon and starts it. Throws ContainerStartError. */
  async start(id: string, bundleDir: string, o: MonitorStartOptions): Promise<MonitoredContainer> {
    const f = this.files(bundleDir);
    await Promise.all([mkdir(this.cfg.exitDir, { recursive: true }), mkdir(this.cfg.socketDir, { recursive: true })]);
    await Promise.all([f.pidFile, f.monitorPidFile, f.runtimeLog, this.exitFile(id)].map((p) => rm(p, { force: true })));
    await this.exec(this.argv(id, bundleDir, o));
    const monitorPid = await readInt(f.monitorPidFile);
    if (monitorPid === undefined) throw systemError(`conmon for container ${id} did not write its pid file`);
    const pid = await this.waitCreated(id, f, monitorPid, o.createTimeoutMs ?? 60_000);
    try {
      await this.runtime.start(id);
    } catch (e) {
      return this.startFailed(id, monitorPid, e);
    }
    return { pid, monitorPid };
  }

  /**
   * `runtime start` failed after a good create. If the process ran and exited (crun reports a
   * failed exec this way), conmon records its code; otherwise the container is force-deleted,
   * conmon is let go, and Docker's code for the error is recorded instead.
   */
  private async startFailed(id: string, monitorPid: number, e: unknown): Promise<never> {
    let code = await this.waitExit(id, { timeoutMs: this.cfg.startGraceMs ?? 2_000 }).catch(() => undefined);
    if (code === undefined) {
      await this.runtime.delete(id, true).catch(() => undefined);
      for (let i = 0; i < 100 && (await processAlive(monitorPid)); i++) await sleep(20);
      code = startFailureExitCode(messageOf(e));
      await writeFile(this.exitFile(id), String(code));
    }
    throw new ContainerStartError(`failed to start container ${id}: ${messageOf(e)}`, code, e);
  }

  private async waitCreated(id: string, f: MonitorFiles, monitorPid: number, timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (let delay = 1; ; delay = Math.min(delay * 2, 4)) {
      const pid = await readInt(f.pidFile);
      if (pid !== undefined && pid > 0) return pid;
      if (!(await processAlive(monitorPid))) return this.createFailed(id, f);
      if (Date.now() > deadline) {
        process.kill(monitorPid, "SIGKILL"); // its `runtime create` child dies with it (PDEATHSIG)
        await this.runtime.delete(id, true).catch(() => undefined);
        throw systemError(`timed out after ${timeoutMs} ms creating container ${id}`);
      }
      await sleep(delay);
    }
  }

  /** Records the Docker exit code for a failed create (conmon writes none) and throws. */
  private async createFailed(id: string, f: MonitorFiles): Promise<never> {
    const log = await readFile(f.runtimeLog, "utf8").catch(() => "");
    const msg = lastRuntimeError(log) ?? "conmon exited before the container was created";
    const code = startFailureExitCode(msg);
    await writeFile(this.exitFile(id), String(code));
    await this.runtime.delete(id, true).catch(() => undefined);
    const text = `failed to create task for container: failed to create shim task: OCI runtime create failed: ${msg}: unknown`;
    throw new ContainerStartError(text, code);
  }

  /** The recorded exit code, or undefined while the container runs (or never ran). */
  readExitCode(id: string): Promise<number | undefined> {
    return readInt(this.exitFile(id));
  }

  /**
   * Waits for the exit file; rejects after timeoutMs (default: wait forever). Woken by inotify
   * on the exit directory (conmon renames the file into place), with a slow poll as a backstop.
   */
  async waitExit(id: string, opts: { readonly timeoutMs?: number } = {}): Promise<number> {
    const now = await this.readExitCode(id);
    if (now !== undefined) return now;
    await mkdir(this.cfg.exitDir, { recursive: true });
    return new Promise<number>((resolve, reject) => {
      let done = false;
      const finish = (fn: () => void): void => {
        if (done) return;
        done = true;
        watcher.close();
        clearInterval(poll);
        clearTimeout(timer);
        fn();
      };
      const check = (): void =>
        void this.readExitCode(id).then((code) => {
          if (code !== undefined) finish(() => resolve(code));
        });
      const watcher = watch(this.cfg.exitDir, (_event, name) => {
        if (name === null || name === id) check();
      });
      watcher.on("error", () => undefined); // the poll still runs
      const poll = setInterval(check, 250);
      const timer =
        opts.timeoutMs !== undefined
          ? setTimeout(() => finish(() => reject(systemError(`timed out waiting for container ${id} to exit`))), opts.timeoutMs)
          : undefined;
      check(); // the file may have appeared before the watch began
    });
  }

  /** Forgets a recorded exit code (before a restart, or on removal). */
  async clearExit(id: string): Promise<void> {
    await rm(this.exitFile(id), { force: true });
  }

  /** Whether the container's conmon still runs (e.g. after a daemon restart). */
  async monitorAlive(id: string, bundleDir: string): Promise<boolean> {
    const pid = await readInt(this.files(bundleDir).monitorPidFile);
    if (pid === undefined || !(await processAlive(pid))) return false;
    const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
    return cmdline.split("\0").includes(id); // pid reuse guard: conmon's argv names the id
  }
}

function exitCommandArgs(cmd: readonly string[] | undefined): string[] {
  if (!cmd || cmd.length === 0) return [];
  const [bin, ...args] = cmd;
  return ["--exit-command", bin ?? "", ...args.flatMap((a) => ["--exit-command-arg", a])];
}
