/** `berth network ls|list`: docker's list, sorted naturally by name, with its formats. */
import type { CommandDef } from "../command.js";
import { boolFlag, opt } from "../command.js";
import { filterOpt } from "../flags.js";
import type { Filters } from "../query.js";
import { renderNetworkList } from "../format/list-format.js";

export const FORMAT_HELP = [
  "Format output using a custom template:",
  "'table':            Print output in table format",
  "with column headers (default)",
  "'table TEMPLATE':   Print output in table format",
  "using the given Go template",
  "'json':             Print in JSON format",
  "'TEMPLATE':         Print output using the given",
  "Go template.",
  "Refer to https://docs.docker.com/go/formatting/",
  "for more information about formatting output with",
  "templates",
];

export const networkLs: CommandDef = {
  name: "ls",
  aliases: ["list"],
  usage: "[OPTIONS]",
  summary: "List networks",
  args: { none: true },
  options: [
    { flags: "-f, --filter <filter>", help: ['Provide filter values (e.g. "driver=bridge")'], parser: filterOpt, defaultValue: new Map() },
    { flags: "--format <string>", help: FORMAT_HELP },
    { flags: "--no-trunc", help: ["Do not truncate the output"], bool: true },
    { flags: "-q, --quiet", help: ["Only display network IDs"], bool: true },
  ],
  async run(ctx, _args, opts) {
    const filters = opt<Filters>(opts, "filter", new Map());
    const networks = await ctx.client().networkList(filters);
    const quiet = boolFlag(opts, "quiet") ?? false;
    const trunc = !(boolFlag(opts, "no-trunc") ?? false);
    const out = renderNetworkList(networks, opt(opts, "format", ""), quiet, trunc);
    ctx.io.stdout(out);
    return 0;
  },
};
