/** Test support: an API server on a temporary unix socket, and raw requests to it. */
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { Engine } from "../engine/engine.js";
import { createApiServer, listenUnix } from "./server.js";

export interface RawResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

export interface TestServer {
  readonly socketPath: string;
  readonly logLines: string[];
  request(method: string, urlPath: string, body?: string, headers?: Record<string, string>): Promise<RawResponse>;
  /** A JSON request (Content-Type set when there is a body). */
  json(method: string, urlPath: string, value?: unknown): Promise<RawResponse>;
  close(): Promise<void>;
}

export function rawRequest(
  socketPath: string,
  method: string,
  urlPath: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath, method, path: urlPath, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on("error", reject);
    req.end(body ?? undefined);
  });
}

export async function startTestServer(engine: Engine): Promise<TestServer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "berth-api-"));
  const socketPath = path.join(dir, "api.sock");
  const logLines: string[] = [];
  const server = createApiServer(engine, { log: (l) => logLines.push(l) });
  await listenUnix(server, socketPath);
  return {
    socketPath,
    logLines,
    request: (m, p, b, h) => rawRequest(socketPath, m, p, b, h),
    json: (m, p, v) =>
      v === undefined
        ? rawRequest(socketPath, m, p)
        : rawRequest(socketPath, m, p, JSON.stringify(v), { "Content-Type": "application/json" }),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
