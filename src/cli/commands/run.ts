/**
 * `berth run`: docker's runContainer. Create; without -d attach (hijacked, before start),
 * wait for next-exit (or removal with --rm), start, stream the output and exit with the
 * container's code; with -d print the ID. Errors as docker reports them (125/126/127).
 */
import { ApiError, ConnectionError } from "../client.js";
import { containerPost } from "../client-containers.js";
import { waitContainer, type Hijacked, type PendingWait } from "../client-stream.js";
import { boolFlag, opt, type CommandDef, type RunContext } from "../command.js";
import { StatusError } from "../errors.js";
import { ReferenceError } from "../format/reference.js";
import { JsonMessageError } from "../stream-output.js";
import { streamHijacked, type StreamEnd } from "../attach-io.js";
import { attachContainer, bytesErr, bytesOut, forwardSignals, monitorTtySize, startErrorCode } from "../container-session.js";
import { createContainer, parseSpec, reportError } from "./create.js";
import { CREATE_OPTIONS, RUN_ONLY_OPTIONS } from "./run-opts.js";
import type { CreateSpec } from "./run-parse.js";

const isReportable = (e: unknown): e is Error =>
  e instanceof ApiError || e instanceof ReferenceError || e instanceof JsonMessageError || e instanceof ConnectionError;

/** The attach half of a run: the hijacked stream, piped as docker's attachContainer does. */
async function attach(ctx: RunContext, id: string, spec: CreateSpec, detachKeys: string): Promise<{ done: Promise<StreamEnd>; cancel(): void }> {
  const c = spec.config;
  let h: Hijacked;
  try {
    h = await attachContainer(ctx.client(), id, { stdin: c.AttachStdin, stdout: c.AttachStdout, stderr: c.AttachStderr, detachKeys });
  } catch (e) {
    if (e instanceof ApiError) throw new StatusError(1, e.message);
    throw e;
  }
  const io = ctx.io;
  const done = streamHijacked(h, {
    tty: c.Tty,
    stdin: c.AttachStdin ? io.stdin?.() : undefined,
    stdout: c.AttachStdout ? bytesOut(io) : undefined,
    stderr: c.AttachStderr ? (c.Tty ? bytesOut(io) : bytesErr(io)) : undefined,
    detachKeys,
    terminal: io.terminal,
  });
  return { done, cancel: () => h.socket.destroy() };
}

async function runContainer(ctx: RunContext, spec: CreateSpec, opts: Readonly<Record<string, unknown>>): Promise<number> {
  const c = spec.config;
  let id: string;
  try {
    id = await createContainer(ctx, spec, opt(opts, "pull", "missing"));
  } catch (e) {
    if (isReportable(e)) throw reportError("run", e.message, startErrorCode(e.message));
    throw e;
  }
  const cleanups: (() => void)[] = [];
  if (boolFlag(opts, "sig-proxy") ?? true) cleanups.push(forwardSignals(ctx, id));
  const detached = !c.AttachStdout && !c.AttachStderr;
  if (detached) ctx.io.stdout(id + "\n");
  let wait: PendingWait | undefined;
  try {
    const attaching = c.AttachStdin || c.AttachStdout || c.AttachStderr;
    const stream = attaching ? await attach(ctx, id, spec, opt(opts, "detachKeys", "")) : undefined;
    wait = await waitContainer(ctx.client(), id, spec.hostConfig.AutoRemove ? "removed" : "next-exit");
    try {
      await containerPost(ctx.client(), id, "start");
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      stream?.cancel();
      if (spec.hostConfig.AutoRemove) await wait.result.catch(() => undefined);
      throw reportError("run", e.message, startErrorCode(e.message));
    }
    if (attaching && c.Tty && ctx.io.terminal?.stdoutIsTerminal) cleanups.push(monitorTtySize(ctx, id, false));
    if (stream && (await stream.done) === "detached") return 0;
    if (detached) return 0;
    const status = await wait.result.catch((e: unknown) => {
      ctx.io.stderr(`error waiting for container: ${e instanceof Error ? e.message : String(e)}\n`);
      return { StatusCode: 125, Error: null };
    });
    if (status.Error) {
      ctx.io.stderr(`Error waiting for container: ${status.Error.Message}\n`);
      return 125;
    }
    return status.StatusCode;
  } finally {
    wait?.abort();
    for (const f of cleanups) f();
  }
}

export const run: CommandDef = {
  name: "run",
  usage: "[OPTIONS] IMAGE [COMMAND] [ARG...]",
  summary: "Create and run a new container from an image",
  args: { min: 1 },
  stopAtFirstArg: true,
  helpFlags: "--help",
  options: [...RUN_ONLY_OPTIONS, ...CREATE_OPTIONS].sort((a, b) => a.flags.replace(/^-\w, /, "").localeCompare(b.flags.replace(/^-\w, /, ""))),
  async run(ctx, args, opts) {
    const spec = parseSpec(ctx, "run", args, opts);
    const c = spec.config;
    if (!(boolFlag(opts, "detach") ?? false)) {
      if (c.AttachStdin && c.Tty && ctx.io.terminal?.stdinIsTerminal !== true) throw new StatusError(1, "the input device is not a TTY");
    } else {
      if (opt<string[]>(opts, "attach", []).length) throw new StatusError(1, "conflicting options: cannot specify both --attach and --detach");
      c.AttachStdin = c.AttachStdout = c.AttachStderr = c.StdinOnce = false;
    }
    return runContainer(ctx, spec, opts);
  },
};
