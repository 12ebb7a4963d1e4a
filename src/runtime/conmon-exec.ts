/**
 * Exec sessions under conmon (`conmon --exec`), as Podman runs them: conmon runs
 * `<runtime> exec --detach --tty --console-socket … --process <spec>`, takes the TTY's
 * master end, writes the output to a k8s-file log and to attach-socket clients, feeds
 * stdin from them, resizes through its `ctl` FIFO and records the exit code. Berth uses it
 * for TTY execs: Node has no pty of its own.
 *
 * Each session has its own directory (conmon's "bundle"): process.json, pid files, the log,
 * the attach socket, ctl, and `exits/<container id>` (conmon names the exit file after the
 * container, so it must not share the containers' exit directory).
 *
 * Without conmon's sync pipes (the exec gateway passes only stdio) the process is known to
 * run once the runtime wrote its pid file, and to have failed to start when conmon is gone
 * or the runtime logged an error first.
 */
import { watch } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { BerthError, invalidParameter } from "../lib/errors.js";
import type { Exec } from "../kernel/exec.js";
import { lastRuntimeError, processAlive, startFailureExitCode } from "./monitor.js";
import type { OciProcess } from "./oci-types.js";
import type { OciRuntime } from "./runtime.js";

export interface ConmonExecConfig {
  readonly conmon: string;
  /** Where conmon links each session's directory (its attach socket), as for containers. */
  readonly socketDir: string;
}

export interface ExecSessionSpec {
  readonly containerId: string;
  /** Names the session (conmon's -u, the socket link). */
  readonly execId: string;
  /** The session's own directory. */
  readonly dir: string;
  readonly process: OciProcess;
  /** Open stdin for attach clients (-i). */
  readonly stdin: boolean;
}

export interface ExecSessionPaths {
  readonly processFile: string;
  readonly pidFile: string;
  readonly monitorPidFile: string;
  readonly logPath: string;
  readonly runtimeLog: string;
  readonly exitDir: string;
  readonly exitFile: string;
  readonly socketPath: string;
  readonly ctlPath: string;
}

export interface StartedExec {
  readonly pid: number;
  readonly monitorPid: number;
}

/** An exec whose process did not start; exitCode is Docker's (126 or 127, else 126). */
export class ExecStartError extends BerthError {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super("System", message);
  }
}

export function execSessionPaths(s: Pick<ExecSessionSpec, "dir" | "containerId">): ExecSessionPaths {
  const exitDir = join(s.dir, "exits");
  return {
    processFile: join(s.dir, "process.json"),
    pidFile: join(s.dir, "pid"),
    monitorPidFile: join(s.dir, "conmon.pid"),
    logPath: join(s.dir, "exec.log"),
    runtimeLog: join(s.dir, "runtime.log"),
    exitDir,
    exitFile: join(exitDir, s.containerId),
    socketPath: join(s.dir, "attach"),
    ctlPath: join(s.dir, "ctl"),
  };
}

/** `docker exec --user`: "uid[:gid]" (numeric, or root; no passwd lookup); empty keeps the container's. */
export function execUser(user: string, base: OciProcess["user"]): OciProcess["user"] {
  if (user === "") return base;
  const [u = "", g] = user.split(":");
  const num = (s: string, what: string): number => {
    if (s === "root") return 0;
    if (!/^[0-9]+$/.test(s)) throw invalidParameter(`unable to find ${what} ${s}: no matching entries in ${what === "user" ? "passwd" : "group"} file`);
    return Number(s);
  };
  return { uid: num(u, "user"), gid: g === undefined ? (u === "root" ? 0 : base.gid) : num(g, "group") };
}

/** Docker's ReplaceOrAppendEnvValues: a KEY=VALUE replaces the same key, a bare KEY removes it. */
export function replaceOrAppendEnv(base: readonly string[], over: readonly string[]): string[] {
  const key = (kv: string): string => (kv.includes("=") ? kv.slice(0, kv.indexOf("=")) : kv);
  const out = [...base];
  for (const kv of over) {
    const i = out.findIndex((b) => key(b) === key(kv));
    if (!kv.includes("=")) {
      if (i >= 0) out.splice(i, 1);
    } else if (i >= 0) out[i] = kv;
    else out.push(kv);
  }
  return out;
}

