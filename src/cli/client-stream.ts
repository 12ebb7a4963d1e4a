/**
 * The Engine API calls whose bodies are streams: a response read as it arrives (logs, wait,
 * import/load progress), a request body streamed from a file or stdin (import, load), and
 * hijacked connections (HTTP Upgrade: tcp) for attach and exec start. Errors are decoded as
 * the docker client does (ApiError) or are ConnectionError.
 */
import http from "node:http";
import type { Duplex, Readable } from "node:stream";
import { ApiError, CLIENT_VERSION, responseError, type BerthClient } from "./client.js";
import type { Query } from "./query.js";

export interface StreamRequest {
  readonly method: string;
  readonly path: string;
  readonly query?: Query;
  readonly headers?: Readonly<Record<string, string>>;
  /** A JSON/text body, or a stream sent chunked (import, load). */
  readonly body?: string | Readable;
}

function readAll(res: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on("data", (c: Buffer) => chunks.push(c));
    res.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    res.on("error", reject);
  });
}

async function failure(res: http.IncomingMessage, fullPath: string): Promise<ApiError> {
  const body = await readAll(res);
  const status = res.statusCode ?? 0;
  return responseError({ status, statusText: `${status} ${res.statusMessage ?? ""}`, contentType: String(res.headers["content-type"] ?? ""), body }, fullPath);
}

function baseHeaders(req: StreamRequest): Record<string, string> {
  const headers: Record<string, string> = { "User-Agent": `Berth-Client/${CLIENT_VERSION} (linux)`, ...req.headers };
  if (typeof req.body === "string") headers["Content-Length"] = String(Buffer.byteLength(req.body));
  else if (req.body === undefined && req.method === "POST") headers["Content-Length"] = "0";
  return headers;
}

/** A request whose response body is returned unread; 4xx/5xx become ApiError. */
export function openStream(client: BerthClient, req: StreamRequest, signal?: AbortSignal): Promise<http.IncomingMessage> {
  const fullPath = client.fullPath(req.path, req.query);
  return new Promise((resolve, reject) => {
    const r = http.request({ ...client.target(), method: req.method, path: fullPath, headers: baseHeaders(req), agent: false, ...(signal ? { signal } : {}) }, (res) => {
      if ((res.statusCode ?? 0) >= 400) failure(res, fullPath).then(reject, reject);
      else resolve(res);
    });
    r.on("error", (e: NodeJS.ErrnoException) => reject(e.name === "AbortError" ? e : client.connectionError(e)));
    const body = req.body;
    if (body === undefined || typeof body === "string") r.end(body);
    else {
      body.on("error", (e) => r.destroy(e));
      body.pipe(r);
    }
  });
}

/** A response body as text. */
export const readText = readAll;

export interface Hijacked {
  /** The raw connection: the daemon's stream to read, stdin to write. */
  readonly socket: Duplex;
  /** Bytes of the stream that arrived with the 101 response. */
  readonly head: Buffer;
  /** The response's Content-Type (raw or multiplexed stream). */
  readonly contentType: string;
}

/** POST with "Connection: Upgrade, Upgrade: tcp"; resolves on "101 UPGRADED". */
export function hijack(client: BerthClient, path: string, query: Query, json?: string): Promise<Hijacked> {
  const fullPath = client.fullPath(path, query);
  const body = json === undefined ? undefined : json + "\n";
  const headers: Record<string, string> = {
    "User-Agent": `Berth-Client/${CLIENT_VERSION} (linux)`,
    "Content-Type": json === undefined ? "text/plain" : "application/json",
    Connection: "Upgrade",
    Upgrade: "tcp",
    "Content-Length": String(body === undefined ? 0 : Buffer.byteLength(body)),
  };
  return new Promise((resolve, reject) => {
    const r = http.request({ ...client.target(), method: "POST", path: fullPath, headers, agent: false });
    r.on("upgrade", (res: http.IncomingMessage, socket: Duplex, head: Buffer) => {
      resolve({ socket, head, contentType: String(res.headers["content-type"] ?? "") });
    });
    r.on("response", (res) => {
      if ((res.statusCode ?? 0) >= 400) failure(res, fullPath).then(reject, reject);
      else reject(new ApiError(res.statusCode ?? 0, `unexpected response ${res.statusCode ?? 0} to a hijack request for ${fullPath}`, false));
    });
    r.on("error", (e: NodeJS.ErrnoException) => reject(client.connectionError(e)));
    r.end(body);
  });
}

export interface WaitResult {
  readonly StatusCode: number;
  readonly Error?: { readonly Message: string } | null;
}

export interface PendingWait {
  /** The container's exit status (rejects with ApiError or ConnectionError). */
  readonly result: Promise<WaitResult>;
  /** Gives up waiting (the request is aborted; `result` never settles). */
  abort(): void;
}

/**
 * POST /containers/{id}/wait: resolves once the daemon answered with headers (so a start sent
 * afterwards is ordered after it, as with the docker client); `result` settles at exit.
 */
export async function waitContainer(client: BerthClient, id: string, condition: string): Promise<PendingWait> {
  const ac = new AbortController();
  let res: http.IncomingMessage;
  try {
    res = await openStream(client, { method: "POST", path: `/containers/${id}/wait`, query: condition ? { condition } : {} }, ac.signal);
  } catch (e) {
    // Like the docker client's ContainerWait, a failed request is reported through the result.
    const failed = Promise.reject(e instanceof Error ? e : new Error(String(e)));
    failed.catch(() => undefined);
    return { result: failed, abort: () => undefined };
  }
  let aborted = false;
  const result = new Promise<WaitResult>((resolve, reject) => {
    readAll(res).then((text) => {
      if (aborted) return;
      try {
        resolve(JSON.parse(text) as WaitResult);
      } catch (e) {
        reject(new ApiError(res.statusCode ?? 0, `error waiting for container: ${(e as Error).message}`, false));
      }
    }, (e: unknown) => {
      if (!aborted) reject(e instanceof Error ? e : new Error(String(e)));
    });
  });
  result.catch(() => undefined); // callers that stop caring must not crash the process
  return {
    result,
    abort: () => {
      aborted = true;
      ac.abort();
      res.destroy();
    },
  };
}
