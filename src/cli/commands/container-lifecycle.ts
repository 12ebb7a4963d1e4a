/**
 * `berth stop|restart|kill|rm|rename|wait` and `berth container prune`: docker's loops over
 * containers (stop, kill and rm in parallel, printed in argument order) with its error texts.
 */
import { ApiError } from "../client.js";
import { containerPost, containerRemove, containersPrune, stopQuery } from "../client-containers.js";
import { waitContainer } from "../client-stream.js";
import { boolFlag, opt, type CommandDef, type RunContext } from "../command.js";
import { StatusError } from "../errors.js";
import { filterOpt, intOpt } from "../flags.js";
import { humanSize } from "../format/units.js";
import { confirm } from "../prompt.js";
import type { Filters } from "../query.js";

/** Runs `op` on every container (at most 50 at once), then prints names/errors in argument order. */
async function eachContainer(
  ctx: RunContext,
  names: readonly string[],
  op: (name: string) => Promise<void>,
  parallel: boolean,
  ignore: (e: Error) => boolean = () => false,
): Promise<string[]> {
  const results: (unknown | undefined)[] = [];
  const run = async (n: string, i: number): Promise<void> => {
    try {
      await op(n);
      results[i] = undefined;
    } catch (e) {
      if (!(e instanceof ApiError || e instanceof StatusError)) throw e;
      results[i] = e;
    }
  };
  if (parallel) {
    for (let start = 0; start < names.length; start += 50) await Promise.all(names.slice(start, start + 50).map((n, j) => run(n, start + j)));
  } else for (const [i, n] of names.entries()) await run(n, i);
  const errors: string[] = [];
  names.forEach((n, i) => {
    const e = results[i];
    if (!(e instanceof Error)) ctx.io.stdout(n + "\n");
    else if (ignore(e)) ctx.io.stderr(e.message + "\n");
    else errors.push(e.message);
  });
  return errors;
}

const failIf = (errors: readonly string[], suffix?: string): void => {
  if (errors.length) throw new StatusError(1, [...errors, ...(suffix ? [suffix] : [])].join("\n"));
};

const STOP_OPTIONS = [
  { flags: "-s, --signal <string>", help: ["Signal to send to the container"] },
  { flags: "-t, --timeout <int>", help: ["Seconds to wait before killing the container"], parser: intOpt },
];

export const stop: CommandDef = {
  name: "stop",
  usage: "[OPTIONS] CONTAINER [CONTAINER...]",
  summary: "Stop one or more running containers",
  args: { min: 1 },
  options: STOP_OPTIONS,
  async run(ctx, args, opts) {
    const q = stopQuery(opt(opts, "signal", ""), opt<number | undefined>(opts, "timeout", undefined));
    failIf(await eachContainer(ctx, args, (n) => containerPost(ctx.client(), n, "stop", q), true));
    return 0;
  },
};

export const restart: CommandDef = {
  ...stop,
  name: "restart",
  summary: "Restart one or more containers",
  async run(ctx, args, opts) {
    const q = stopQuery(opt(opts, "signal", ""), opt<number | undefined>(opts, "timeout", undefined));
    failIf(await eachContainer(ctx, args, (n) => containerPost(ctx.client(), n, "restart", q), false));
    return 0;
  },
};

export const kill: CommandDef = {
  name: "kill",
  usage: "[OPTIONS] CONTAINER [CONTAINER...]",
  summary: "Kill one or more running containers",
  args: { min: 1 },
  options: [{ flags: "-s, --signal <string>", help: ["Signal to send to the container"] }],
  async run(ctx, args, opts) {
    const signal = opt(opts, "signal", "");
    failIf(await eachContainer(ctx, args, (n) => containerPost(ctx.client(), n, "kill", signal ? { signal } : {}), true));
    return 0;
  },
};

export const rm: CommandDef = {
  name: "rm",
  usage: "[OPTIONS] CONTAINER [CONTAINER...]",
  summary: "Remove one or more containers",
  args: { min: 1 },
  options: [
    { flags: "-f, --force", help: ["Force the removal of a running container (uses SIGKILL)"], bool: true },
    { flags: "-l, --link", help: ["Remove the specified link"], bool: true },
    { flags: "-v, --volumes", help: ["Remove anonymous volumes associated with the container"], bool: true },
  ],
  async run(ctx, args, opts) {
    const force = boolFlag(opts, "force") ?? false;
    const o = { force, link: boolFlag(opts, "link") ?? false, volumes: boolFlag(opts, "volumes") ?? false };
    const op = async (n: string): Promise<void> => {
      const name = n.replace(/^\/+|\/+$/g, "");
      if (name === "") throw new StatusError(1, "Container name cannot be empty");
      await containerRemove(ctx.client(), name, o);
    };
    // With -f a missing container is reported but is not an error.
    failIf(await eachContainer(ctx, args, op, true, (e) => force && e instanceof ApiError && e.status === 404));
    return 0;
  },
};

export const rename: CommandDef = {
  name: "rename",
  usage: "CONTAINER NEW_NAME",
  summary: "Rename a container",
  args: { exact: 2 },
  options: [],
  async run(ctx, args) {
    const [oldName, newName] = [args[0]!.trim(), args[1]!.trim()];
    if (oldName === "" || newName === "") throw new StatusError(1, "Error: Neither old nor new names may be empty");
    try {
      await containerPost(ctx.client(), oldName, "rename", { name: newName });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      throw new StatusError(1, `${e.message}\nError: failed to rename container named ${oldName}`);
    }
    return 0;
  },
};

export const wait: CommandDef = {
  name: "wait",
  usage: "CONTAINER [CONTAINER...]",
  summary: "Block until one or more containers stop, then print their exit codes",
  args: { min: 1 },
  options: [],
  async run(ctx, args) {
    const errors: string[] = [];
    for (const name of args) {
      try {
        const w = await waitContainer(ctx.client(), name, "");
        ctx.io.stdout(`${(await w.result).StatusCode}\n`);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        errors.push(e.message);
      }
    }
    failIf(errors);
    return 0;
  },
};

const PRUNE_WARNING = "WARNING! This will remove all stopped containers.\nAre you sure you want to continue?";

export const containerPrune: CommandDef = {
  name: "prune",
  usage: "[OPTIONS]",
  summary: "Remove all stopped containers",
  args: { none: true },
  options: [
    { flags: "--filter <filter>", help: ['Provide filter values (e.g. "until=<timestamp>")'], parser: filterOpt, defaultValue: new Map() },
    { flags: "-f, --force", help: ["Do not prompt for confirmation"], bool: true },
  ],
  async run(ctx, _args, opts) {
    if (!(boolFlag(opts, "force") ?? false) && !(await confirm(ctx.io, PRUNE_WARNING))) return 0;
    const report = await containersPrune(ctx.client(), opt<Filters>(opts, "filter", new Map()));
    const deleted = report.ContainersDeleted ?? [];
    let out = "";
    if (deleted.length) out += "Deleted Containers:\n" + deleted.map((id) => id + "\n").join("") + "\n";
    ctx.io.stdout(out + `Total reclaimed space: ${humanSize(report.SpaceReclaimed)}\n`);
    return 0;
  },
};
