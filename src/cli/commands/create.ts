/**
 * `berth create`, and the container creation `run` shares with it: parse the flags, create
 * (pulling on "No such image" as the docker CLI does, which a registry-less daemon refuses),
 * and print the daemon's warnings.
 */
import { ApiError } from "../client.js";
import { containerCreate, imageCreate } from "../client-containers.js";
import { opt, type CommandDef, type RunContext } from "../command.js";
import { StatusError } from "../errors.js";
import { familiarString, fullName, parseAnyReference, parseNormalizedNamed, ReferenceError, tagNameOnly, type Named } from "../format/reference.js";
import { displayJsonMessages, JsonMessageError } from "../stream-output.js";
import { encodeCreateBody } from "../wire-encode-container.js";
import { CREATE_OPTIONS } from "./run-opts.js";
import { parseCreate, type CreateSpec } from "./run-parse.js";

/** docker's reportError: "berth: MSG", a blank line and the help hint; exit 125 unless told. */
export function reportError(command: string, message: string, code = 125): StatusError {
  return new StatusError(code, `berth: ${message}\n\nRun 'berth ${command} --help' for more information`);
}

/** Parses the flags of run/create; parse errors are reported as docker does (exit 125). */
export function parseSpec(ctx: RunContext, command: string, args: string[], opts: Readonly<Record<string, unknown>>): CreateSpec {
  const pull = opt(opts, "pull", "missing");
  if (!["always", "missing", "never", ""].includes(pull)) {
    throw reportError(command, `invalid pull option: '${pull}': must be one of "always", "missing" or "never"`);
  }
  try {
    const term = ctx.io.terminal;
    return parseCreate(opts, args[0]!, args.slice(1), {
      lookupEnv: (k) => ctx.io.env[k],
      cwd: process.cwd(),
      consoleSize: term?.stdoutIsTerminal ? term.size() : [0, 0],
    });
  } catch (e) {
    if (e instanceof StatusError) throw e;
    throw reportError(command, (e as Error).message);
  }
}

/** Pulls an image as `docker run` does when it is missing; the progress goes to stderr. */
async function pullImage(ctx: RunContext, image: string): Promise<void> {
  const ref = parseNormalizedNamed(image);
  const tag = ref.digest ?? tagNameOnly(ref).tag ?? "";
  const res = await imageCreate(ctx.client(), { fromImage: fullName(ref), tag });
  await displayJsonMessages(res, ctx.io.stderr);
}

/** createContainer: returns the new container's ID; daemon errors are thrown (ApiError). */
export async function createContainer(ctx: RunContext, spec: CreateSpec, pull: string): Promise<string> {
  const dns = spec.hostConfig.Dns.find((d) => /((127\.([0-9]{1,3}\.){2}[0-9]{1,3})|(::1)$)/.test(d));
  if (dns !== undefined) ctx.io.stderr(`WARNING: Localhost DNS (${dns}) may fail in containers.\n`);
  // Reference errors (ReferenceError) are thrown as they are: run reports them, create prints them.
  const named: Named | undefined = parseAnyReference(spec.config.Image);
  if (pull === "always") await pullImage(ctx, spec.config.Image);
  const body = encodeCreateBody(spec);
  let created;
  try {
    created = await containerCreate(ctx.client(), body, spec.name);
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 404 || named === undefined || pull !== "missing") throw e;
    ctx.io.stderr(`Unable to find image '${familiarString(tagNameOnly(named))}' locally\n`);
    await pullImage(ctx, spec.config.Image);
    created = await containerCreate(ctx.client(), body, spec.name);
  }
  for (const w of created.Warnings ?? []) ctx.io.stderr(`WARNING: ${w}\n`);
  return created.Id;
}

export const create: CommandDef = {
  name: "create",
  usage: "[OPTIONS] IMAGE [COMMAND] [ARG...]",
  summary: "Create a new container",
  args: { min: 1 },
  stopAtFirstArg: true,
  helpFlags: "--help",
  options: CREATE_OPTIONS,
  async run(ctx, args, opts) {
    const spec = parseSpec(ctx, "create", args, opts);
    try {
      ctx.io.stdout((await createContainer(ctx, spec, opt(opts, "pull", "missing"))) + "\n");
    } catch (e) {
      if (e instanceof ApiError || e instanceof ReferenceError || e instanceof JsonMessageError) throw new StatusError(1, e.message);
      throw e;
    }
    return 0;
  },
};
