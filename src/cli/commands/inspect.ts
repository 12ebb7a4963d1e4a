/**
 * `berth inspect` (containers, then images, then networks), `berth container inspect` and
 * `berth image inspect`: raw JSON, "json", or a template on the typed value docker decodes
 * into (container.InspectResponse, image.InspectResponse, network.Inspect).
 */
import type { NetworkWire } from "../../api/wire/network.js";
import { ApiError, type BerthClient } from "../client.js";
import { containerInspect, imageInspect } from "../client-containers.js";
import { boolFlag, opt, type CommandDef, type OptionDef } from "../command.js";
import { StatusError } from "../errors.js";
import { typed } from "../format/go-schema.js";
import type { GoValue } from "../format/go-value.js";
import { CONTAINER_INSPECT, IMAGE_INSPECT } from "../format/inspect-schema.js";
import { InspectFormatError, newInspector, type Inspector } from "../format/inspect-format.js";
import { networkInspectValue } from "../format/network-values.js";
import { INSPECT_FORMAT_HELP } from "./network-inspect.js";
import { goPathEscape } from "../query.js";

interface Found {
  readonly value: unknown;
  readonly raw: string;
  readonly toTyped: (v: unknown) => GoValue;
}

type Getter = (c: BerthClient, ref: string, size: boolean) => Promise<Found>;

const containerGetter: Getter = async (c, ref, size) => {
  const r = size ? await c.json<unknown>("GET", `/containers/${goPathEscape(ref)}/json`, { query: { size: "1" } }) : await containerInspect(c, ref);
  return { ...r, toTyped: (v) => typed(v, CONTAINER_INSPECT) };
};
const imageGetter: Getter = async (c, ref) => ({ ...(await imageInspect(c, ref)), toTyped: (v) => typed(v, IMAGE_INSPECT) });
const networkGetter: Getter = async (c, ref) => ({ ...(await c.networkInspect(ref)), toTyped: (v) => networkInspectValue(v as NetworkWire) });

const TYPES = ["config", "container", "image", "network", "node", "plugin", "secret", "service", "task", "volume"];

/** inspect.Inspect: every element through one inspector; failures listed after the output. */
async function inspectAll(format: string, refs: readonly string[], find: (ref: string) => Promise<Found>, write: (s: string) => void): Promise<void> {
  let inspector: Inspector | undefined;
  let toTyped: (v: unknown) => GoValue = () => null;
  try {
    inspector = newInspector(format, (v) => toTyped(v));
  } catch (e) {
    if (e instanceof InspectFormatError) throw new StatusError(64, e.message);
    throw e;
  }
  const errors: string[] = [];
  for (const ref of refs) {
    try {
      const f = await find(ref);
      toTyped = f.toTyped;
      const err = inspector.inspect(f.value, f.raw);
      if (err !== undefined) errors.push(err);
    } catch (e) {
      if (!(e instanceof ApiError || e instanceof StatusError)) throw e;
      errors.push(e.message);
    }
  }
  write(inspector.flush());
  if (errors.length) throw new StatusError(1, errors.join("\n"));
}

const FORMAT: OptionDef = { flags: "-f, --format <string>", help: INSPECT_FORMAT_HELP };
const SIZE: OptionDef = { flags: "-s, --size", help: ["Display total file sizes"], bool: true };

export const inspect: CommandDef = {
  name: "inspect",
  usage: "[OPTIONS] NAME|ID [NAME|ID...]",
  summary: "Return low-level information on Docker objects",
  args: { min: 1 },
  options: [FORMAT, { ...SIZE, help: ["Display total file sizes if the type is container"] }, { flags: "--type <string>", help: ["Only inspect objects of the given type"] }],
  async run(ctx, args, opts) {
    const type = opt<string | undefined>(opts, "type", undefined);
    if (type === "") throw new StatusError(1, `type is empty: must be one of "${TYPES.join('", "')}"`);
    if (type !== undefined && !TYPES.includes(type)) throw new StatusError(1, `unknown type: ${JSON.stringify(type)}: must be one of "${TYPES.join('", "')}"`);
    const size = boolFlag(opts, "size") ?? false;
    const order: [string, Getter][] = [["container", containerGetter], ["image", imageGetter], ["network", networkGetter]];
    const find = async (ref: string): Promise<Found> => {
      for (const [t, get] of order) {
        if (type !== undefined && t !== type) continue;
        try {
          const f = await get(ctx.client(), ref, size);
          if (size && t !== "container") ctx.io.stderr(`WARNING: --size ignored for ${t}\n`);
          return f;
        } catch (e) {
          if (type !== undefined || !(e instanceof ApiError) || (e.status !== 404 && !/not supported|invalid reference format/.test(e.message))) throw e;
        }
      }
      throw new StatusError(1, `Error: No such object: ${ref}`);
    };
    await inspectAll(opt(opts, "format", ""), args, find, ctx.io.stdout);
    return 0;
  },
};

export const containerInspectCommand: CommandDef = {
  name: "inspect",
  usage: "[OPTIONS] CONTAINER [CONTAINER...]",
  summary: "Display detailed information on one or more containers",
  args: { min: 1 },
  options: [FORMAT, SIZE],
  async run(ctx, args, opts) {
    const size = boolFlag(opts, "size") ?? false;
    await inspectAll(opt(opts, "format", ""), args, (ref) => containerGetter(ctx.client(), ref, size), ctx.io.stdout);
    return 0;
  },
};

export const imageInspectCommand: CommandDef = {
  name: "inspect",
  usage: "[OPTIONS] IMAGE [IMAGE...]",
  summary: "Display detailed information on one or more images",
  args: { min: 1 },
  options: [FORMAT, { flags: "--platform <string>", help: ["Inspect a specific platform of the multi-platform image."] }],
  async run(ctx, args, opts) {
    await inspectAll(opt(opts, "format", ""), args, (ref) => imageGetter(ctx.client(), ref, false), ctx.io.stdout);
    return 0;
  },
};
