/** `berth ps` / `berth container ls`: docker's container list, its formats and its size pre-pass. */
import type { ContainerSummaryWire } from "../../api/wire/container.js";
import { containerList } from "../client-containers.js";
import { boolFlag, opt, type CommandDef } from "../command.js";
import { StatusError } from "../errors.js";
import { filterOpt, intOpt } from "../flags.js";
import { CONTAINER_HEADERS, containerContextValue } from "../format/container-values.js";
import { FormatError, renderRows } from "../format/list-format.js";
import { headerValue } from "../format/network-values.js";
import { parseDockerTemplate, renderTemplate, TemplateExecError, TemplateSyntaxError } from "../format/template/index.js";
import type { Filters } from "../query.js";
import { FORMAT_HELP } from "./network-ls.js";

const DEFAULT_TABLE = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}";
const RAW =
  "container_id: {{.ID}}\nimage: {{.Image}}\ncommand: {{.Command}}\ncreated_at: {{.CreatedAt}}\nstate: {{- pad .State 1 0}}\n" +
  "status: {{- pad .Status 1 0}}\nnames: {{.Names}}\nlabels: {{- pad .Labels 1 0}}\nports: {{- pad .Ports 1 0}}\n";

/** formatter.NewContainerFormat. */
function containerFormat(source: string, quiet: boolean, size: boolean): string {
  if (source === "table" || source === "") return quiet ? "{{.ID}}" : DEFAULT_TABLE + (size ? "\\t{{.Size}}" : "");
  if (source === "raw") return quiet ? "container_id: {{.ID}}" : RAW + (size ? "size: {{.Size}}\\n" : "");
  return quiet ? "{{.ID}}" : source;
}

const ZERO: ContainerSummaryWire = {
  Id: "", Names: [], Image: "", ImageID: "", Command: "", Created: 0, Ports: [], Labels: {}, State: "", Status: "",
  HostConfig: {}, NetworkSettings: { Networks: {} }, Mounts: [],
};

/** docker runs --format once on an empty row: template errors surface here, and a .Size asks for sizes. */
function usesSize(format: string): boolean {
  let tmpl;
  try {
    tmpl = parseDockerTemplate(format);
  } catch (e) {
    if (e instanceof TemplateSyntaxError) throw new StatusError(1, `failed to parse template: ${e.message}`);
    throw e;
  }
  const used = new Set<string>();
  try {
    renderTemplate(tmpl, containerContextValue(ZERO, false, used));
  } catch (e) {
    if (e instanceof TemplateExecError) throw new StatusError(1, `failed to execute template: ${e.message}`);
    throw e;
  }
  return used.has("Size");
}

export const ps: CommandDef = {
  name: "ps",
  usage: "[OPTIONS]",
  summary: "List containers",
  args: { none: true },
  options: [
    { flags: "-a, --all", help: ["Show all containers (default shows just running)"], bool: true },
    { flags: "-f, --filter <filter>", help: ["Filter output based on conditions provided"], parser: filterOpt, defaultValue: new Map() },
    { flags: "--format <string>", help: FORMAT_HELP },
    { flags: "-n, --last <int>", help: ["Show n last created containers (includes all", "states) (default -1)"], parser: intOpt },
    { flags: "-l, --latest", help: ["Show the latest created container (includes all", "states)"], bool: true },
    { flags: "--no-trunc", help: ["Don't truncate output"], bool: true },
    { flags: "-q, --quiet", help: ["Only display container IDs"], bool: true },
    { flags: "-s, --size", help: ["Display total file sizes"], bool: true },
  ],
  async run(ctx, _args, opts) {
    const format = opt(opts, "format", "");
    const quiet = boolFlag(opts, "quiet") ?? false;
    const sizeFlag = boolFlag(opts, "size");
    let size = sizeFlag ?? false;
    let limit = opt(opts, "last", -1);
    if ((boolFlag(opts, "latest") ?? false) && limit === -1) limit = 1;
    if (format !== "") {
      const sized = usesSize(format);
      if (!quiet && !size && sizeFlag === undefined && sized) size = true;
    }
    const all = boolFlag(opts, "all") ?? false;
    const list = await containerList(ctx.client(), { all, limit, size, filters: opt<Filters>(opts, "filter", new Map()) });
    if (quiet && format !== "") ctx.io.stderr("WARNING: Ignoring custom format, because both --format and --quiet are set.\n");
    const trunc = !(boolFlag(opts, "no-trunc") ?? false);
    const rows = list.map((c) => containerContextValue(c, trunc));
    try {
      ctx.io.stdout(renderRows(rows, containerFormat(format === "" ? "table" : format, quiet, size), headerValue(CONTAINER_HEADERS)));
    } catch (e) {
      if (e instanceof FormatError) throw new StatusError(1, e.message);
      throw e;
    }
    return 0;
  },
};
