/** `berth network prune`: asks (unless -f), then lists the deleted networks. */
import { boolFlag, opt, type CommandDef } from "../command.js";
import { filterOpt } from "../flags.js";
import { confirm } from "../prompt.js";
import type { Filters } from "../query.js";

const WARNING = "WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue?";

export const networkPrune: CommandDef = {
  name: "prune",
  usage: "[OPTIONS]",
  summary: "Remove all unused networks",
  args: { none: true },
  options: [
    { flags: "--filter <filter>", help: ['Provide filter values (e.g. "until=<timestamp>")'], parser: filterOpt, defaultValue: new Map() },
    { flags: "-f, --force", help: ["Do not prompt for confirmation"], bool: true },
  ],
  async run(ctx, _args, opts) {
    // Declining is not an error for docker: nothing more is printed and the exit code is 0.
    if (!(boolFlag(opts, "force") ?? false) && !(await confirm(ctx.io, WARNING))) return 0;
    const report = await ctx.client().networksPrune(opt<Filters>(opts, "filter", new Map()));
    const deleted = report.NetworksDeleted ?? [];
    if (deleted.length > 0) ctx.io.stdout("Deleted Networks:\n" + deleted.map((n) => n + "\n").join("") + "\n");
    return 0;
  },
};
