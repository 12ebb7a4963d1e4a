/**
 * The `berth` command tree on commander, shaped to behave like the docker CLI (cobra/pflag):
 * global -H/--host before the command, Go-style bool flags (--ipv6=false), docker's usage
 * errors and exit codes (1 for argument errors, 125 for flag errors).
 */
import { Command, CommanderError, Option } from "commander";
import { BerthClient, CLIENT_VERSION } from "./client.js";
import type { CliIO, CommandDef } from "./command.js";
import { checkArgs, flagError, StatusError, UsageError, type CommandInfo } from "./errors.js";
import { parseGoBool } from "./flags.js";
import { commandHelp, groupHelp } from "./help.js";
import { parseEndpoint, resolveHost } from "./host.js";
import { networkConnect, networkDisconnect } from "./commands/network-connect.js";
import { networkCreate } from "./commands/network-create.js";
import { networkInspect } from "./commands/network-inspect.js";
import { networkLs } from "./commands/network-ls.js";
import { networkPrune } from "./commands/network-prune.js";
import { networkRm } from "./commands/network-rm.js";
import { version } from "./commands/version.js";
import { normalizeArgv } from "./argv.js";
import { containerPrune, kill, rename, restart, rm, stop, wait } from "./commands/container-lifecycle.js";
import { create } from "./commands/create.js";
import { exec } from "./commands/exec.js";
import { importImage, load } from "./commands/image-io.js";
import { images, rmi, tag } from "./commands/images.js";
import { containerInspectCommand, imageInspectCommand, inspect } from "./commands/inspect.js";
import { logs } from "./commands/logs.js";
import { ps } from "./commands/ps.js";
import { run } from "./commands/run.js";
import { attach, start } from "./commands/start-attach.js";

export const NETWORK_COMMANDS: readonly CommandDef[] = [networkConnect, networkCreate, networkDisconnect, networkInspect, networkLs, networkPrune, networkRm];

export const CONTAINER_COMMANDS: readonly CommandDef[] = [
  attach, create, exec, containerInspectCommand, kill, logs, { ...ps, name: "ls", aliases: ["ps", "list"] }, containerPrune,
  rename, restart, { ...rm, aliases: ["remove"] }, run, start, stop, wait,
];

export const IMAGE_COMMANDS: readonly CommandDef[] = [
  importImage, imageInspectCommand, load, { ...images, name: "ls", usage: "[OPTIONS] [REPOSITORY[:TAG]]", aliases: ["list"] },
  { ...rmi, name: "rm", aliases: ["rmi", "remove"] }, tag,
];

/** `berth run`, `berth ps`, ... as docker has them at the top level. */
export const TOP_COMMANDS: readonly CommandDef[] = [
  attach, create, exec, images, importImage, inspect, kill, load, logs, ps, rename, restart, rm, rmi, run, start, stop, tag, version, wait,
];

const COMMAND_TREE = { commands: TOP_COMMANDS, groups: { network: NETWORK_COMMANDS, container: CONTAINER_COMMANDS, image: IMAGE_COMMANDS } };

const GLOBAL_OPTIONS = [
  { flags: "-H, --host <list>", help: ["Daemon socket to connect to"] },
  { flags: "-v, --version", help: ["Print version information and quit"] },
];

/** pflag's messages for what commander rejects while parsing. */
function mapCommanderError(err: CommanderError, info: CommandInfo): StatusError {
  const quoted = /'([^']*)'/.exec(err.message)?.[1] ?? "";
  switch (err.code) {
    case "commander.unknownOption": {
      const flag = quoted.replace(/=.*$/, "");
      const msg = flag.startsWith("--") ? `unknown flag: ${flag}` : `unknown shorthand flag: '${flag.slice(1, 2)}' in ${flag}`;
      return new UsageError(info, msg, 125);
    }
    case "commander.optionMissingArgument": {
      const m = /^(?:-(\w), )?--([\w-]+)/.exec(quoted);
      return new UsageError(info, `flag needs an argument: --${m?.[2] ?? quoted}`, 125);
    }
    case "commander.unknownCommand":
      return new UsageError({ path: info.path, usage: info.path }, `berth: unknown command: ${info.path} ${quoted}`, 1);
    case "commander.helpDisplayed":
    case "commander.help":
    case "commander.version":
      return new StatusError(0, "");
    default:
      return new StatusError(err.exitCode || 1, err.message.replace(/^error: /, ""));
  }
}

