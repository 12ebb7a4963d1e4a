/**
 * `docker network ls` output, as docker/cli's formatter.Context renders it: "table"
 * (default columns), "table TEMPLATE" (header row + Go tabwriter), "json", "raw" and
 * plain templates; literal "\t" and "\n" in the format become tab and newline.
 */
import type { NetworkWire } from "../../api/wire/network.js";
import { naturalCompare } from "./natural-sort.js";
import { networkContextValue, networkHeaderValue } from "./network-values.js";
import { TabWriter } from "./tabwriter.js";
import { parseDockerTemplate, renderTemplate, HEADER_FUNCS, TemplateExecError, TemplateSyntaxError } from "./template/index.js";
import { execTemplatePartial } from "./template/exec.js";
import type { GoValue } from "./go-value.js";

const DEFAULT_TABLE = "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}";
const RAW = "network_id: {{.ID}}\\nname: {{.Name}}\\ndriver: {{.Driver}}\\nscope: {{.Scope}}\\n";

/** A formatting failure, printed on stderr with exit code 1. */
export class FormatError extends Error {}

/** network.NewFormat: what "table", "raw" and -q mean for networks. */
export function networkFormat(source: string, quiet: boolean): string {
  if (source === "table") return quiet ? "{{.ID}}" : DEFAULT_TABLE;
  if (source === "raw") return quiet ? "network_id: {{.ID}}" : RAW;
  return source;
}

/** formatter.Context.preFormat: strip "table", map "json", unescape \t and \n. */
export function preFormat(format: string): { body: string; table: boolean } {
  const table = format.startsWith("table");
  let body = table ? format.slice("table".length) : format === "json" ? "{{json .}}" : format;
  body = body.replace(/^ +| +$/g, "").replace(/\\t/g, "\t").replace(/\\n/g, "\n");
  return { body, table };
}

function parse(body: string): ReturnType<typeof parseDockerTemplate> {
  try {
    return parseDockerTemplate(body);
  } catch (e) {
    if (e instanceof TemplateSyntaxError) throw new FormatError(`template parsing error: ${e.message}`);
    throw e;
  }
}

/** Renders the list; `format` is the --format value ("" means the default table). */
export function renderNetworkList(networks: readonly NetworkWire[], format: string, quiet: boolean, trunc: boolean): string {
  const sorted = [...networks].sort((a, b) => naturalCompare(a.Name, b.Name));
  const source = networkFormat(format === "" ? "table" : format, quiet);
  return renderRows(sorted.map((n) => networkContextValue(n, trunc)), source, networkHeaderValue());
}

/** formatter.Context.Write: the rows through a (table) template, the header row from `header`. */
export function renderRows(rows: readonly GoValue[], source: string, header: GoValue): string {
  const { body, table } = preFormat(source);
  const tmpl = parse(body);
  let out = "";
  for (const r of rows) {
    try {
      out += renderTemplate(tmpl, r) + "\n";
    } catch (e) {
      if (e instanceof TemplateExecError) throw new FormatError(`template parsing error: ${e.message}`);
      throw e;
    }
  }
  if (!table) return out;
  const tw = TabWriter.docker();
  // Errors in the header row are ignored by docker; whatever was written stays.
  tw.write(execTemplatePartial(tmpl, header, { funcs: HEADER_FUNCS }).out);
  tw.write("\n");
  tw.write(out);
  return tw.flush();
}

/** Runs `source` once on `dot` ignoring errors (docker's pre-pass that finds the fields a format uses). */
export function dryRun(source: string, dot: GoValue): void {
  try {
    execTemplatePartial(parse(preFormat(source).body), dot, { funcs: HEADER_FUNCS });
  } catch (e) {
    if (!(e instanceof FormatError)) throw e;
  }
}
