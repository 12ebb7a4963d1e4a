/**
 * `docker exec`. Without a TTY: a process started in a running container with
 * `<runtime> exec`, run as a child of berthd with pipes (an exec session ends with the
 * daemon, as Docker's do with containerd gone), stdout/stderr streamed separately. With a
 * TTY (-t): under conmon, which holds the pty (tty-exec.ts); output is raw.
 */
import { conflict, notFound } from "../../lib/errors.js";
import { randomHexId } from "../../lib/ids.js";
import type { SpawnPersistent } from "../../kernel/exec.js";
import type { OciRuntime } from "../../runtime/runtime.js";
import { ExecStartError } from "../../runtime/conmon-exec.js";
import type { ExecDetail, ExecService, ExecSpec, OutputChunk, StdioSession } from "../container-contract.js";
import type { ContainerCore } from "./container-core.js";
import { startTtyExec, type TtyExec } from "./tty-exec.js";

interface ExecRecord {
  readonly id: string;
  readonly containerId: string;
  readonly spec: ExecSpec;
  running: boolean;
  exitCode: number | null;
  pid: number;
  /** A running TTY exec (for resizes). */
  tty?: TtyExec;
  /** A resize that came before the TTY existed (the CLI sends it as it starts the exec). */
  pendingSize?: { readonly height: number; readonly width: number };
}

const MAX_FINISHED = 1000;

export class DefaultExecService implements ExecService {
  private readonly execs = new Map<string, ExecRecord>();

  constructor(
    private readonly core: ContainerCore,
    private readonly runtime: OciRuntime,
    private readonly spawn: SpawnPersistent,
  ) {}

  async create(containerRef: string, spec: ExecSpec): Promise<{ readonly id: string }> {
    const c = this.core.find(containerRef);
    if (c.state.status !== "running") throw conflict(`container ${c.id} is not running`);
    const id = randomHexId();
    this.execs.set(id, { id, containerId: c.id, spec, running: false, exitCode: null, pid: 0 });
    this.trim();
    return { id };
  }

  private trim(): void {
    if (this.execs.size <= MAX_FINISHED) return;
    for (const [id, r] of this.execs) {
      if (!r.running && r.exitCode !== null) this.execs.delete(id);
      if (this.execs.size <= MAX_FINISHED) return;
    }
  }

  private get(id: string): ExecRecord {
    const r = this.execs.get(id);
    if (!r) throw notFound(`No such exec instance: ${id}`);
    return r;
  }

  async start(id: string, opts: { readonly detach: boolean; readonly tty: boolean }): Promise<StdioSession> {
    const r = this.get(id);
    if (r.running || r.exitCode !== null) throw conflict(`Error: Exec command ${id} has already run`);
    const c = this.core.get(r.containerId);
    if (!c || c.state.status !== "running") throw conflict(`container ${r.containerId} is not running`);
    if (opts.tty || r.spec.tty) return this.startTty(r, opts.detach);
    return this.startPiped(r, c.id, opts.detach);
  }

  /** Without a TTY: `<runtime> exec` as berthd's child, its pipes streamed as stdout and stderr. */
  private startPiped(r: ExecRecord, containerId: string, detach: boolean): StdioSession {
    const argv = [
      this.runtime.binary, ...this.runtime.globalArgs(), "exec",
      ...r.spec.env.flatMap((e) => ["--env", e]),
      ...(r.spec.workingDir ? ["--cwd", r.spec.workingDir] : []),
      ...(r.spec.user ? ["--user", r.spec.user] : []),
      containerId, ...r.spec.cmd,
    ];
    const child = this.spawn(argv);
    r.running = true;
    r.pid = child.pid ?? 0;
    // The runtime's own failure to start the command (exit 255 and its "exec failed" text)
    // becomes Docker's codes: 127 when the command is missing, 126 when it cannot run.
    let startError = "";
    const finished = child.exited.then((e) => {
      r.running = false;
      r.exitCode = e.code === 255 && /exec failed/.test(startError) ? startFailureCode(startError) : (e.code ?? (e.signal ? 128 + 9 : 126));
    });
    if (!r.spec.attachStdin || detach) child.stdin.end();
    async function* output(): AsyncGenerator<OutputChunk> {
      if (detach) return;
      const queue: OutputChunk[] = [];
      let wake: (() => void) | undefined;
      let open = 2;
      const push = (stream: "stdout" | "stderr") => (data: Buffer) => {
        if (stream === "stderr" && startError.length < 4096) startError += data.toString();
        queue.push({ stream, data });
        wake?.();
      };
      const end = (): void => {
        open--;
        wake?.();
      };
      child.stdout.on("data", push("stdout")).on("end", end);
      child.stderr.on("data", push("stderr")).on("end", end);
      for (;;) {
        const next = queue.shift();
        if (next) {
          yield next;
          continue;
        }
        if (open === 0) break;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
      await finished;
    }
    return {
      tty: false,
      output: output(),
      ...(r.spec.attachStdin && !detach ? { stdin: child.stdin } : {}),
      resize: async () => undefined,
      close: () => child.kill("SIGKILL"),
    };
  }

  private async startTty(r: ExecRecord, detach: boolean): Promise<StdioSession> {
    r.running = true;
    let t: TtyExec;
    try {
      t = await startTtyExec({ runner: this.core.deps.runner, containerId: r.containerId, execId: r.id, spec: r.spec, attach: !detach, log: this.core.deps.log });
    } catch (e) {
      r.running = false;
      r.exitCode = e instanceof ExecStartError ? e.exitCode : 126;
      throw e;
    }
    r.pid = t.pid;
    r.tty = t;
    void t.exited.then((code) => {
      r.running = false;
      r.exitCode = code;
      delete r.tty;
    });
    if (r.pendingSize) await t.resize(r.pendingSize.height, r.pendingSize.width);
    return t.session;
  }

  async inspect(id: string): Promise<ExecDetail> {
    const r = this.get(id);
    return { id: r.id, containerId: r.containerId, spec: r.spec, running: r.running, exitCode: r.exitCode, pid: r.pid };
  }

  async resize(id: string, height: number, width: number): Promise<void> {
    const r = this.get(id);
    if (r.tty) await r.tty.resize(height, width);
    else if (r.exitCode === null) r.pendingSize = { height, width };
  }
}

/** dockerd's exit code for an exec whose command could not be started. */
export function startFailureCode(runtimeError: string): number {
  return /executable file not found|no such file or directory/i.test(runtimeError) ? 127 : 126;
}
