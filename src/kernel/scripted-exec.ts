/**
 * A fake of the exec gateway for unit tests of the kernel adapters: it records every call and
 * answers from a script, so tests can check the exact argv, stdin and namespace of each spawn.
 */
import { ExecError, type Exec, type ExecOptions, type ExecResult, type Netns } from "./exec.js";

export interface ExecCall {
  readonly argv: readonly string[];
  readonly stdin: string;
  readonly netns: Netns | undefined;
}

/** What the script answers for one call: stdout (exit 0) or a failure with code and stderr. */
export type ScriptedAnswer = string | { readonly code: number; readonly stderr?: string; readonly stdout?: string };

export interface ScriptedExec {
  readonly exec: Exec;
  readonly calls: ExecCall[];
}

export function scriptedExec(answer: (call: ExecCall) => ScriptedAnswer): ScriptedExec {
  const calls: ExecCall[] = [];
  const exec: Exec = async (argv: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> => {
    const call: ExecCall = { argv: [...argv], stdin: opts.stdin ?? "", netns: opts.netns };
    calls.push(call);
    const a = answer(call);
    const res = typeof a === "string" ? { code: 0, stdout: a, stderr: "" } : { code: a.code, stdout: a.stdout ?? "", stderr: a.stderr ?? "" };
    if (!(opts.okCodes ?? [0]).includes(res.code)) throw new ExecError(argv, res.code, res.stderr, `exit status ${res.code}`);
    return res;
  };
  return { exec, calls };
}

/** The `ip -batch -` calls among the recorded ones, as their lines. */
export const batchesOf = (calls: readonly ExecCall[]): string[][] =>
  calls.filter((c) => c.argv[0] === "ip" && c.argv[1] === "-batch").map((c) => c.stdin.split("\n").filter((l) => l !== ""));
