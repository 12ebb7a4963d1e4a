/** `berth images` / `berth image ls`, `berth tag` and `berth rmi` / `berth image rm`, as docker prints them. */
import { ApiError } from "../client.js";
import { imageList, imageRemove } from "../client-containers.js";
import { boolFlag, opt, type CommandDef } from "../command.js";
import { StatusError } from "../errors.js";
import { filterOpt } from "../flags.js";
import { IMAGE_HEADERS, imageContextValue, imageRows } from "../format/image-values.js";
import { FormatError, renderRows } from "../format/list-format.js";
import { headerValue } from "../format/network-values.js";
import { fullName, parseAnyReference, parseNormalizedNamed, ReferenceError, tagNameOnly } from "../format/reference.js";
import { addFilter, goPathEscape, type Filters } from "../query.js";
import { FORMAT_HELP } from "./network-ls.js";

const DEFAULT_TABLE = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}";
const DIGEST_TABLE = "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}";
const RAW = "repository: {{ .Repository }}\ntag: {{.Tag}}\nimage_id: {{.ID}}\ncreated_at: {{.CreatedAt}}\nvirtual_size: {{.Size}}\n";
const RAW_DIGEST = "repository: {{ .Repository }}\ntag: {{.Tag}}\ndigest: {{.Digest}}\nimage_id: {{.ID}}\ncreated_at: {{.CreatedAt}}\nvirtual_size: {{.Size}}\n";

/** formatter.NewImageFormat. */
function imageFormat(source: string, quiet: boolean, digest: boolean): string {
  if (source === "table") return quiet ? "{{.ID}}" : digest ? DIGEST_TABLE : DEFAULT_TABLE;
  if (source === "raw") return quiet ? "image_id: {{.ID}}" : digest ? RAW_DIGEST : RAW;
  return source.startsWith("table") && digest && !source.includes("{{.Digest}}") ? source + "\t{{.Digest}}" : source;
}

export const images: CommandDef = {
  name: "images",
  usage: "[OPTIONS] [REPOSITORY[:TAG]]",
  summary: "List images",
  args: { max: 1 },
  options: [
    { flags: "-a, --all", help: ["Show all images (default hides intermediate images)"], bool: true },
    { flags: "--digests", help: ["Show digests"], bool: true },
    { flags: "-f, --filter <filter>", help: ["Filter output based on conditions provided"], parser: filterOpt, defaultValue: new Map() },
    { flags: "--format <string>", help: FORMAT_HELP },
    { flags: "--no-trunc", help: ["Don't truncate output"], bool: true },
    { flags: "-q, --quiet", help: ["Only show image IDs"], bool: true },
  ],
  async run(ctx, args, opts) {
    const filters: Filters = new Map([...opt<Filters>(opts, "filter", new Map())].map(([k, v]) => [k, new Set(v)]));
    if (args[0] !== undefined) addFilter(filters, `reference=${args[0]}`);
    const list = await imageList(ctx.client(), filters, boolFlag(opts, "all") ?? false);
    const digests = boolFlag(opts, "digests") ?? false;
    const trunc = !(boolFlag(opts, "no-trunc") ?? false);
    const source = imageFormat(opt(opts, "format", "") || "table", boolFlag(opts, "quiet") ?? false, digests);
    const wantDigest = digests || source.includes("{{.Digest}}");
    const rows = list.flatMap((i) => imageRows(i, wantDigest)).map((r) => imageContextValue(r, trunc));
    try {
      ctx.io.stdout(renderRows(rows, source, headerValue(IMAGE_HEADERS)));
    } catch (e) {
      if (e instanceof FormatError) throw new StatusError(1, e.message);
      throw e;
    }
    return 0;
  },
};

export const tag: CommandDef = {
  name: "tag",
  usage: "SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]",
  summary: "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE",
  args: { exact: 2 },
  options: [],
  async run(ctx, args) {
    const [source, target] = [args[0]!, args[1]!];
    const bad = (ref: string, e: unknown): StatusError => {
      if (!(e instanceof ReferenceError)) throw e;
      return new StatusError(1, `Error parsing reference: ${JSON.stringify(ref)} is not a valid repository/tag: ${e.message}`);
    };
    try {
      parseAnyReference(source);
    } catch (e) {
      throw bad(source, e);
    }
    let ref;
    try {
      ref = parseNormalizedNamed(target);
    } catch (e) {
      throw bad(target, e);
    }
    if (ref.digest !== undefined) throw new StatusError(1, "refusing to create a tag with a digest reference");
    const named = tagNameOnly(ref);
    const query: Record<string, string> = { repo: fullName(named) };
    if (named.tag !== undefined) query["tag"] = named.tag;
    await ctx.client().request("POST", `/images/${goPathEscape(source)}/tag`, { query });
    return 0;
  },
};

export const rmi: CommandDef = {
  name: "rmi",
  usage: "[OPTIONS] IMAGE [IMAGE...]",
  summary: "Remove one or more images",
  args: { min: 1 },
  options: [
    { flags: "-f, --force", help: ["Force removal of the image"], bool: true },
    { flags: "--no-prune", help: ["Do not delete untagged parents"], bool: true },
  ],
  async run(ctx, args, opts) {
    const force = boolFlag(opts, "force") ?? false;
    const errors: string[] = [];
    let fatal = false;
    for (const ref of args) {
      try {
        const items = await imageRemove(ctx.client(), ref, force, boolFlag(opts, "no-prune") ?? false);
        for (const d of items) ctx.io.stdout("Deleted" in d && d.Deleted ? `Deleted: ${d.Deleted}\n` : `Untagged: ${"Untagged" in d ? d.Untagged : ""}\n`);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        if (e.status !== 404) fatal = true;
        errors.push(e.message);
      }
    }
    if (errors.length && (!force || fatal)) throw new StatusError(1, errors.join("\n"));
    if (errors.length) ctx.io.stderr(errors.join("\n") + "\n");
    return 0;
  },
};
