/** What every `berth` command declares, and what it gets when it runs. */
import type { Readable } from "node:stream";
import type { BerthClient } from "./client.js";
import type { ArgsRule, CommandInfo } from "./errors.js";

export interface CliIO {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  /** Reads one line from stdin (without the newline); undefined at end of input. */
  readonly readLine: () => Promise<string | undefined>;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Raw bytes to stdout/stderr (container streams); default: decoded and passed to stdout/stderr. */
  readonly stdoutBytes?: (b: Buffer) => void;
  readonly stderrBytes?: (b: Buffer) => void;
  /** The process's stdin as bytes (run -i, exec -i, import -, load); default: empty. */
  readonly stdin?: () => Readable;
  /** The local terminal, when there is one (raw mode for run -it, sizes for -t). */
  readonly terminal?: TerminalIO;
  /** Subscribes to the signals docker proxies to a container (SIGINT, SIGTERM, ...); returns unsubscribe. */
  readonly onSignal?: (handler: (signal: string) => void) => () => void;
}

export interface TerminalIO {
  readonly stdinIsTerminal: boolean;
  readonly stdoutIsTerminal: boolean;
  /** Raw mode on (true) or restored (false); a no-op when stdin is not a terminal. */
  setRaw(raw: boolean): void;
  /** [height, width] of the terminal on stdout, [0, 0] when none. */
  size(): [number, number];
  /** Subscribes to size changes; returns unsubscribe. */
  onResize(handler: () => void): () => void;
}

export interface RunContext {
  readonly io: CliIO;
  readonly info: CommandInfo;
  /** The API client for -H / BERTH_HOST / DOCKER_HOST (created on first use). */
  readonly client: () => BerthClient;
}

export interface OptionDef {
  /** commander flags; the value placeholder is the pflag type shown in help, e.g. "-f, --filter <filter>". */
  readonly flags: string;
  /** Help text lines exactly as docker prints them. */
  readonly help: readonly string[];
  readonly parser?: (cmd: CommandInfo, flag: string) => (value: string, previous: never) => unknown;
  readonly defaultValue?: unknown;
  /** A Go bool flag: also accepts --name=true|false. */
  readonly bool?: boolean;
  /** Other long names for the same flag (e.g. "--net" for "--network"), hidden from help. */
  readonly aliases?: readonly string[];
  /** Not listed in help. */
  readonly hidden?: boolean;
}

export interface CommandDef {
  readonly name: string;
  readonly aliases?: readonly string[];
  /** Usage after the command path, e.g. "[OPTIONS] NETWORK". */
  readonly usage: string;
  readonly summary: string;
  readonly args: ArgsRule;
  readonly options: readonly OptionDef[];
  /** pflag's SetInterspersed(false): everything after the first argument is an argument (run, exec). */
  readonly stopAtFirstArg?: boolean;
  /** The help flag when it is not "-h, --help" (run and create use -h for --hostname). */
  readonly helpFlags?: string;
  readonly run: (ctx: RunContext, args: string[], opts: Readonly<Record<string, unknown>>) => Promise<number>;
}

/** Reads a typed option value that commander collected. */
export function opt<T>(opts: Readonly<Record<string, unknown>>, key: string, fallback: T): T {
  const v = opts[key];
  return v === undefined ? fallback : (v as T);
}

export const camel = (s: string): string => s.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/**
 * A Go bool flag's value by its long name: `--name` gives true, `--name=VALUE` (rewritten
 * to the hidden `--set-name VALUE`) overrides; undefined when never given.
 */
export function boolFlag(opts: Readonly<Record<string, unknown>>, name: string): boolean | undefined {
  const set = opts[camel("set-" + name)];
  if (typeof set === "boolean") return set;
  // commander treats "--no-x" as the negation of "x"
  if (name.startsWith("no-")) return opts[camel(name.slice(3))] === false ? true : undefined;
  return opts[camel(name)] === true ? true : undefined;
}
