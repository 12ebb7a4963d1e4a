/**
 * The fake daemon's "processes": a command line is interpreted by a tiny script runner
 * (echo, echo >&2, cat, true, false, exit N, sh -c '...'), writing to a hijacked stream
 * (8-byte-header frames without a TTY, raw bytes with one) and reading the client's stdin.
 */
import type { Duplex } from "node:stream";

export type StreamNo = 1 | 2;

/** Where a process writes, and the stdin it may read (null: not attached). */
export interface ProcessIO {
  write(stream: StreamNo, text: string): void;
  readonly stdin: Duplex | null;
}

/** A command the fake cannot run: start fails as dockerd does (the CLI maps it to 127). */
export function missingExecutable(cmd: readonly string[]): string | undefined {
  const bin = cmd[0];
  if (bin === undefined || ["echo", "cat", "true", "false", "sh", "sleep", "exit"].includes(bin)) return undefined;
  return `failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: "${bin}": executable file not found in $PATH: unknown`;
}

function frame(stream: StreamNo, data: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h[0] = stream;
  h.writeUInt32BE(data.length, 4);
  return Buffer.concat([h, data]);
}

/** A ProcessIO on a hijacked socket (framed unless tty; a TTY turns "\n" into "\r\n"); unattached streams are dropped. */
export function socketIO(socket: Duplex, tty: boolean, stdin: boolean, attached: { stdout: boolean; stderr: boolean } = { stdout: true, stderr: true }): ProcessIO {
  return {
    write(stream, text) {
      if (text === "" || socket.writableEnded || !(stream === 1 ? attached.stdout : attached.stderr)) return;
      const data = Buffer.from(tty ? text.replace(/\r?\n/g, "\r\n") : text);
      socket.write(tty ? data : frame(stream, data));
    },
    stdin: stdin ? socket : null,
  };
}

/** Output that goes nowhere (detached). */
export const NULL_IO: ProcessIO = { write: () => undefined, stdin: null };

/** Reads stdin to its end (or until the peer goes away), echoing each chunk through `onData`. */
function pumpStdin(stdin: Duplex | null, onData: (b: Buffer) => void): Promise<void> {
  if (!stdin || stdin.readableEnded) return Promise.resolve();
  return new Promise((resolve) => {
    stdin.on("data", onData);
    stdin.once("end", resolve);
    stdin.once("close", resolve);
    stdin.once("error", () => resolve());
  });
}

/** Splits "a; b && c" into commands and each into words ('...' and "..." quoted). */
function parseScript(script: string): string[][] {
  const cmds: string[][] = [[]];
  const re = /'([^']*)'|"((?:[^"\\]|\\.)*)"|(;|&&)|(>&2)|([^\s;'"&]+)/g;
  for (const m of script.matchAll(re)) {
    const cur = cmds[cmds.length - 1]!;
    if (m[3] !== undefined) cmds.push([]);
    else if (m[4] !== undefined) cur.push(">&2");
    else cur.push(m[1] ?? m[2]?.replace(/\\(.)/g, "$1") ?? m[5] ?? "");
  }
  return cmds.filter((c) => c.length > 0);
}

/** Runs one command; returns its exit status, or { exit } when the script must stop. */
async function runOne(words: readonly string[], io: ProcessIO): Promise<number | { exit: number }> {
  const [bin = "", ...args] = words;
  switch (bin) {
    case "echo": {
      const toErr = args.includes(">&2");
      io.write(toErr ? 2 : 1, args.filter((a) => a !== ">&2").join(" ") + "\n");
      return 0;
    }
    case "cat":
      await pumpStdin(io.stdin, (b) => io.write(1, b.toString("utf8")));
      return 0;
    case "true":
    case "sleep":
      return 0;
    case "false":
      return 1;
    case "exit":
      return { exit: Number(args[0] ?? "0") };
    case "sh":
      if (args[0] === "-c") return runScript(parseScript(args[1] ?? ""), io);
      return 0;
    default:
      io.write(2, `sh: ${bin}: not found\n`);
      return 127;
  }
}

async function runScript(cmds: readonly string[][], io: ProcessIO): Promise<number> {
  let status = 0;
  for (const c of cmds) {
    const r = await runOne(c, io);
    if (typeof r === "object") return r.exit;
    status = r;
  }
  return status;
}

/** Runs a container's or exec's command line; resolves with the exit code. */
export async function runProcess(cmd: readonly string[], io: ProcessIO): Promise<number> {
  const r = await runOne(cmd, io);
  return typeof r === "object" ? r.exit : r;
}
