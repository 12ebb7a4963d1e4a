/**
 * HTTP connection hijacking as dockerd does it for attach and exec start. The CLI sends
 * `Connection: Upgrade` + `Upgrade: tcp`; node:http hands such requests to the server's
 * `upgrade` event with the raw socket, where handleUpgrade() gives the normal routes a
 * request whose body has been read off the socket and a ServerResponse writing to it (so
 * errors before the hijack are ordinary JSON responses).
 * hijack() then writes `101 UPGRADED` and turns the socket into a raw byte pipe both ways.
 * Without an Upgrade header dockerd answers `200 OK` and hijacks anyway; here the response
 * body carries the output until the connection closes and the request body is stdin.
 */
import http from "node:http";
import { Socket } from "node:net";
import { PassThrough, type Readable } from "node:stream";
import type { RequestContext } from "./route.js";
import { MEDIA_RAW_STREAM } from "./stream-framing.js";

interface UpgradeState {
  readonly socket: Socket;
  /** Bytes read past the request head and not consumed yet (body, then stdin). */
  buffered: Buffer;
  hijacked: boolean;
}

const upgrades = new WeakMap<http.IncomingMessage, UpgradeState>();

/** Reads exactly `n` bytes of an upgraded request's body from the socket. */
function readUpgradeBody(state: UpgradeState, n: number): Promise<Buffer> {
  const { socket } = state;
  return new Promise((resolve, reject) => {
    const take = (): boolean => {
      if (state.buffered.length < n) return false;
      const body = state.buffered.subarray(0, n);
      state.buffered = state.buffered.subarray(n);
      resolve(body);
      return true;
    };
    if (take()) return;
    const onData = (chunk: Buffer): void => {
      state.buffered = Buffer.concat([state.buffered, chunk]);
      if (take()) cleanup();
    };
    const onEnd = (): void => {
      cleanup();
      reject(new Error("unexpected EOF while reading the request body"));
    };
    const cleanup = (): void => {
      socket.off("data", onData);
      socket.off("end", onEnd);
      socket.pause();
    };
    socket.on("data", onData);
    socket.on("end", onEnd);
    socket.resume();
  });
}

/**
 * A request carrying `body`, detached from the socket (node:http does not parse the body of
 * an upgrade request: it is still on the socket, followed by the client's stdin).
 */
function detachedRequest(req: http.IncomingMessage, body: Buffer): http.IncomingMessage {
  const fresh = new http.IncomingMessage(new Socket());
  fresh.method = req.method ?? "GET";
  fresh.url = req.url ?? "/";
  fresh.headers = req.headers;
  fresh.rawHeaders = req.rawHeaders;
  fresh.httpVersion = req.httpVersion;
  fresh.httpVersionMajor = req.httpVersionMajor;
  fresh.httpVersionMinor = req.httpVersionMinor;
  fresh.push(body);
  fresh.push(null);
  return fresh;
}

/**
 * For the server's `upgrade` event: reads the request body off the socket, then calls
 * `handle` with a request carrying it and a response that writes to the raw socket.
 */
export async function handleUpgrade(
  req: http.IncomingMessage,
  socket: Socket,
  head: Buffer,
  handle: (req: http.IncomingMessage, res: http.ServerResponse) => void,
): Promise<void> {
  const state: UpgradeState = { socket, buffered: head, hijacked: false };
  socket.on("error", () => socket.destroy());
  socket.setTimeout(0);
  const length = Number(req.headers["content-length"] ?? "0");
  const chunked = req.headers["transfer-encoding"] !== undefined;
  if (chunked || !Number.isSafeInteger(length) || length < 0) {
    socket.end("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    return;
  }
  const body = await readUpgradeBody(state, length).catch(() => undefined);
  if (body === undefined) return void socket.destroy();
  const fresh = detachedRequest(req, body);
  upgrades.set(fresh, state);
  const res = new http.ServerResponse(fresh);
  res.shouldKeepAlive = false;
  res.assignSocket(socket);
  res.on("finish", () => {
    res.detachSocket(socket);
    if (!state.hijacked) socket.end();
  });
  handle(fresh, res);
}

/** A hijacked connection: raw output to the client, raw input (stdin) from it. */
export interface HijackedConn {
  /** Writes bytes, waiting for the socket to drain; false once the client is gone. */
  write(data: Buffer): Promise<boolean>;
  /** What the client sends; ends when it half-closes (the CLI does after stdin EOF). */
  readonly input: Readable;
  /** Settles when the client has gone (the connection closed). */
  readonly gone: Promise<void>;
  /** Ends the output and closes the connection. */
  close(): void;
}

function headerLines(res: http.ServerResponse): string {
  let out = "";
  for (const [k, v] of Object.entries(res.getHeaders())) {
    if (v === undefined) continue;
    const name = k.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
    for (const one of Array.isArray(v) ? v : [v]) out += `${name}: ${String(one)}\r\n`;
  }
  return out;
}

function writer(stream: NodeJS.WritableStream & { destroyed: boolean; writableEnded: boolean }): HijackedConn["write"] {
  return (data) =>
    new Promise((resolve) => {
      if (stream.destroyed || stream.writableEnded) return resolve(false);
      if (stream.write(data)) return resolve(true);
      const done = (ok: boolean) => (): void => {
        stream.off("drain", onDrain);
        stream.off("close", onClose);
        resolve(ok);
      };
      const onDrain = done(true);
      const onClose = done(false);
      stream.once("drain", onDrain);
      stream.once("close", onClose);
    });
}

function hijackUpgraded(ctx: RequestContext, state: UpgradeState, contentType: string): HijackedConn {
  const { socket } = state;
  state.hijacked = true;
  ctx.res.statusCode = 101;
  ctx.res.detachSocket(socket);
  socket.once("close", () => ctx.res.emit("close"));
  socket.write(
    `HTTP/1.1 101 UPGRADED\r\nContent-Type: ${contentType}\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n${headerLines(ctx.res)}\r\n`,
  );
  const input = new PassThrough();
  if (state.buffered.length > 0) input.write(state.buffered);
  state.buffered = Buffer.alloc(0);
  socket.on("data", (chunk: Buffer) => {
    if (!input.write(chunk)) socket.pause();
  });
  input.on("drain", () => socket.resume());
  socket.on("end", () => input.end());
  socket.resume();
  const gone = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  void gone.then(() => input.end());
  return {
    write: writer(socket),
    input,
    gone,
    close: () => {
      socket.end();
      // The CLI closes its side once the output ends; do not wait for a client that does not.
      setTimeout(() => socket.destroy(), 10_000).unref();
    },
  };
}

function hijackPlain(ctx: RequestContext, contentType: string): HijackedConn {
  const { req, res } = ctx;
  res.shouldKeepAlive = false;
  res.removeHeader("Content-Length");
  res.removeHeader("Transfer-Encoding"); // no framing: the body runs until the connection closes
  res.writeHead(200, { "Content-Type": contentType });
  res.flushHeaders();
  const gone = new Promise<void>((resolve) => res.once("close", () => resolve()));
  return { write: writer(res), input: req, gone, close: () => res.end() };
}

/**
 * Takes over the connection: `101 UPGRADED` with `contentType` when the client asked to
 * upgrade, else dockerd's `200 OK` with the raw-stream type. Never throws.
 */
export function hijack(ctx: RequestContext, contentType: string): HijackedConn {
  const state = upgrades.get(ctx.req);
  return state ? hijackUpgraded(ctx, state, contentType) : hijackPlain(ctx, MEDIA_RAW_STREAM);
}
