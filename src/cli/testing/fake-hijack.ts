/**
 * Hijacked connections of the fake daemon (HTTP Upgrade: tcp): POST /containers/{id}/attach
 * and POST /exec/{id}/start. The request body (exec start's JSON) is read by Content-Length;
 * what follows is the client's stdin. Answers "101 UPGRADED", then the process's stream.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { RecordedRequest } from "./canned-types.js";
import { runProcess, socketIO } from "./fake-process.js";
import { replay } from "./fake-container-routes.js";
import type { FakeState } from "./fake-state.js";

const RAW = "application/vnd.docker.raw-stream";
const MUX = "application/vnd.docker.multiplexed-stream";

function httpError(socket: Duplex, status: number, text: string, message: string): void {
  const body = JSON.stringify({ message }) + "\n";
  socket.end(`HTTP/1.1 ${status} ${text}\r\nApi-Version: 1.47\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

function upgraded(socket: Duplex, tty: boolean): void {
  socket.write(`HTTP/1.1 101 UPGRADED\r\nApi-Version: 1.47\r\nContent-Type: ${tty ? RAW : MUX}\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n`);
}

/** Reads `length` body bytes from `head` and the socket; pushes the rest back as stdin. */
function readBody(socket: Duplex, head: Buffer, length: number): Promise<string> {
  let buf = head;
  return new Promise((resolve) => {
    const done = (): void => {
      socket.off("data", onData);
      if (buf.length > length) socket.unshift(buf.subarray(length));
      resolve(buf.subarray(0, length).toString("utf8"));
    };
    const onData = (c: Buffer): void => {
      buf = Buffer.concat([buf, c]);
      if (buf.length >= length) done();
    };
    if (buf.length >= length) return done();
    socket.on("data", onData);
  });
}

export async function handleUpgrade(state: FakeState, req: IncomingMessage, socket: Duplex, head: Buffer, record: (r: RecordedRequest) => void): Promise<void> {
  socket.on("error", () => undefined);
  const body = await readBody(socket, head, Number(req.headers["content-length"] ?? "0"));
  record({ method: req.method ?? "", url: req.url ?? "", contentType: req.headers["content-type"], body });
  const url = new URL(req.url ?? "/", "http://x");
  const path = url.pathname.replace(/^\/v[0-9.]+/, "");
  const attach = /^\/containers\/([^/]+)\/attach$/.exec(path);
  if (attach) {
    const ref = decodeURIComponent(attach[1] ?? "");
    const c = state.find(ref);
    if (!c) return httpError(socket, 404, "Not Found", `No such container: ${ref}`);
    upgraded(socket, c.tty);
    const q = url.searchParams;
    const io = socketIO(socket, c.tty, q.get("stdin") === "1", { stdout: q.get("stdout") === "1", stderr: q.get("stderr") === "1" });
    c.sessions.push({ io, socket });
    // A running canned container replays its output once the CLI has re-inspected it.
    if (c.canned && c.running) c.replayAfterInspect = setTimeout(() => replay(state, c), 500);
    return;
  }
  const start = /^\/exec\/([^/]+)\/start$/.exec(path);
  const e = start ? state.execs.find((x) => x.id === start[1]) : undefined;
  if (!start) return httpError(socket, 404, "Not Found", "page not found");
  if (!e) return httpError(socket, 404, "Not Found", `No such exec instance: ${start[1]}`);
  upgraded(socket, e.tty);
  e.running = true;
  const code = await runProcess(e.cmd, socketIO(socket, e.tty, e.body["AttachStdin"] === true));
  e.exitCode = code;
  e.running = false;
  socket.end();
}
