/**
 * Test support: a raw HTTP/1.1 client over a unix socket for hijacked connections (attach,
 * exec start): sends a request as given, splits the response head from the bytes after it.
 */
import net from "node:net";

export interface RawConnection {
  readonly socket: net.Socket;
  /** The response head (status line and headers), once the blank line has arrived. */
  readonly head: Promise<string>;
  /** Everything after the head, once the server has closed the connection. */
  readonly body: Promise<Buffer>;
}

/** Opens a connection, writes `request` (head and any bytes after it), leaves it open. */
export function rawConnect(socketPath: string, request: string | Buffer): RawConnection {
  const socket = net.connect(socketPath);
  let buf = Buffer.alloc(0);
  let headDone = false;
  let resolveHead: (h: string) => void = () => undefined;
  const head = new Promise<string>((resolve) => (resolveHead = resolve));
  const body = new Promise<Buffer>((resolve, reject) => {
    socket.on("data", (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (headDone) return;
      const end = buf.indexOf("\r\n\r\n");
      if (end < 0) return;
      headDone = true;
      resolveHead(buf.subarray(0, end).toString());
      buf = buf.subarray(end + 4);
    });
    socket.on("close", () => (headDone ? resolve(buf) : reject(new Error(`closed before a response head: ${buf.toString()}`))));
    socket.on("error", reject);
  });
  body.catch(() => undefined);
  socket.write(request);
  return { socket, head, body };
}

/** A request head with the hijack headers the docker CLI sends. */
export function upgradeRequest(method: string, path: string, body = "", extra: Record<string, string> = {}): string {
  const headers: Record<string, string> = { Host: "api.moby.localhost", Connection: "Upgrade", Upgrade: "tcp", ...extra };
  if (body !== "") {
    headers["Content-Type"] = "application/json";
    headers["Content-Length"] = String(Buffer.byteLength(body));
  }
  return `${method} ${path} HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join("")}\r\n${body}`;
}
