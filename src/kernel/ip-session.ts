/**
 * `ip -force -batch -` as a co-process: link and address writes without a spawn each.
 *
 * With -force ip keeps reading after a failing line and reports it as "Command failed -:N"
 * (N counts input lines since ip started). The marker is an unknown object, e.g.
 * `berth-sync-1a2b3c4d-7`: ip answers `Object "berth-sync-1a2b3c4d-7" is unknown, try "ip help".`
 * and "Command failed -:N" without any netlink traffic; its line number ends the request.
 *
 * Fail-fast like `ip -batch` without -force: a batch goes one line per round trip and stops at
 * the first failing line, so nothing after it runs (the caller undoes what came before, as
 * with a spawned batch). Bad arguments make ip exit (iproute2's invarg()); that line is then the
 * failed one and the next request starts a new ip.
 */
import { CURRENT_NETNS, ExecError, sameNetns, type Netns } from "./exec.js";
import { Coprocess, CoprocessError, type CoprocessOptions, type CoprocessProtocol, type CoprocessSend } from "./coprocess.js";
import { renderIpCommand, type IpBatchResult, type IpCommand } from "./ip-batch.js";

export const IP_SESSION_ARGV: readonly string[] = ["ip", "-force", "-batch", "-"];

const markerObject = (tag: string): string => `berth-sync-${tag}`;
const unknownObject = (tag: string): string => `Object "${markerObject(tag)}" is unknown, try "ip help".`;
const failedTrailer = (line: number): string => `Command failed -:${line}`;

export const ipProtocol: CoprocessProtocol = {
  argv: IP_SESSION_ARGV,
  marker: (tag) => `${markerObject(tag)}\n`,
  requestLines(lines, tag, line) {
    const end = lines.indexOf(failedTrailer(line));
    if (end < 0) return undefined;
    return lines[end - 1] === unknownObject(tag) ? end - 1 : end;
  },
};

/** What the kernel adapter needs of a session (an IpSession, or the shared one resolved per call). */
export interface IpBatchSession {
  serves(ns: Netns): boolean;
  tryBatch(cmds: readonly IpCommand[]): Promise<IpBatchResult>;
}

export class IpSession implements IpBatchSession {
  readonly netns: Netns;
  private readonly co: Coprocess;

  constructor(opts: CoprocessOptions = {}) {
    this.netns = opts.netns ?? CURRENT_NETNS;
    this.co = new Coprocess(ipProtocol, opts);
  }

  /** Whether batches for `ns` can go through this session. */
  serves(ns: Netns): boolean {
    return sameNetns(ns, this.netns);
  }

  /** How many ip processes this session has started (1 + restarts). */
  get starts(): number {
    return this.co.starts;
  }

  get pid(): number | undefined {
    return this.co.pid;
  }

  /** Runs the commands in order, stopping at the first failure, which is reported, not thrown. */
  async tryBatch(cmds: readonly IpCommand[]): Promise<IpBatchResult> {
    if (cmds.length === 0) return { ok: true };
    const lines = cmds.map(renderIpCommand); // InvalidParameter before anything runs
    return this.co.exclusive(async (send) => {
      for (const [index, line] of lines.entries()) {
        const error = await runLine(send, line);
        if (error) return { ok: false, index, command: cmds[index], error };
      }
      return { ok: true };
    });
  }

  /** Ends the ip process after the queued batches. */
  close(): Promise<void> {
    return this.co.close();
  }
}

/** One line; the error if it failed (the lines before it took effect). */
async function runLine(send: CoprocessSend, line: string): Promise<ExecError | undefined> {
  try {
    const reply = await send(`${line}\n`);
    if (!reply.stderr.split("\n").includes(failedTrailer(reply.firstLine))) return undefined;
    return new ExecError(IP_SESSION_ARGV, null, reply.stderr, "Command failed");
  } catch (e) {
    if (e instanceof CoprocessError) return e;
    throw e;
  }
}

let shared: IpSession | undefined;

/** The shared session's `ip` ends after this long without use (a new one starts in ~2 ms). */
export const SHARED_IP_IDLE_MS = 5_000;

/** The process-wide session for the daemon's own namespace, started on first use. */
export function sharedIpSession(): IpSession {
  shared ??= new IpSession({ idleMs: SHARED_IP_IDLE_MS });
  return shared;
}

/** The shared session of the daemon's namespace, looked up per batch (so it survives closeSharedIpSession()). */
export const sharedIpBatchSession: IpBatchSession = {
  serves: (ns) => ns.kind === "current",
  tryBatch: (cmds) => sharedIpSession().tryBatch(cmds),
};

/** Closes the shared session if one was made (daemon shutdown; optional, it is unref'd). */
export async function closeSharedIpSession(): Promise<void> {
  const s = shared;
  shared = undefined;
  await s?.close();
}
