/**
 * The OCI runtime adapter: the lifecycle verbs of runc (default) or crun, spawned through the
 * exec gateway with `--root <exec-root>/<runtime>` so Berth's containers never mix with anyone
 * else's. Existence is decided from the runtime's own state directory, not from stderr text.
 */
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { invalidParameter, messageOf, notFound, systemError } from "../lib/errors.js";
import type { Exec } from "../kernel/exec.js";

export type RuntimeStatus = "creating" | "created" | "running" | "stopped" | "paused";

/** `runc state` output. */
export interface RuntimeState {
  readonly ociVersion: string;
  readonly id: string;
  /** 0 once stopped. */
  readonly pid: number;
  readonly status: RuntimeStatus;
  readonly bundle: string;
  readonly created?: string;
}

export interface CreateOptions {
  readonly pidFile?: string;
  readonly consoleSocket?: string;
  readonly noPivot?: boolean;
}

export interface OciRuntime {
  /** "runc" or "crun": also the name of its state directory under the exec root. */
  readonly name: string;
  readonly binary: string;
  /** The `--root` state directory. */
  readonly root: string;
  /** Global flags (before the verb), for callers that spawn the runtime indirectly (conmon). */
  globalArgs(): readonly string[];
  create(id: string, bundleDir: string, opts?: CreateOptions): Promise<void>;
  start(id: string): Promise<void>;
  /** Throws NotFound when the runtime has no such container. */
  state(id: string): Promise<RuntimeState>;
  kill(id: string, signal: string | number, opts?: { readonly all?: boolean }): Promise<void>;
  /** Idempotent: a container the runtime does not know is already deleted. */
  delete(id: string, force?: boolean): Promise<void>;
  list(): Promise<RuntimeState[]>;
}

export const RUNTIME_BINARIES: Readonly<Record<string, string>> = { runc: "/usr/sbin/runc", crun: "/usr/bin/crun" };
export const DEFAULT_RUNTIME = "runc";

const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

function checkId(id: string): void {
  if (!ID.test(id)) throw invalidParameter(`invalid container id for the runtime: "${id}"`);
}

export interface RuntimeConfig {
  /** "runc" (default) or "crun". */
  readonly name?: string;
  /** Defaults to RUNTIME_BINARIES[name]. */
  readonly binary?: string;
  /** Berth's exec root, e.g. /run/berth; the state lives in `<execRoot>/<name>`. */
  readonly execRoot: string;
}

/** runc and crun share the CLI Berth uses (create/start/state/kill/delete/list). */
export class CliRuntime implements OciRuntime {
  readonly name: string;
  readonly binary: string;
  readonly root: string;

  constructor(
    private readonly exec: Exec,
    cfg: RuntimeConfig,
  ) {
    this.name = cfg.name ?? DEFAULT_RUNTIME;
    const binary = cfg.binary ?? RUNTIME_BINARIES[this.name];
    if (binary === undefined) throw invalidParameter(`unknown runtime "${this.name}": choose runc or crun`);
    this.binary = binary;
    this.root = join(cfg.execRoot, this.name);
  }

  globalArgs(): readonly string[] {
    return ["--root", this.root];
  }

  private async run(verb: string, args: readonly string[], timeoutMs = 30_000): Promise<string> {
    try {
      return (await this.exec([this.binary, ...this.globalArgs(), verb, ...args], { timeoutMs })).stdout;
    } catch (e) {
      throw systemError(`${this.name} ${verb} failed: ${messageOf(e)}`, e);
    }
  }

  /** Whether the runtime keeps state for `id` (runc: state.json, crun: status, in <root>/<id>). */
  async exists(id: string): Promise<boolean> {
    return stat(join(this.root, id)).then(
      (s) => s.isDirectory(),
      () => false,
    );
  }

  async create(id: string, bundleDir: string, opts: CreateOptions = {}): Promise<void> {
    checkId(id);
    const args = ["--bundle", bundleDir];
    if (opts.pidFile !== undefined) args.push("--pid-file", opts.pidFile);
    if (opts.consoleSocket !== undefined) args.push("--console-socket", opts.consoleSocket);
    if (opts.noPivot) args.push("--no-pivot");
    await this.run("create", [...args, id], 120_000);
  }

  async start(id: string): Promise<void> {
    checkId(id);
    await this.run("start", [id]);
  }

  async state(id: string): Promise<RuntimeState> {
    checkId(id);
    if (!(await this.exists(id))) throw notFound(`container "${id}" does not exist in ${this.name}`);
    return parseState(await this.run("state", [id]));
  }

  async kill(id: string, signal: string | number, opts: { readonly all?: boolean } = {}): Promise<void> {
    checkId(id);
    if (!(await this.exists(id))) throw notFound(`container "${id}" does not exist in ${this.name}`);
    await this.run("kill", [...(opts.all ? ["--all"] : []), id, String(signal)]);
  }

  async delete(id: string, force = false): Promise<void> {
    checkId(id);
    if (!(await this.exists(id))) return;
    try {
      await this.run("delete", [...(force ? ["--force"] : []), id]);
    } catch (e) {
      if (await this.exists(id)) throw e; // gone meanwhile: deleted is deleted
    }
  }

  async list(): Promise<RuntimeState[]> {
    if (!(await stat(this.root).catch(() => undefined))) return [];
    const out = (await this.run("list", ["--format", "json"])).trim();
    const parsed: unknown = out === "" ? [] : JSON.parse(out);
    return Array.isArray(parsed) ? parsed.map((s) => parseState(JSON.stringify(s))) : [];
  }
}

const STATUSES: readonly string[] = ["creating", "created", "running", "stopped", "paused"];

/** Parses `state` JSON (runc and crun print the OCI state plus a few extras). */
export function parseState(json: string): RuntimeState {
  let o: Partial<Record<string, unknown>>;
  try {
    o = JSON.parse(json) as Partial<Record<string, unknown>>;
  } catch (e) {
    throw systemError(`cannot parse runtime state: ${messageOf(e)}`, e);
  }
  const status = String(o["status"]);
  if (typeof o["id"] !== "string" || !STATUSES.includes(status)) throw systemError(`unexpected runtime state: ${json.slice(0, 200)}`);
  return {
    ociVersion: typeof o["ociVersion"] === "string" ? o["ociVersion"] : "",
    id: o["id"],
    pid: typeof o["pid"] === "number" ? o["pid"] : 0,
    status: status as RuntimeStatus,
    bundle: typeof o["bundle"] === "string" ? o["bundle"] : "",
    ...(typeof o["created"] === "string" ? { created: o["created"] } : {}),
  };
}
