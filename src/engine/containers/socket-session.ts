/**
 * StdioSessions over conmon's attach socket (runtime/attach-socket.ts): output as conmon
 * sends it, demultiplexed per pipe (raw bytes; a TTY's are all stdout), stdin written to the
 * socket, and the stdin of a process whose socket is not there yet (attached before start),
 * whose writes wait for the connection.
 */
import { Writable } from "node:stream";
import type { AttachConnection } from "../../runtime/attach-socket.js";
import type { OutputChunk, StdioSession } from "../container-contract.js";

/**
 * What the end of the client's stdin does (dockerd's attach rule): close the process's
 * stdin (StdinOnce: conmon closes it when the client half-closes), or detach the session.
 */
export type StdinEnd = "close-stdin" | "detach";

/** A Writable whose bytes go to the attach socket once `conn` resolves (dropped if it resolves to none). */
export function socketStdin(conn: Promise<AttachConnection | undefined>, onEnd: StdinEnd, detach: () => void): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback): void {
      conn.then((c) => c?.write(chunk)).then(
        () => callback(),
        (e: unknown) => callback(e instanceof Error ? e : new Error(String(e))),
      );
    },
    final(callback): void {
      conn.then((c) => (onEnd === "close-stdin" ? c?.endInput() : detach())).then(
        () => callback(),
        (e: unknown) => callback(e instanceof Error ? e : new Error(String(e))),
      );
    },
  });
}

export interface SocketSessionInput {
  readonly tty: boolean;
  readonly conn: AttachConnection;
  /** Which output streams the client asked for. */
  readonly stdout: boolean;
  readonly stderr: boolean;
  /** Chunks sent before the live output (a log replay for attach?logs=1). */
  readonly replay?: readonly OutputChunk[];
  /** Present when the client attaches stdin and the process has it open. */
  readonly stdin?: StdinEnd;
  readonly resize: (height: number, width: number) => Promise<void>;
}

/** A session on a live attach connection; its output ends when conmon hangs up or on close(). */
export function socketSession(i: SocketSessionInput): StdioSession {
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    i.conn.close();
  };
  async function* output(): AsyncGenerator<OutputChunk> {
    for (const c of i.replay ?? []) {
      if (closed) return;
      yield c;
    }
    for await (const p of i.conn.output) {
      const stream = i.tty ? "stdout" : p.stream;
      if (stream === "stdout" ? i.stdout : i.stderr) yield { stream, data: p.data };
    }
  }
  return {
    tty: i.tty,
    output: output(),
    ...(i.stdin ? { stdin: socketStdin(Promise.resolve(i.conn), i.stdin, close) } : {}),
    resize: i.resize,
    close,
  };
}
