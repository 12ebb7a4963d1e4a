/**
 * `berth exec`: docker's RunExec. Inspect the container first (so "No such container" wins),
 * create the exec, then either start it detached or hijack POST /exec/{id}/start and stream,
 * and exit with the code from GET /exec/{id}/json.
 */
import { containerInspect, execCreate, execInspect } from "../client-containers.js";
import { hijack } from "../client-stream.js";
import { boolFlag, opt, type CommandDef } from "../command.js";
import { StatusError } from "../errors.js";
import { listOpt } from "../flags.js";
import { streamHijacked } from "../attach-io.js";
import { bytesErr, bytesOut, monitorTtySize } from "../container-session.js";
import { encodeExecCreate, encodeExecStart, type ExecSpec } from "../wire-encode-container.js";
import { parseEnvFile, validateEnv } from "./run-validate.js";
import { readFileSync } from "node:fs";

function execEnv(files: readonly string[], env: readonly string[], lookup: (k: string) => string | undefined): string[] | null {
  const out: string[] = [];
  for (const f of files) {
    let content: Buffer;
    try {
      content = readFileSync(f);
    } catch {
      throw new StatusError(1, `open ${f}: no such file or directory`);
    }
    try {
      out.push(...parseEnvFile(f, content, lookup));
    } catch (e) {
      throw new StatusError(1, (e as Error).message);
    }
  }
  // opts.ValidateEnv expands a bare name from the CLI's environment when it is set.
  for (const e of env) out.push(e.includes("=") || lookup(e) === undefined ? e : `${e}=${lookup(e) ?? ""}`);
  return out.length ? out : null;
}

export const exec: CommandDef = {
  name: "exec",
  usage: "[OPTIONS] CONTAINER COMMAND [ARG...]",
  summary: "Execute a command in a running container",
  args: { min: 2 },
  stopAtFirstArg: true,
  options: [
    { flags: "-d, --detach", help: ["Detached mode: run command in the background"], bool: true },
    { flags: "--detach-keys <string>", help: ["Override the key sequence for detaching a container"] },
    { flags: "-e, --env <list>", help: ["Set environment variables"], parser: (c, f) => listOpt(c, f, validateEnv), defaultValue: [] },
    { flags: "--env-file <list>", help: ["Read in a file of environment variables"], parser: () => (v: string, prev: string[]) => [...prev, v], defaultValue: [] },
    { flags: "-i, --interactive", help: ["Keep STDIN open even if not attached"], bool: true },
    { flags: "--privileged", help: ["Give extended privileges to the command"], bool: true },
    { flags: "-t, --tty", help: ["Allocate a pseudo-TTY"], bool: true },
    { flags: "-u, --user <string>", help: ['Username or UID (format: "<name|uid>[:<group|gid>]")'] },
    { flags: "-w, --workdir <string>", help: ["Working directory inside the container"] },
  ],
  async run(ctx, args, opts) {
    const detach = boolFlag(opts, "detach") ?? false;
    const tty = boolFlag(opts, "tty") ?? false;
    const interactive = boolFlag(opts, "interactive") ?? false;
    const spec: ExecSpec = {
      User: opt(opts, "user", ""), Privileged: boolFlag(opts, "privileged") ?? false, Tty: tty,
      AttachStdin: !detach && interactive, AttachStderr: !detach, AttachStdout: !detach, Detach: detach,
      DetachKeys: opt(opts, "detachKeys", ""),
      Env: execEnv(opt<string[]>(opts, "envFile", []), opt<string[]>(opts, "env", []), (k) => ctx.io.env[k]),
      WorkingDir: opt(opts, "workdir", ""), Cmd: args.slice(1),
    };
    const client = ctx.client();
    await containerInspect(client, args[0]!);
    const term = ctx.io.terminal;
    if (!detach && spec.AttachStdin && tty && term?.stdinIsTerminal !== true) throw new StatusError(1, "the input device is not a TTY");
    const size = tty ? (term?.stdoutIsTerminal ? term.size() : ([0, 0] as [number, number])) : undefined;
    const { Id: execId } = await execCreate(client, args[0]!, encodeExecCreate({ ...spec, ...(size ? { ConsoleSize: size } : {}) }));
    if (execId === "") throw new StatusError(1, "exec ID empty");
    if (detach) {
      await client.request("POST", `/exec/${execId}/start`, { body: encodeExecStart(true, tty, size) });
      return 0;
    }
    const h = await hijack(client, `/exec/${execId}/start`, {}, encodeExecStart(false, tty, size));
    const stop = tty && term?.stdinIsTerminal ? monitorTtySize(ctx, execId, true) : () => undefined;
    try {
      await streamHijacked(h, {
        tty,
        stdin: spec.AttachStdin ? ctx.io.stdin?.() : undefined,
        stdout: bytesOut(ctx.io),
        stderr: tty ? bytesOut(ctx.io) : bytesErr(ctx.io),
        detachKeys: spec.DetachKeys,
        terminal: term,
      });
    } finally {
      stop();
    }
    const status = (await execInspect(client, execId)).ExitCode ?? 0;
    return status;
  },
};
