/** `berth start` (with -a/-i: attach, wait, start, stream, exit code) and `berth attach`. */
import type { ContainerInspectWire } from "../../api/wire/container.js";
import { ApiError } from "../client.js";
import { containerInspect, containerPost } from "../client-containers.js";
import { waitContainer, type PendingWait } from "../client-stream.js";
import { boolFlag, opt, type CommandDef, type RunContext } from "../command.js";
import { StatusError } from "../errors.js";
import { streamHijacked } from "../attach-io.js";
import { attachContainer, bytesErr, bytesOut, forwardSignals, monitorTtySize } from "../container-session.js";

/** Attaches to `c` and streams until its output ends; "detached" when the detach keys were typed. */
async function attachAndStream(
  ctx: RunContext,
  c: ContainerInspectWire,
  target: string,
  stdin: boolean,
  detachKeys: string,
  before: () => Promise<void>,
): Promise<"done" | "detached"> {
  const h = await attachContainer(ctx.client(), target, { stdin, stdout: true, stderr: true, detachKeys });
  const stream = streamHijacked(h, {
    tty: c.Config.Tty,
    stdin: stdin ? ctx.io.stdin?.() : undefined,
    stdout: bytesOut(ctx.io),
    stderr: bytesErr(ctx.io),
    detachKeys,
    terminal: ctx.io.terminal,
  });
  try {
    await before();
  } catch (e) {
    h.socket.destroy();
    await stream;
    throw e;
  }
  const stop = c.Config.Tty && ctx.io.terminal?.stdoutIsTerminal ? monitorTtySize(ctx, target, false) : () => undefined;
  try {
    return await stream;
  } finally {
    stop();
  }
}

async function exitStatus(wait: PendingWait): Promise<number> {
  const r = await wait.result;
  if (r.Error) throw new StatusError(1, r.Error.Message);
  return r.StatusCode;
}

export const start: CommandDef = {
  name: "start",
  usage: "[OPTIONS] CONTAINER [CONTAINER...]",
  summary: "Start one or more stopped containers",
  args: { min: 1 },
  options: [
    { flags: "-a, --attach", help: ["Attach STDOUT/STDERR and forward signals"], bool: true },
    { flags: "--detach-keys <string>", help: ["Override the key sequence for detaching a container"] },
    { flags: "-i, --interactive", help: ["Attach container's STDIN"], bool: true },
  ],
  async run(ctx, args, opts) {
    const interactive = boolFlag(opts, "interactive") ?? false;
    if (!(boolFlag(opts, "attach") ?? false) && !interactive) {
      const failed: string[] = [];
      for (const name of args) {
        try {
          await containerPost(ctx.client(), name, "start");
          ctx.io.stdout(name + "\n");
        } catch (e) {
          if (!(e instanceof ApiError)) throw e;
          ctx.io.stderr(e.message + "\n");
          failed.push(name);
        }
      }
      if (failed.length) throw new StatusError(1, `Error: failed to start containers: ${failed.join(", ")}`);
      return 0;
    }
    if (args.length > 1) throw new StatusError(1, "you cannot start and attach multiple containers at once");
    const c = (await containerInspect(ctx.client(), args[0]!)).value;
    const unproxy = c.Config.Tty ? () => undefined : forwardSignals(ctx, c.Id);
    let wait: PendingWait | undefined;
    try {
      const end = await attachAndStream(ctx, c, c.Id, interactive && c.Config.OpenStdin, opt(opts, "detachKeys", ""), async () => {
        wait = await waitContainer(ctx.client(), c.Id, c.HostConfig.AutoRemove ? "removed" : "next-exit");
        await containerPost(ctx.client(), c.Id, "start");
      });
      if (end === "detached" || !wait) return 0;
      return await exitStatus(wait);
    } finally {
      wait?.abort();
      unproxy();
    }
  },
};

function checkState(c: ContainerInspectWire): void {
  if (!c.State.Running) throw new StatusError(1, "You cannot attach to a stopped container, start it first");
  if (c.State.Paused) throw new StatusError(1, "You cannot attach to a paused container, unpause it first");
  if (c.State.Restarting) throw new StatusError(1, "You cannot attach to a restarting container, wait until it is running");
}

export const attach: CommandDef = {
  name: "attach",
  usage: "[OPTIONS] CONTAINER",
  summary: "Attach local standard input, output, and error streams to a running container",
  args: { exact: 1 },
  options: [
    { flags: "--detach-keys <string>", help: ["Override the key sequence for detaching a container"] },
    { flags: "--no-stdin", help: ["Do not attach STDIN"], bool: true },
    { flags: "--sig-proxy", help: ["Proxy all received signals to the process (default true)"], bool: true },
  ],
  async run(ctx, args, opts) {
    const name = args[0]!;
    const wait = await waitContainer(ctx.client(), name, "");
    try {
      const c = (await containerInspect(ctx.client(), name)).value;
      checkState(c);
      const noStdin = boolFlag(opts, "no-stdin") ?? false;
      if (!noStdin && c.Config.Tty && ctx.io.terminal?.stdinIsTerminal !== true) throw new StatusError(1, "the input device is not a TTY");
      const unproxy = (boolFlag(opts, "sig-proxy") ?? true) && !c.Config.Tty ? forwardSignals(ctx, name) : () => undefined;
      try {
        const end = await attachAndStream(ctx, c, name, !noStdin && c.Config.OpenStdin, opt(opts, "detachKeys", ""), async () => {
          checkState((await containerInspect(ctx.client(), name)).value);
        });
        if (end === "detached") return 0;
        return await exitStatus(wait);
      } finally {
        unproxy();
      }
    } finally {
      wait.abort();
    }
  },
};
