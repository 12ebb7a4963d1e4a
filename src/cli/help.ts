/** Help text laid out as cobra/pflag print it for docker ("Usage:  ...", aligned options). */
import type { CommandDef, OptionDef } from "./command.js";

/** "  -f, --filter filter" / "      --format string" as pflag writes the flag column. */
function flagColumn(o: OptionDef): string {
  const m = /^(?:-(\w), )?--([\w-]+)(?: <(\w+)>)?$/.exec(o.flags);
  if (!m) return "  " + o.flags;
  const [, short, long, type] = m;
  return (short ? `  -${short}, --${long}` : `      --${long}`) + (type ? ` ${type}` : "");
}

export function formatOptions(options: readonly OptionDef[]): string {
  const cols = options.map(flagColumn);
  const width = Math.max(0, ...cols.map((c) => c.length)) + 3;
  return options
    .map((o, i) => {
      const [first = "", ...rest] = o.help;
      return [cols[i]!.padEnd(width) + first, ...rest.map((l) => " ".repeat(width) + l)].join("\n");
    })
    .join("\n");
}

export function commandHelp(path: string, def: CommandDef): string {
  const parts = [`Usage:  ${path} ${def.usage}`, def.summary];
  if (def.aliases?.length) {
    const parent = path.slice(0, path.lastIndexOf(" "));
    parts.push("Aliases:\n  " + [def.name, ...def.aliases].map((a) => `${parent} ${a}`).join(", "));
  }
  if (def.options.length) parts.push("Options:\n" + formatOptions(def.options));
  return parts.join("\n\n") + "\n";
}

export function groupHelp(path: string, summary: string, subs: readonly CommandDef[], globalOptions?: readonly OptionDef[]): string {
  const width = Math.max(...subs.map((s) => s.name.length)) + 2;
  const list = subs.map((s) => `  ${s.name.padEnd(width)}${s.summary}`).join("\n");
  const parts = [`Usage:  ${path} ${globalOptions ? "[OPTIONS] " : ""}COMMAND`, summary];
  if (globalOptions) parts.push("Options:\n" + formatOptions(globalOptions));
  parts.push("Commands:\n" + list, `Run '${path} COMMAND --help' for more information on a command.`);
  return parts.join("\n\n") + "\n";
}
