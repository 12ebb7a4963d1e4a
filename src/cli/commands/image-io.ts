/**
 * `berth import` (a rootfs tarball from a file, stdin or a URL; -c changes, -m message) and
 * `berth load` (docker-save tarballs and OCI layouts, from -i FILE or stdin). Bodies are
 * streamed to the daemon; its JSON progress is printed as docker prints it.
 */
import { createReadStream, statSync } from "node:fs";
import { Readable } from "node:stream";
import { imageCreate, imageLoad } from "../client-containers.js";
import { readText } from "../client-stream.js";
import { boolFlag, opt, type CommandDef } from "../command.js";
import { StatusError } from "../errors.js";
import { parseNormalizedNamed, ReferenceError } from "../format/reference.js";
import { displayJsonMessages, JsonMessageError } from "../stream-output.js";

/** os.Open's error text for a path that cannot be read. */
function openFile(path: string): Readable {
  try {
    statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new StatusError(1, `open ${path}: ${code === "ENOENT" ? "no such file or directory" : code === "EACCES" ? "permission denied" : (e as Error).message}`);
  }
  return createReadStream(path);
}

const emptyStdin = (): Readable => Readable.from([]);

export const importImage: CommandDef = {
  name: "import",
  usage: "[OPTIONS] file|URL|- [REPOSITORY[:TAG]]",
  summary: "Import the contents from a tarball to create a filesystem image",
  args: { min: 1 },
  options: [
    { flags: "-c, --change <list>", help: ["Apply Dockerfile instruction to the created image"], parser: () => (v: string, prev: string[]) => [...prev, v], defaultValue: [] },
    { flags: "-m, --message <string>", help: ["Set commit message for imported image"] },
    { flags: "--platform <string>", help: ["Set platform if server is multi-platform capable"] },
  ],
  async run(ctx, args, opts) {
    const [source, ref = ""] = [args[0]!, args[1]];
    const query: Record<string, string | string[]> = {};
    let body: Readable | undefined;
    if (source === "-") {
      query["fromSrc"] = "-";
      body = ctx.io.stdin?.() ?? emptyStdin();
    } else if (/^https?:\/\//.test(source)) {
      query["fromSrc"] = source;
    } else {
      body = openFile(source);
      query["fromSrc"] = "-";
    }
    if (ref !== "") {
      try {
        parseNormalizedNamed(ref);
      } catch (e) {
        body?.destroy();
        if (e instanceof ReferenceError) throw new StatusError(1, e.message);
        throw e;
      }
      query["repo"] = ref;
    }
    const message = opt(opts, "message", "");
    if (message !== "") query["message"] = message;
    const platform = opt<string>(opts, "platform", "");
    if (platform !== "") query["platform"] = platform.toLowerCase();
    const changes = opt<string[]>(opts, "change", []);
    if (changes.length) query["changes"] = changes;
    const res = await imageCreate(ctx.client(), query, body);
    try {
      await displayJsonMessages(res, ctx.io.stdout);
    } catch (e) {
      if (e instanceof JsonMessageError) throw new StatusError(1, e.message);
      throw e;
    }
    return 0;
  },
};

export const load: CommandDef = {
  name: "load",
  usage: "[OPTIONS]",
  summary: "Load an image from a tar archive or STDIN",
  args: { none: true },
  options: [
    { flags: "-i, --input <string>", help: ["Read from tar archive file, instead of STDIN"] },
    { flags: "-q, --quiet", help: ["Suppress the load output"], bool: true },
  ],
  async run(ctx, _args, opts) {
    const input = opt(opts, "input", "");
    if (input === "" && ctx.io.terminal?.stdinIsTerminal) throw new StatusError(1, "requested load from stdin, but stdin is empty");
    const body = input !== "" ? openFile(input) : (ctx.io.stdin?.() ?? emptyStdin());
    const quiet = (boolFlag(opts, "quiet") ?? false) || ctx.io.terminal?.stdoutIsTerminal !== true;
    const res = await imageLoad(ctx.client(), body, quiet);
    if (String(res.headers["content-type"] ?? "") === "application/json") {
      try {
        await displayJsonMessages(res, ctx.io.stdout);
      } catch (e) {
        if (e instanceof JsonMessageError) throw new StatusError(1, e.message);
        throw e;
      }
    } else ctx.io.stdout(await readText(res));
    return 0;
  },
};
