/**
 * The fake daemon's container and exec state: the canned containers, the ones created
 * by `run`/`create` (with their fake process), pending waits and hijacked sessions.
 */
import { createHash } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { CANNED_CONTAINERS, findContainer, type CannedContainer } from "./container-fixtures.js";
import { NULL_IO, runProcess, type ProcessIO } from "./fake-process.js";

export interface FakeContainer {
  readonly id: string;
  name: string;
  readonly canned?: CannedContainer;
  readonly cmd: readonly string[];
  readonly tty: boolean;
  readonly openStdin: boolean;
  readonly autoRemove: boolean;
  running: boolean;
  exitCode: number | undefined;
  /** Output written so far (for logs of created containers). */
  readonly output: [1 | 2, string][];
  /** Hijacked attach sessions waiting for output. */
  readonly sessions: { io: ProcessIO; socket: Duplex }[];
  readonly waits: ServerResponse[];
  /** Set by an attach to a running canned container: its output is replayed after the next inspect. */
  replayAfterInspect?: NodeJS.Timeout | undefined;
}

export interface FakeExec {
  readonly id: string;
  readonly container: FakeContainer;
  readonly cmd: readonly string[];
  readonly tty: boolean;
  readonly body: Record<string, unknown>;
  exitCode: number | null;
  running: boolean;
}

export const fakeId = (seed: string): string => createHash("sha256").update(seed).digest("hex");

export class FakeState {
  readonly containers: FakeContainer[];
  readonly execs: FakeExec[] = [];
  private seq = 0;
  readonly now: number;

  constructor(now = Math.floor(Date.now() / 1000)) {
    this.now = now;
    this.containers = CANNED_CONTAINERS.map((c) => ({
      id: c.id,
      name: c.name,
      canned: c,
      cmd: [c.path, ...c.args],
      tty: c.tty,
      openStdin: c.openStdin,
      autoRemove: false,
      running: c.state === "running",
      exitCode: c.state === "exited" ? c.exitCode : undefined,
      output: [],
      sessions: [],
      waits: [],
    }));
  }

  find(ref: string): FakeContainer | undefined {
    return findContainer(this.containers, ref);
  }

  create(name: string, cmd: readonly string[], tty: boolean, openStdin: boolean, autoRemove: boolean): FakeContainer {
    const id = fakeId(`container-${this.seq++}`);
    const c: FakeContainer = {
      id, name: name || `brave_fake${this.seq}`, cmd, tty, openStdin, autoRemove,
      running: false, exitCode: undefined, output: [], sessions: [], waits: [],
    };
    this.containers.push(c);
    return c;
  }

  newExec(container: FakeContainer, cmd: readonly string[], tty: boolean, body: Record<string, unknown>): FakeExec {
    const e: FakeExec = { id: fakeId(`exec-${this.seq++}`), container, cmd, tty, body, exitCode: null, running: false };
    this.execs.push(e);
    return e;
  }

  /** Starts a created container's process: output goes to every attach session, then waits complete. */
  start(c: FakeContainer): void {
    c.running = true;
    const session = c.sessions[0];
    const io: ProcessIO = {
      write: (stream, text) => {
        c.output.push([stream, text]);
        for (const s of c.sessions) s.io.write(stream, text);
      },
      stdin: session?.io.stdin ?? null,
    };
    void runProcess(c.cmd, session ? io : { ...NULL_IO, write: io.write }).then((code) => this.exit(c, code));
  }

  /** The container stops with `code`: sessions end, then the waits are answered. */
  exit(c: FakeContainer, code: number): void {
    c.running = false;
    c.exitCode = code;
    for (const s of c.sessions.splice(0)) s.socket.end();
    setTimeout(() => {
      for (const w of c.waits.splice(0)) w.end(JSON.stringify({ Error: null, StatusCode: code }) + "\n");
      if (c.autoRemove) this.containers.splice(this.containers.indexOf(c), 1);
    }, 20);
  }

  /** POST /containers/{id}/wait: headers at once (as dockerd), the body when the container exits. */
  wait(c: FakeContainer, condition: string, res: ServerResponse): void {
    res.statusCode = 200;
    res.setHeader("Content-Type", "application/json");
    res.flushHeaders();
    const done = !c.running && (c.exitCode !== undefined || c.canned !== undefined);
    if (done && condition !== "next-exit" && condition !== "removed") {
      res.end(JSON.stringify({ Error: null, StatusCode: c.exitCode ?? 0 }) + "\n");
      return;
    }
    c.waits.push(res);
  }
}
