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

export const NETWORK_COMMANDS: readonly CommandDef[] = [networkConnect, networkCreate, networkDisconnect, networkInspect, networkLs, networkPrune, networkRm];

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
  const cmd = parent.command(def.name).description(def.summary).argument("[args...]").helpOption("-h, --help");
  for (const a of def.aliases ?? []) cmd.alias(a);
  for (const o of def.options) {
    const option = new Option(o.flags, o.help.join(" "));
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

/** Rewrites Go-style `--flag=value` for bool flags to the hidden `--set-flag value`. */
export function rewriteBoolFlags(argv: readonly string[]): string[] {
  const bools = new Set(NETWORK_COMMANDS.flatMap((c) => c.options.filter((o) => o.bool).map((o) => /--([\w-]+)/.exec(o.flags)?.[1] ?? "")));
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") return [...out, ...argv.slice(i)];
    const m = /^--([\w-]+)=(.*)$/s.exec(a);
    if (m && bools.has(m[1]!)) out.push(`--set-${m[1]}`, m[2]!);
    else out.push(a);
  }
  return out;
}

export function buildProgram(io: CliIO): Command {
  const program = new Command("berth").enablePositionalOptions().exitOverride().helpOption("-h, --help");
  const rootInfo = { path: "berth", usage: "berth [OPTIONS] COMMAND" };
  program.option("-H, --host <list>").option("-v, --version");
  program.configureOutput({ writeOut: io.stdout, writeErr: () => undefined, outputError: () => undefined });
  program.configureHelp({ formatHelp: () => groupHelp("berth", "Berth: a container networking engine with Docker's API", [
    { ...networkLs, name: "network", summary: "Manage networks" },
    version,
  ], GLOBAL_OPTIONS) });
  program.exitOverride((err) => {
    throw mapCommanderError(err, rootInfo);
  });
  let client: BerthClient | undefined;
  const getClient = (): BerthClient => (client ??= new BerthClient(parseEndpoint(resolveHost(program.opts<{ host?: string }>().host, io.env))));
  const network = program.command("network").description("Manage networks").helpOption("-h, --help");
  network.configureOutput({ writeOut: io.stdout, writeErr: () => undefined, outputError: () => undefined });
  network.configureHelp({ formatHelp: () => groupHelp("berth network", "Manage networks", NETWORK_COMMANDS) });
  network.exitOverride((err) => {
    throw mapCommanderError(err, { path: "berth network", usage: "berth network" });
  });
  network.argument("[command...]").action((rest: string[]) => {
    if (rest.length > 0) {
      throw new UsageError({ path: "berth network", usage: "berth network" }, `berth: unknown command: berth network ${rest[0]}`, 1);
    }
    io.stdout(network.helpInformation());
  });
  for (const def of NETWORK_COMMANDS) addCommand(network, "berth network", def, io, getClient);
  addCommand(program, "berth", version, io, getClient);
  program.argument("[command...]").action((rest: string[]) => {
    if (program.opts<{ version?: boolean }>().version) io.stdout(`Berth version ${CLIENT_VERSION}\n`);
    else if (rest.length > 0) throw new StatusError(1, `berth: unknown command: berth ${rest[0]}\n\nRun 'berth --help' for more information`);
    else io.stdout(program.helpInformation());
  });
  return program;
}
