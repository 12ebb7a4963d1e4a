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
import type { CliIO, TerminalIO } from "./command.js";
import { StatusError } from "./errors.js";
import { FormatError } from "./format/list-format.js";
import { HostError } from "./host.js";
import { buildProgram, rewriteBoolFlags } from "./program.js";
import { restoreFromNode } from "./argv.js";
import { ReferenceError } from "./format/reference.js";
import { JsonMessageError, StreamError } from "./stream-output.js";

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
    if (
      e instanceof ApiError || e instanceof ConnectionError || e instanceof FormatError || e instanceof HostError ||
      e instanceof StreamError || e instanceof JsonMessageError || e instanceof ReferenceError
    ) {
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

/** The signals docker's run/attach proxy to the container. */
const PROXIED_SIGNALS: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2"];

function processTerminal(): TerminalIO {
  return {
    stdinIsTerminal: process.stdin.isTTY === true,
    stdoutIsTerminal: process.stdout.isTTY === true,
    setRaw: (raw) => {
      if (process.stdin.isTTY) process.stdin.setRawMode(raw);
    },
    size: () => (process.stdout.isTTY ? [process.stdout.rows, process.stdout.columns] : [0, 0]),
    onResize: (handler) => {
      process.stdout.on("resize", handler);
      return () => void process.stdout.off("resize", handler);
    },
  };
}

export function processIO(): CliIO {
  return {
    stdout: (s) => void process.stdout.write(s),
    stderr: (s) => void process.stderr.write(s),
    stdoutBytes: (b) => void process.stdout.write(b),
    stderrBytes: (b) => void process.stderr.write(b),
    readLine: stdinLines(),
    env: process.env,
    stdin: () => {
      stdinUsed = true;
      return process.stdin;
    },
    terminal: processTerminal(),
    onSignal: (handler) => {
      const listeners = PROXIED_SIGNALS.map((sig): [NodeJS.Signals, () => void] => [sig, () => handler(sig)]);
      for (const [sig, l] of listeners) process.on(sig, l);
      return () => {
        for (const [sig, l] of listeners) process.off(sig, l);
      };
    },
  };
}

/** Runs the CLI on this process (argv, stdio) and sets the exit code. bin/berth calls this. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  try {
    process.exitCode = await run(restoreFromNode(argv), processIO());
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  }
  if (stdinUsed) process.stdin.destroy();
  // Nothing of ours is left running; don't let a lingering connection keep the CLI alive.
  setTimeout(() => process.exit(), 500).unref();
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
