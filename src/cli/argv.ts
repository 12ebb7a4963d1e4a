/**
 * The command line as pflag reads it, rewritten for commander before parsing: Go bool flags
 * given a value (--rm=false) become the hidden --set-NAME VALUE, flag aliases (--net) take
 * their canonical name, values are never mistaken for flags, and for commands that stop at
 * their first argument (run, exec) nothing after it is touched.
 */
import type { CommandDef, OptionDef } from "./command.js";

export interface CommandTree {
  readonly commands: readonly CommandDef[];
  readonly groups: Readonly<Record<string, readonly CommandDef[]>>;
}

const GLOBAL_WITH_VALUE = new Set(["-H", "--host", "--config", "--context", "-c", "-l", "--log-level"]);

const longName = (o: OptionDef): string => /--([\w-]+)/.exec(o.flags)?.[1] ?? "";
const shortName = (o: OptionDef): string | undefined => /^-(\w), /.exec(o.flags)?.[1];
const takesValue = (o: OptionDef): boolean => /<\w+>$/.test(o.flags);

const findDef = (defs: readonly CommandDef[], name: string): CommandDef | undefined =>
  defs.find((d) => d.name === name || (d.aliases ?? []).includes(name));

/** Rewrites one command's arguments (after its name). */
function rewriteCommand(def: CommandDef, args: readonly string[]): string[] {
  const out: string[] = [];
  const byLong = new Map<string, OptionDef>();
  for (const o of def.options) {
    byLong.set(longName(o), o);
    for (const a of o.aliases ?? []) byLong.set(a.replace(/^--/, ""), o);
  }
  const byShort = new Map(def.options.flatMap((o): [string, OptionDef][] => (shortName(o) ? [[shortName(o)!, o]] : [])));
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--") return [...out, ...args.slice(i)];
    if (a.startsWith("--")) {
      const m = /^--([^=]+)(=(.*))?$/s.exec(a)!;
      const o = byLong.get(m[1]!);
      if (!o) {
        out.push(a);
        continue;
      }
      const name = longName(o);
      if (o.bool && m[2] !== undefined) out.push(`--set-${name}`, m[3]!);
      else if (m[2] !== undefined) out.push(`--${name}=${m[3]!}`);
      else if (takesValue(o) && i + 1 < args.length) out.push(`--${name}`, args[++i]!);
      else out.push(`--${name}`);
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      out.push(...rewriteShorts(a, byShort, () => (i + 1 < args.length ? args[++i] : undefined)));
      continue;
    }
    if (def.stopAtFirstArg) return [...out, "--", ...args.slice(i)];
    out.push(a);
  }
  return out;
}

/** "-it", "-p80:80", "-e=A=1" and "-e A=1" as pflag reads them. */
function rewriteShorts(a: string, byShort: Map<string, OptionDef>, next: () => string | undefined): string[] {
  const out: string[] = [];
  for (let j = 1; j < a.length; j++) {
    const o = byShort.get(a[j]!);
    if (!o || !takesValue(o)) {
      out.push(`-${a[j]!}`);
      continue;
    }
    const rest = a.slice(j + 1);
    const value = rest === "" ? next() : rest.startsWith("=") ? rest.slice(1) : rest;
    out.push(`-${a[j]!}`);
    if (value !== undefined) out.push(value);
    return out;
  }
  return out;
}

/** Rewrites the whole command line (global flags, group, command, its arguments). */
export function normalizeArgv(argv: readonly string[], tree: CommandTree): string[] {
  const out: string[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith("-") || a === "-") break;
    out.push(a);
    if (GLOBAL_WITH_VALUE.has(a) && i + 1 < argv.length) out.push(argv[++i]!);
  }
  const name = argv[i];
  if (name === undefined) return out;
  const group = tree.groups[name];
  if (group) {
    out.push(name);
    const sub = argv[i + 1];
    const def = sub === undefined ? undefined : findDef(group, sub);
    if (!def) return [...out, ...argv.slice(i + 1)];
    return [...out, sub!, ...rewriteCommand(def, argv.slice(i + 2))];
  }
  const def = findDef(tree.commands, name);
  if (!def) return [...out, ...argv.slice(i)];
  return [...out, name, ...rewriteCommand(def, argv.slice(i + 1))];
}

/**
 * Node 20 looks for "--env-file" anywhere on its command line, even after the script, and
 * exits when the file is missing. bin/berth hands such arguments over renamed; main() and
 * the test rig use these to rename them and back.
 */
const NODE_SAFE = "--berth-env-file";

export const protectFromNode = (argv: readonly string[]): string[] =>
  argv.map((a) => (a === "--env-file" || a.startsWith("--env-file=") ? NODE_SAFE + a.slice("--env-file".length) : a));

export const restoreFromNode = (argv: readonly string[]): string[] =>
  argv.map((a) => (a === NODE_SAFE || a.startsWith(NODE_SAFE + "=") ? "--env-file" + a.slice(NODE_SAFE.length) : a));
