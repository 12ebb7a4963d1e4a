/** `berth network inspect NETWORK...`: raw JSON array (4-space indent), "json" or a template. */
import { boolFlag, opt, type CommandDef } from "../command.js";
import { StatusError } from "../errors.js";
import { InspectFormatError, newInspector, type Inspector } from "../format/inspect-format.js";
import { ApiError } from "../client.js";
import type { NetworkWire } from "../../api/wire/network.js";
import { networkInspectValue } from "../format/network-values.js";

export const INSPECT_FORMAT_HELP = [
  "Format output using a custom template:",
  "'json':             Print in JSON format",
  "'TEMPLATE':         Print output using the given",
  "Go template.",
  "Refer to https://docs.docker.com/go/formatting/",
  "for more information about formatting output with",
  "templates",
];

export const networkInspect: CommandDef = {
  name: "inspect",
  usage: "[OPTIONS] NETWORK [NETWORK...]",
  summary: "Display detailed information on one or more networks",
  args: { min: 1 },
  options: [
    { flags: "-f, --format <string>", help: INSPECT_FORMAT_HELP },
    { flags: "-v, --verbose", help: ["Verbose output for diagnostics"], bool: true },
    { flags: "--rules", help: ["Print the nftables rules Berth made for the network"], bool: true },
  ],
  async run(ctx, args, opts) {
    if (boolFlag(opts, "rules")) return printRules(ctx, args);
    let inspector: Inspector;
    try {
      inspector = newInspector(opt(opts, "format", ""), (v) => networkInspectValue(v as NetworkWire));
    } catch (e) {
      if (e instanceof InspectFormatError) throw new StatusError(64, e.message);
      throw e;
    }
    const errors: string[] = [];
    const verbose = boolFlag(opts, "verbose") ?? false;
    for (const name of args) {
      try {
        const { value, raw } = await ctx.client().networkInspect(name, verbose);
        const err = inspector.inspect(value, raw);
        if (err !== undefined) errors.push(err);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        errors.push(e.message);
      }
    }
    ctx.io.stdout(inspector.flush());
    if (errors.length) throw new StatusError(1, errors.join("\n"));
    return 0;
  },
};

/** `--rules` (Berth extension): each network's nft lines, from GET /networks/{id}/rules. */
async function printRules(ctx: Parameters<CommandDef["run"]>[0], names: readonly string[]): Promise<number> {
  const errors: string[] = [];
  for (const name of names) {
    try {
      const { value } = await ctx.client().json<{ Rules?: string[] }>("GET", `/networks/${encodeURIComponent(name)}/rules`);
      ctx.io.stdout(`# network ${name}\n${(value.Rules ?? []).join("\n")}\n`);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      errors.push(e.message);
    }
  }
  if (errors.length) throw new StatusError(1, errors.join("\n"));
  return 0;
}
