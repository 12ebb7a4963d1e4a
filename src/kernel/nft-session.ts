/**
 * `nft -i` as a co-process: rulesets applied without a spawn each.
 *
 * In interactive mode nft runs one line as one command and prints errors on stderr followed by
 * the offending line and a caret line. A script is written to a file in a private directory
 * (mode 0700) and applied with `include "<file>"`: one include is parsed into one batch, so
 * it is one kernel transaction, all or nothing, like `nft -f`.
 *
 * The marker is `list table inet <a unique name over 256 characters>`: nft's parser refuses
 * it ("name too long") before anything reaches the kernel, and echoes the line, which is
 * unique to the request. nft's cache follows the kernel's ruleset generation, so changes made
 * by other processes between two requests are seen.
 */
import { rmSync } from "node:fs";
import { mkdir, mkdtemp, lstat, rm, writeFile, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { systemError } from "../lib/errors.js";
import { Coprocess, type CoprocessOptions, type CoprocessProtocol } from "./coprocess.js";
import { CURRENT_NETNS, ExecError, sameNetns, type Netns } from "./exec.js";

export const NFT_SESSION_ARGV: readonly string[] = ["nft", "-i"];
const MARKER_NAME_LENGTH = 300; // nft accepts names of up to 256 characters

export const markerCommand = (tag: string): string => {
  const name = `berth_sync_${tag.replace(/[^A-Za-z0-9]/g, "_")}_`;
  return `list table inet ${name.padEnd(MARKER_NAME_LENGTH, "x")}`;
};

export const nftProtocol: CoprocessProtocol = {
  argv: NFT_SESSION_ARGV,
  marker: (tag) => `${markerCommand(tag)}\n`,
  requestLines(lines, tag) {
    const echo = lines.indexOf(markerCommand(tag));
    if (echo < 0 || echo + 1 >= lines.length) return undefined; // wait for the caret line
    return echo > 0 && (lines[echo - 1] ?? "").includes("Error") ? echo - 1 : echo;
  },
};

/** Only plain path characters: the path goes into a quoted nft string, where `*?[` would glob. */
const SAFE_PATH = /^[A-Za-z0-9_./-]+$/;

export interface NftSessionOptions extends CoprocessOptions {
  /** The private directory for scripts (made with mode 0700); default a fresh one under the temp dir. */
  readonly dir?: string;
}

export class NftSession {
  readonly netns: Netns;
  private readonly co: Coprocess;
  private dir: Promise<string> | undefined;
  /** The directory this session made (and removes), once made. */
  private madeDir: string | undefined;
  private files = 0;

  constructor(private readonly opts: NftSessionOptions = {}) {
    this.netns = opts.netns ?? CURRENT_NETNS;
    this.co = new Coprocess(nftProtocol, opts);
  }

  /** Whether scripts for `ns` can go through this session. */
  serves(ns: Netns): boolean {
    return sameNetns(ns, this.netns);
  }

  /** How many nft processes this session has started (1 + restarts). */
  get starts(): number {
    return this.co.starts;
  }

  get pid(): number | undefined {
    return this.co.pid;
  }

  /** Applies a script as one transaction, in call order. Rejects with an ExecError carrying nft's stderr. */
  apply(script: string): Promise<void> {
    return this.co.exclusive(async (send) => {
      const file = path.join(await this.privateDir(), `${++this.files}.nft`);
      await writeFile(file, script, { mode: 0o600, flag: "wx" });
      try {
        const reply = await send(`include "${file}"\n`);
        if (reply.stderr.trim() !== "") throw new ExecError(NFT_SESSION_ARGV, null, readable(reply.stderr, file), "include failed");
      } finally {
        await unlink(file).catch(() => undefined);
      }
    });
  }

  /** Ends nft after the queued requests and removes the private directory it made. */
  async close(): Promise<void> {
    await this.co.close();
    const dir = this.madeDir;
    this.madeDir = undefined;
    if (dir === undefined) return;
    process.removeListener("exit", this.removeDirAtExit);
    await rm(dir, { recursive: true, force: true });
  }

  /** A daemon that exits without close() still leaves no directory behind. */
  private readonly removeDirAtExit = (): void => {
    if (this.madeDir !== undefined) rmSync(this.madeDir, { recursive: true, force: true });
  };

  private privateDir(): Promise<string> {
    if (this.dir === undefined) {
      const made = makePrivateDir(this.opts.dir).then((dir) => {
        if (this.opts.dir === undefined) {
          this.madeDir = dir;
          process.once("exit", this.removeDirAtExit);
        }
        return dir;
      });
      this.dir = made;
      made.catch(() => {
        if (this.dir === made) this.dir = undefined; // try again on the next apply
      });
    }
    return this.dir;
  }
}

async function makePrivateDir(given: string | undefined): Promise<string> {
  const base = given === undefined ? path.join(tmpdir(), "berth-nft-") : path.resolve(given);
  if (!SAFE_PATH.test(base)) throw systemError(`nft: the script directory "${base}" has characters nft include cannot take`);
  if (given === undefined) return mkdtemp(base); // mode 0700, a fresh name
  await mkdir(base, { recursive: true, mode: 0o700 });
  const st = await lstat(base);
  if (!st.isDirectory() || (st.mode & 0o077) !== 0 || st.uid !== process.getuid?.()) {
    throw systemError(`nft: "${base}" must be a directory owned by this user with mode 0700`);
  }
  return base;
}

/** nft's report without the include frame, the script named "script" rather than its temp path. */
function readable(stderr: string, file: string): string {
  return stderr
    .split("\n")
    .filter((l) => !l.startsWith("In file included from"))
    .join("\n")
    .replaceAll(file, "script");
}

let shared: NftSession | undefined;

/**
 * nft keeps a copy of the ruleset (about 5 MiB); the shared session ends it after this long
 * without use. Rulesets change when networks or published ports do, not on every container
 * start, and a new `nft -i` costs a few milliseconds.
 */
export const SHARED_NFT_IDLE_MS = 5_000;

/** The process-wide session for the daemon's own namespace; nothing starts before the first apply. */
export function sharedNftSession(): NftSession {
  shared ??= new NftSession({ idleMs: SHARED_NFT_IDLE_MS });
  return shared;
}

/** The shared session of the daemon's namespace, looked up per script (so it survives closeSharedNftSession()). */
export const sharedNftScriptSession = {
  serves: (ns: Netns): boolean => ns.kind === "current",
  apply: (script: string): Promise<void> => sharedNftSession().apply(script),
};

/** Closes the shared session if one was made (daemon shutdown; optional, it is unref'd). */
export async function closeSharedNftSession(): Promise<void> {
  const s = shared;
  shared = undefined;
  await s?.close();
}
