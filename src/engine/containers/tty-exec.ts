/**
 * TTY execs (`docker exec -t`) under conmon (runtime/conmon-exec.ts), since Node has no pty
 * of its own: the TTY is the runtime's, conmon holds its master end. Output is read from the
 * session's log as conmon writes it (byte for byte: "\r\n" and partial lines survive the
 * k8s-file format), because a client can only connect to the attach socket once the process
 * already runs and conmon replays nothing; stdin goes to the attach socket; resizes to the
 * ctl FIFO. The exit code is conmon's exit file, written after the log is drained.
 * Detaching leaves the process running (as Docker's); the session directory is removed once
 * the process has exited and nobody reads its log.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { messageOf } from "../../lib/errors.js";
import { writeResize, type AttachConnection } from "../../runtime/attach-socket.js";
import { execProcess, execSessionPaths, type ExecSessionSpec } from "../../runtime/conmon-exec.js";
import type { OciSpec } from "../../runtime/oci-types.js";
import type { ExecSpec, OutputChunk, StdioSession } from "../container-contract.js";
import type { ContainerRunner } from "./container-runner.js";
import { readLog, recordToChunk } from "./log-reader.js";
import { socketStdin } from "./socket-session.js";

export interface TtyExecInput {
  readonly runner: ContainerRunner;
  readonly containerId: string;
  readonly execId: string;
  readonly spec: ExecSpec;
  /** false: detached (`docker exec -d -t`), nothing reads the output. */
  readonly attach: boolean;
  readonly log: (line: string) => void;
}

export interface TtyExec {
  readonly pid: number;
  /** Settles with the exit code. */
  readonly exited: Promise<number>;
  readonly session: StdioSession;
  resize(height: number, width: number): Promise<void>;
}

async function sessionSpec(i: TtyExecInput): Promise<ExecSessionSpec> {
  const paths = i.runner.paths(i.containerId);
  const container = JSON.parse(await readFile(paths.configFile, "utf8")) as OciSpec;
  const proc = execProcess(container.process, {
    args: i.spec.cmd,
    env: i.spec.env,
    cwd: i.spec.workingDir,
    user: i.spec.user,
    terminal: true,
  });
  return { containerId: i.containerId, execId: i.execId, dir: join(paths.bundleDir, "execs", i.execId), process: proc, stdin: i.spec.attachStdin && i.attach };
}

/** Starts a TTY exec; throws ExecStartError (with Docker's exit code) when its process cannot start. */
export async function startTtyExec(i: TtyExecInput): Promise<TtyExec> {
  const cx = i.runner.conmonExec;
  const s = await sessionSpec(i);
  const started = await cx.start(s).catch(async (e: unknown) => {
    await cx.cleanup(s).catch(() => undefined);
    throw e;
  });
  const paths = execSessionPaths(s);
  const ac = new AbortController();
  let exited = false;
  let reading = i.attach;
  const cleanup = (): void => {
    if (exited && !reading) void cx.cleanup(s).catch((e) => i.log(`exec ${i.execId.slice(0, 12)} cleanup: ${messageOf(e)}`));
  };
  const exitedP = cx.waitExit(s, started.monitorPid).then((code) => {
    exited = true;
    cleanup();
    return code;
  });
  const conn: Promise<AttachConnection | undefined> = s.stdin ? i.runner.attach(paths.socketPath).catch(() => undefined) : Promise.resolve(undefined);
  const close = (): void => {
    ac.abort();
    void conn.then((c) => c?.close());
    if (reading) {
      reading = false;
      cleanup();
    }
  };
  async function* output(): AsyncGenerator<OutputChunk> {
    if (!i.attach) return;
    try {
      for await (const r of readLog(paths.logPath, { from: 0, follow: true, done: () => exited, signal: ac.signal })) {
        yield { stream: "stdout", data: recordToChunk(r).data };
      }
    } finally {
      close();
    }
  }
  const resize = async (h: number, w: number): Promise<void> => void (await writeResize(paths.ctlPath, h, w));
  const session: StdioSession = {
    tty: true,
    output: output(),
    ...(s.stdin ? { stdin: socketStdin(conn, "close-stdin", close) } : {}),
    resize,
    close,
  };
  return { pid: started.pid, exited: exitedP, session, resize };
}