/** The exec's process: the container's (capabilities, rlimits, …) with the exec's args, env, cwd, user, TTY. */
export function execProcess(
  base: OciProcess,
  o: { readonly args: readonly string[]; readonly env: readonly string[]; readonly cwd: string; readonly user: string; readonly terminal: boolean },
): OciProcess {
  const term = o.terminal && !base.env.some((kv) => kv.startsWith("TERM=")) ? ["TERM=xterm"] : [];
  return {
    ...base,
    terminal: o.terminal,
    args: [...o.args],
    env: replaceOrAppendEnv([...base.env, ...term], o.env),
    cwd: o.cwd || base.cwd,
    user: execUser(o.user, base.user),
  };
}

async function readInt(path: string): Promise<number | undefined> {
  const n = Number.parseInt((await readFile(path, "utf8").catch(() => "")).trim(), 10);
  return Number.isInteger(n) ? n : undefined;
}

export class ConmonExec {
  constructor(
    private readonly exec: Exec,
    private readonly runtime: OciRuntime,
    private readonly cfg: ConmonExecConfig,
  ) {}

  argv(s: ExecSessionSpec): string[] {
    const p = execSessionPaths(s);
    const runtimeArgs = [...this.runtime.globalArgs(), "--log-format=json", "--log", p.runtimeLog];
    return [
      this.cfg.conmon, "--api-version", "1", "-c", s.containerId, "-u", s.execId, "-r", this.runtime.binary,
      "-b", s.dir, "-p", p.pidFile, "-P", p.monitorPidFile, "-l", `k8s-file:${p.logPath}`,
      "--exit-dir", p.exitDir, "--socket-dir-path", this.cfg.socketDir, "--log-level", "error",
      ...runtimeArgs.flatMap((a) => ["--runtime-arg", a]),
      "-e", "--exec-process-spec", p.processFile, "-t", ...(s.stdin ? ["-i"] : []),
    ];
  }

  /** Starts the session; resolves once the process runs. Throws ExecStartError. */
  async start(s: ExecSessionSpec, timeoutMs = 30_000): Promise<StartedExec> {
    const p = execSessionPaths(s);
    await mkdir(p.exitDir, { recursive: true });
    await writeFile(p.processFile, JSON.stringify(s.process));
    await this.exec(this.argv(s));
    const monitorPid = await readInt(p.monitorPidFile);
    if (monitorPid === undefined) throw new ExecStartError(`conmon for exec ${s.execId} did not write its pid file`, 126);
    const deadline = Date.now() + timeoutMs;
    for (let delay = 1; ; delay = Math.min(delay * 2, 8)) {
      const pid = await readInt(p.pidFile);
      if (pid !== undefined && pid > 0) return { pid, monitorPid };
      const failed = lastRuntimeError(await readFile(p.runtimeLog, "utf8").catch(() => ""));
      if (failed !== undefined || !(await processAlive(monitorPid))) return this.startFailed(failed, monitorPid);
      if (Date.now() > deadline) {
        process.kill(monitorPid, "SIGKILL");
        throw new ExecStartError(`timed out after ${timeoutMs} ms starting exec ${s.execId}`, 126);
      }
      await sleep(delay);
    }
  }

  private async startFailed(message: string | undefined, monitorPid: number): Promise<never> {
    if (await processAlive(monitorPid)) process.kill(monitorPid, "SIGKILL"); // it would linger until the runtime's timeout
    const msg = message ?? "conmon exited before the process started";
    const code = startFailureExitCode(msg);
    throw new ExecStartError(`OCI runtime exec failed: ${msg}: unknown`, code === 128 ? 126 : code);
  }

  /**
   * The exit code, once conmon wrote it (after the output is drained into the log). A conmon
   * that went away without one (killed) counts as 137.
   */
  async waitExit(s: ExecSessionSpec, monitorPid: number, signal?: AbortSignal): Promise<number> {
    const p = execSessionPaths(s);
    let wake: (() => void) | undefined;
    const watcher = safeWatch(p.exitDir, () => wake?.());
    try {
      for (;;) {
        const code = await readInt(p.exitFile);
        if (code !== undefined) return code;
        if (signal?.aborted) return 137;
        if (!(await processAlive(monitorPid))) return (await readInt(p.exitFile)) ?? 137;
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 250);
        });
        wake = undefined;
      }
    } finally {
      watcher?.close();
    }
  }

  /** Removes the session's directory and conmon's link to it. */
  async cleanup(s: ExecSessionSpec): Promise<void> {
    await rm(join(this.cfg.socketDir, s.execId), { force: true });
    await rm(s.dir, { recursive: true, force: true });
  }
}

function safeWatch(dir: string, onChange: () => void): { close(): void } | undefined {
  try {
    return watch(dir, { persistent: false }, onChange);
  } catch {
    return undefined;
  }
}
