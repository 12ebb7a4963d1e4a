/**
 * Test support: a fake "process" for the in-memory container and exec services. It runs a
 * tiny command language instead of binaries: `echo` (with `>&2`), `cat` (stdin to stdout),
 * `sleep N`, `true`, `false`, `env`, `pwd`, `hostname`, `sh -c '<a>; <b> && <c>'` with
 * `exit N`, and `sh`/`top` that read commands from stdin (or block) until EOF or a signal.
 * Unknown commands exit 127 as Docker's do. Output goes to a callback; `exited` settles once.
 */
import { PassThrough } from "node:stream";
import type { OutputChunk } from "../engine/container-contract.js";
import { nowRfc3339Nano } from "../lib/time.js";
import { splitWords } from "./image-changes.js";

const SIGNALS: Readonly<Record<string, number>> = { HUP: 1, INT: 2, QUIT: 3, KILL: 9, USR1: 10, USR2: 12, TERM: 15 };

/** "SIGTERM", "TERM" or "15" → 15 (unknown names count as SIGKILL). */
export function signalNumber(signal: string): number {
  if (/^[0-9]+$/.test(signal)) return Number(signal);
  return SIGNALS[signal.toUpperCase().replace(/^SIG/, "")] ?? 9;
}

/** An async iterable fed by push(); ends at end() (or close(), which drops what is queued). */
export class ChunkQueue implements AsyncIterable<OutputChunk> {
  private readonly items: OutputChunk[] = [];
  private waiter: (() => void) | undefined;
  private ended = false;

  push(c: OutputChunk): void {
    if (this.ended) return;
    this.items.push(c);
    this.wake();
  }

  end(): void {
    this.ended = true;
    this.wake();
  }

  close(): void {
    this.items.length = 0;
    this.end();
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<OutputChunk> {
    for (;;) {
      const next = this.items.shift();
      if (next) {
        yield next;
        continue;
      }
      if (this.ended) return;
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
  }
}

export interface FakeProcessEnv {
  readonly env: readonly string[];
  readonly workingDir: string;
  readonly hostname: string;
}

/** Splits a script on unquoted `;`, `&&` and newlines, keeping the separator before each part. */
function statements(script: string): { sep: string; text: string }[] {
  const out: { sep: string; text: string }[] = [];
  let cur = "";
  let sep = ";";
  let quote: string | undefined;
  for (let i = 0; i < script.length; i++) {
    const ch = script[i] ?? "";
    if (quote) {
      if (ch === quote) quote = undefined;
      cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      cur += ch;
    } else if (ch === ";" || ch === "\n" || (ch === "&" && script[i + 1] === "&")) {
      out.push({ sep, text: cur });
      sep = ch === "&" ? "&&" : ";";
      if (ch === "&") i++;
      cur = "";
    } else cur += ch;
  }
  out.push({ sep, text: cur });
  return out.filter((s) => s.text.trim() !== "");
}

class ExitRequest {
  constructor(readonly code: number) {}
}

export class FakeProcess {
  readonly stdin: PassThrough;
  readonly exited: Promise<number>;
  private killed: ((code: number) => void) | undefined;
  private readonly killedP: Promise<number>;
  private done = false;

  constructor(
    argv: readonly string[],
    private readonly penv: FakeProcessEnv,
    private readonly emit: (stream: "stdout" | "stderr", data: string) => void,
    stdin?: PassThrough,
  ) {
    this.stdin = stdin ?? new PassThrough();
    if (!stdin) this.stdin.end();
    this.killedP = new Promise((resolve) => (this.killed = resolve));
    this.exited = Promise.race([this.run(argv), this.killedP]).then((code) => {
      this.done = true;
      this.killed = undefined;
      return code;
    });
  }

  /** Delivers a signal: the fake dies of any signal (128 + its number). */
  kill(signal: string): void {
    this.done = true;
    this.killed?.(128 + signalNumber(signal));
  }

  private async run(argv: readonly string[]): Promise<number> {
    await new Promise((r) => setImmediate(r)); // start after the caller has wired its listeners
    try {
      return await this.command(argv);
    } catch (e) {
      if (e instanceof ExitRequest) return e.code;
      throw e;
    }
  }

  private out(text: string, toStderr: boolean): void {
    if (this.done || text === "") return;
    this.emit(toStderr ? "stderr" : "stdout", text);
  }

  private async readStdin(onData: (s: string) => Promise<void> | void): Promise<void> {
    for await (const chunk of this.stdin) await onData(Buffer.from(chunk as Buffer).toString());
  }

  private async script(text: string): Promise<number> {
    let code = 0;
    for (const s of statements(text)) {
      if (s.sep === "&&" && code !== 0) continue;
      code = await this.command(splitWords(s.text));
    }
    return code;
  }

  private async command(argv: readonly string[]): Promise<number> {
    const [cmd = "", ...args] = argv;
    const redirect = args.at(-1) === ">&2" || args.at(-1) === "1>&2";
    const words = redirect ? args.slice(0, -1) : args;
    switch (cmd) {
      case "echo":
        this.out(`${words.join(" ")}\n`, redirect);
        return 0;
      case "true":
        return 0;
      case "false":
        return 1;
      case "exit":
        throw new ExitRequest(Number(words[0] ?? "0"));
      case "env":
        this.out(this.penv.env.map((e) => `${e}\n`).join(""), redirect);
        return 0;
      case "pwd":
        this.out(`${this.penv.workingDir || "/"}\n`, redirect);
        return 0;
      case "hostname":
        this.out(`${this.penv.hostname}\n`, redirect);
        return 0;
      case "cat":
        await this.readStdin((s) => this.out(s, redirect));
        return 0;
      case "sleep":
        await new Promise((r) => setTimeout(r, Number(words[0] ?? "0") * 1000).unref());
        return 0;
      case "sh":
      case "/bin/sh":
        if (words[0] === "-c") return this.script(words[1] ?? "");
        await this.readStdin(async (s) => void (await this.script(s)));
        return 0;
      case "top":
        await new Promise<void>(() => undefined); // until a signal
        return 0;
      default:
        this.out(`exec: "${cmd}": executable file not found in $PATH\n`, true);
        return 127;
    }
  }
}

/** A chunk of output now. */
export const chunkNow = (stream: "stdout" | "stderr", data: string): OutputChunk => ({
  stream,
  data: Buffer.from(data),
  time: nowRfc3339Nano(),
});
