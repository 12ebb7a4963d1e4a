/**
 * Moves bytes between a hijacked connection and a StdioSession: the client's input to the
 * process's stdin, the process's output to the client (framed unless it has a TTY) until
 * the process ends, then the connection is closed. When the client's input ends (the CLI
 * half-closes after stdin EOF) dockerd's attach rule applies: without a TTY the process's
 * stdin is ended and output keeps flowing; with a TTY the stdin stays open and the session
 * is detached (its output ends).
 */
import type { StdioSession } from "../engine/container-contract.js";
import { messageOf } from "../lib/errors.js";
import type { HijackedConn } from "./hijack.js";
import { encodeChunk, frame, STREAM_IDS } from "./stream-framing.js";

function pipeStdin(session: StdioSession, conn: HijackedConn): void {
  const stdin = session.stdin;
  if (!stdin) {
    conn.input.resume(); // nothing reads it: discard
    return;
  }
  stdin.on("error", () => undefined); // a process that exits without reading stdin
  conn.input.pipe(stdin, { end: !session.tty });
  if (session.tty) conn.input.once("end", () => session.close());
}

/**
 * Runs the session over the connection and resolves when both are done. Never rejects:
 * after the hijack there is no HTTP response left to carry an error, so one is written
 * in band (as dockerd does for exec) and logged.
 */
export async function pumpSession(session: StdioSession, conn: HijackedConn, log?: (line: string) => void): Promise<void> {
  let clientGone = false;
  void conn.gone.then(() => {
    clientGone = true;
    session.close();
  });
  pipeStdin(session, conn);
  try {
    for await (const chunk of session.output) {
      if (!(await conn.write(encodeChunk(chunk, session.tty)))) break;
    }
  } catch (e) {
    log?.(`stdio stream failed: ${messageOf(e)}`);
    if (!clientGone) {
      const text = Buffer.from(`${messageOf(e)}\r\n`);
      await conn.write(session.tty ? text : frame(STREAM_IDS.stdout, text));
    }
  } finally {
    conn.input.unpipe();
    session.close();
    conn.close();
  }
}
