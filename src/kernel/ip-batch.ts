/**
 * Running iproute2: writes go as one `ip -batch -` spawn per operation (or through an
 * IpSession, see ip-session.ts, in the daemon's own namespace), reads as `ip -j` JSON.
 *
 * Batch input is parsed by iproute2's makeargs(): words split on blanks, a word may be wrapped
 * in '...' or "..." (no escapes inside), and `#` anywhere starts a comment, even inside quotes.
 * quoteBatchToken() therefore quotes what needs it and refuses what cannot be written safely.
 *
 * Batches run without `-force`: ip stops at the first failing line and names it
 * ("Command failed -:N"), so the caller knows exactly which lines took effect and can undo them.
 */
import { invalidParameter, systemError } from "../lib/errors.js";
import { ExecError, type Exec, type Netns } from "./exec.js";

/** One batch line as argv tokens after `ip`, e.g. ["link", "set", "dev", "br0", "up"]. */
export type IpCommand = readonly string[];

// Control characters (newline ends a batch line, NUL ends a C string) and `#` (comment).
const UNSAFE = /[\u0000-\u001f\u007f#]/;
const NEEDS_QUOTES = /[\s'"\\]/;

/** Why a token cannot be written into a batch line, or undefined if it can. */
export function batchTokenProblem(token: string): string | undefined {
  if (UNSAFE.test(token)) return "control characters and '#' are not allowed";
  if (token.includes("'") && token.includes('"')) return "it may not contain both ' and \"";
  return undefined;
}

/** One token as iproute2's batch parser reads it back unchanged. Throws InvalidParameter. */
export function quoteBatchToken(token: string): string {
  const problem = batchTokenProblem(token);
  if (problem) throw invalidParameter(`Cannot pass ${JSON.stringify(token)} to ip: ${problem}`);
  if (token !== "" && !NEEDS_QUOTES.test(token)) return token;
  return token.includes('"') ? `'${token}'` : `"${token}"`;
}

export const renderIpCommand = (cmd: IpCommand): string => cmd.map(quoteBatchToken).join(" ");

/** The whole stdin of `ip -batch -`: one line per command. */
export const renderIpBatch = (cmds: readonly IpCommand[]): string => cmds.map((c) => renderIpCommand(c) + "\n").join("");

export type IpBatchResult =
  | { readonly ok: true }
  | {
      readonly ok: false;
      /** 0-based index into the commands of the line that failed; undefined if ip did not say. */
      readonly index: number | undefined;
      readonly command: IpCommand | undefined;
      readonly error: ExecError;
    };

/** Runs a batch in a namespace, fail-fast; reports the failed line instead of throwing. */
export type IpBatchRunner = (ns: Netns, cmds: readonly IpCommand[]) => Promise<IpBatchResult>;

/** ip's own report of the failed line: "Command failed -:N" (1-based). */
function failedLine(stderr: string): number | undefined {
  const m = /Command failed -:(\d+)/.exec(stderr);
  return m?.[1] === undefined ? undefined : Number(m[1]) - 1;
}

/** Runs the commands in one spawn; reports the failed line instead of throwing. */
export async function tryIpBatch(run: Exec, ns: Netns, cmds: readonly IpCommand[]): Promise<IpBatchResult> {
  if (cmds.length === 0) return { ok: true };
  const stdin = renderIpBatch(cmds);
  try {
    await run(["ip", "-batch", "-"], { netns: ns, stdin });
    return { ok: true };
  } catch (e) {
    if (!(e instanceof ExecError)) throw e;
    const index = failedLine(e.stderr);
    const known = index !== undefined && index >= 0 && index < cmds.length;
    return { ok: false, index: known ? index : undefined, command: known ? cmds[index] : undefined, error: e };
  }
}

/** The stderr of a failed batch without ip's "Command failed" trailer. */
function reasonOf(error: ExecError): string {
  const lines = error.stderr.split("\n").map((l) => l.trim());
  const text = lines.filter((l) => l !== "" && !l.startsWith("Command failed")).join("; ");
  return text || error.message;
}

/** The error for a failed batch: which action, which line, what ip said. */
export function batchError(action: string, failure: Extract<IpBatchResult, { ok: false }>): Error {
  const where = failure.command ? ` at "ip ${failure.command.join(" ")}"` : "";
  return systemError(`${action}: ip batch failed${where}: ${reasonOf(failure.error)}`, failure.error);
}

/** Runs the commands in one spawn; throws a System error naming the failed line. */
export async function runIpBatch(run: Exec, ns: Netns, cmds: readonly IpCommand[], action: string): Promise<void> {
  throwIfFailed(await tryIpBatch(run, ns, cmds), action);
}

/** A System error naming the failed line, if the batch failed. */
export function throwIfFailed(r: IpBatchResult, action: string): void {
  if (!r.ok) throw batchError(action, r);
}

/** Runs `ip -j <args>` and parses its JSON output (an empty output reads as []). */
export async function ipJson(run: Exec, ns: Netns, args: readonly string[]): Promise<unknown> {
  const { stdout } = await run(["ip", "-j", ...args], { netns: ns });
  const text = stdout.trim();
  if (text === "") return [];
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw systemError(`Failed to read "ip -j ${args.join(" ")}": output is not JSON`, e);
  }
}

/** Narrowing helpers for ip's JSON, which is typed only by convention. */
export type JsonObject = Readonly<Record<string, unknown>>;

export const isJsonObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

export function jsonArray(v: unknown, what: string): readonly JsonObject[] {
  if (!Array.isArray(v)) throw systemError(`Unexpected ${what} output from ip: not an array`);
  return v.filter(isJsonObject);
}

export const jsonString = (o: JsonObject, key: string): string | undefined => {
  const v = o[key];
  return typeof v === "string" ? v : undefined;
};

export const jsonNumber = (o: JsonObject, key: string): number | undefined => {
  const v = o[key];
  return typeof v === "number" ? v : undefined;
};
