/**
 * `berth`: Berth's own CLI, with the docker CLI's syntax and output (run by bin/berth).
 * run() is the whole CLI as a function of argv and I/O; main() runs it on this process
 * (bin/berth can `import { main } from ".../dist/src/cli/main.js"`); executing this file
 * directly (or through a symlink) runs main().
 */
import { createInterface } from "node:readline";
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ApiError, ConnectionError } from "./client.js";
import type { CliIO } from "./command.js";
import { StatusError } from "./errors.js";
import { FormatError } from "./format/list-format.js";
import { HostError } from "./host.js";
import { buildProgram, rewriteBoolFlags } from "./program.js";

/** Runs the CLI; returns the exit code. `argv` excludes "node" and the script. */
export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(rewriteBoolFlags(argv), { from: "user" });
    return 0;
  } catch (e) {
    if (e instanceof StatusError) {
      if (e.message !== "") io.stderr(e.message + "\n");
      return e.code;
    }
    if (e instanceof ApiError || e instanceof ConnectionError || e instanceof FormatError || e instanceof HostError) {
      io.stderr(e.message + "\n");
      return 1;
    }
    throw e;
  }
}

let stdinUsed = false;

/** Reads stdin line by line, on demand (prompts read one answer). */
function stdinLines(): () => Promise<string | undefined> {
  let rl: ReturnType<typeof createInterface> | undefined;
  let iter: AsyncIterator<string> | undefined;
  return async () => {
    stdinUsed = true;
    rl ??= createInterface({ input: process.stdin, terminal: false });
    iter ??= rl[Symbol.asyncIterator]();
    const r = await iter.next();
    return r.done ? undefined : r.value;
  };
}

export function processIO(): CliIO {
  return {
    stdout: (s) => void process.stdout.write(s),
    stderr: (s) => void process.stderr.write(s),
    readLine: stdinLines(),
    env: process.env,
  };
}

/** Runs the CLI on this process (argv, stdio) and sets the exit code. bin/berth calls this. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  try {
    process.exitCode = await run(argv, processIO());
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  }
  if (stdinUsed) process.stdin.destroy();
}

/** True when this file is the program node was started with (directly or through a symlink). */
function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) void main();