function addCommand(parent: Command, parentPath: string, def: CommandDef, io: CliIO, client: () => BerthClient): void {
  const info: CommandInfo = { path: `${parentPath} ${def.name}`, usage: `${parentPath} ${def.name} ${def.usage}` };
  const cmd = parent.command(def.name).description(def.summary).argument("[args...]").helpOption(def.helpFlags ?? "-h, --help");
  for (const a of def.aliases ?? []) cmd.alias(a);
  for (const o of def.options) {
    const option = new Option(o.flags, o.help.join(" "));
    if (o.hidden) option.hideHelp();
    const long = /--([\w-]+)/.exec(o.flags)?.[1] ?? "";
    if (o.parser) {
      const parse = o.parser(info, /^-\w, /.test(o.flags) ? o.flags.replace(/ <\w+>$/, "") : `--${long}`);
      option.argParser<unknown>((v, prev) => parse(v, prev as never));
    }
    if (o.defaultValue !== undefined) option.default(o.defaultValue);
    cmd.addOption(option);
    if (o.bool) {
      const set = new Option(`--set-${long} <bool>`).hideHelp();
      set.argParser((v: string) => {
        const b = parseGoBool(v);
        if (b === undefined) throw flagError(info, `--${long}`, v, `strconv.ParseBool: parsing ${JSON.stringify(v)}: invalid syntax`);
        return b;
      });
      cmd.addOption(set);
    }
  }
  cmd.exitOverride((err) => {
    throw mapCommanderError(err, info);
  });
  cmd.configureOutput({ writeOut: io.stdout, writeErr: () => undefined, outputError: () => undefined });
  cmd.configureHelp({ formatHelp: () => commandHelp(info.path, def) });
  cmd.action(async (args: string[], opts: Record<string, unknown>) => {
    checkArgs(info, args, def.args);
    const code = await def.run({ io, info, client }, args, opts);
    if (code !== 0) throw new StatusError(code, "");
  });
}

/** Rewrites the command line for commander (Go bool flags, flag aliases, run/exec arguments). */
export function rewriteBoolFlags(argv: readonly string[]): string[] {
  return normalizeArgv(argv, COMMAND_TREE);
}

/** A group command (network, container, image): its subcommands, help and unknown-command error. */
function addGroup(program: Command, name: string, summary: string, defs: readonly CommandDef[], io: CliIO, client: () => BerthClient): void {
  const path = `berth ${name}`;
  const group = program.command(name).description(summary).helpOption("-h, --help").enablePositionalOptions();
  group.configureOutput({ writeOut: io.stdout, writeErr: () => undefined, outputError: () => undefined });
  group.configureHelp({ formatHelp: () => groupHelp(path, summary, defs) });
  group.exitOverride((err) => {
    throw mapCommanderError(err, { path, usage: path });
  });
  group.argument("[command...]").action((rest: string[]) => {
    if (rest.length > 0) throw new UsageError({ path, usage: path }, `berth: unknown command: ${path} ${rest[0]}`, 1);
    io.stdout(group.helpInformation());
  });
  for (const def of defs) addCommand(group, path, def, io, client);
}

export function buildProgram(io: CliIO): Command {
  const program = new Command("berth").enablePositionalOptions().exitOverride().helpOption("-h, --help");
  const rootInfo = { path: "berth", usage: "berth [OPTIONS] COMMAND" };
  program.option("-H, --host <list>").option("-v, --version");
  program.configureOutput({ writeOut: io.stdout, writeErr: () => undefined, outputError: () => undefined });
  program.configureHelp({ formatHelp: () => groupHelp("berth", "Berth: a container networking engine with Docker's API", [
    ...TOP_COMMANDS,
    { ...networkLs, name: "network", summary: "Manage networks" },
    { ...ps, name: "container", summary: "Manage containers" },
    { ...images, name: "image", summary: "Manage images" },
  ], GLOBAL_OPTIONS) });
  program.exitOverride((err) => {
    throw mapCommanderError(err, rootInfo);
  });
  let client: BerthClient | undefined;
  const getClient = (): BerthClient => (client ??= new BerthClient(parseEndpoint(resolveHost(program.opts<{ host?: string }>().host, io.env))));
  addGroup(program, "network", "Manage networks", NETWORK_COMMANDS, io, getClient);
  addGroup(program, "container", "Manage containers", CONTAINER_COMMANDS, io, getClient);
  addGroup(program, "image", "Manage images", IMAGE_COMMANDS, io, getClient);
  for (const def of TOP_COMMANDS) addCommand(program, "berth", def, io, getClient);
  program.argument("[command...]").action((rest: string[]) => {
    if (program.opts<{ version?: boolean }>().version) io.stdout(`Berth version ${CLIENT_VERSION}\n`);
    else if (rest.length > 0) throw new StatusError(1, `berth: unknown command: berth ${rest[0]}\n\nRun 'berth --help' for more information`);
    else io.stdout(program.helpInformation());
  });
  return program;
}
