/**
 * The Engine API server: node:http on a unix socket, find-my-way for routing. Every route
 * answers at `/<path>` and at `/v{X.Y}/<path>` (spec §1.1); the path version is checked
 * against what Berth supports and decides how responses are shaped. Common headers go on
 * every response; unknown routes and methods are 404 `{"message":"page not found"}`.
 */
import { chmod, lstat, unlink } from "node:fs/promises";
import http from "node:http";
import net from "node:net";
import FindMyWay from "find-my-way";
import type { Engine } from "../engine/engine.js";
import { BerthError, notFound, systemError } from "../lib/errors.js";
import { writeError } from "./error-mapper.js";
import { handleUpgrade } from "./hijack.js";
import type { RequestContext, Route, RouteHandler } from "./route.js";
import { containerRoutes } from "./routes/containers.js";
import { execRoutes } from "./routes/exec.js";
import { imageRoutes } from "./routes/images.js";
import { networkRoutes } from "./routes/networks.js";
import { systemRoutes } from "./routes/system.js";
import { API_VERSION, checkApiVersion, effectiveVersion, jsonErrors } from "./version.js";

export { API_VERSION, MIN_API_VERSION } from "./version.js";

export interface ApiServerOptions {
  /** Receives one line per request (method, path, status, duration) and unclassified errors. */
  readonly log?: (line: string) => void;
}

const VERSIONED_PATH = /^\/v([0-9.]+)(\/.*)$/;

/** All routes. GET /events will be added here. */
function allRoutes(): Route[] {
  return [...systemRoutes(), ...networkRoutes(), ...containerRoutes(), ...execRoutes(), ...imageRoutes()];
}

function buildRouter(routes: readonly Route[]): FindMyWay.Instance<FindMyWay.HTTPVersion.V1> {
  const router = FindMyWay({ caseSensitive: true, ignoreTrailingSlash: false, maxParamLength: 4096 });
  for (const r of routes) {
    const methods = typeof r.method === "string" ? [r.method] : [...r.method];
    // The handler is looked up with find() and read back from the route's store.
    router.on(methods, r.path, () => undefined, { handle: r.handle });
  }
  return router;
}

function setCommonHeaders(res: http.ServerResponse, engine: Engine): void {
  res.setHeader("Server", `Berth/${engine.facts().version} (linux)`);
  res.setHeader("Api-Version", API_VERSION);
  res.setHeader("Ostype", "linux");
  res.setHeader("Docker-Experimental", "false");
}

interface Dispatch {
  readonly handle: RouteHandler;
  readonly params: Readonly<Record<string, string | undefined>>;
}

function findRoute(router: FindMyWay.Instance<FindMyWay.HTTPVersion.V1>, method: string, path: string): Dispatch | undefined {
  const found = router.find(method as FindMyWay.HTTPMethod, path);
  if (!found) return undefined;
  const store = found.store as { handle: RouteHandler };
  return { handle: store.handle, params: found.params };
}

async function serve(
  engine: Engine,
  router: FindMyWay.Instance<FindMyWay.HTTPVersion.V1>,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  log: ((line: string) => void) | undefined,
): Promise<void> {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const rawPath = q < 0 ? url : url.slice(0, q);
  const query = new URLSearchParams(q < 0 ? "" : url.slice(q + 1));
  const m = VERSIONED_PATH.exec(rawPath);
  const pathVersion = m?.[1];
  const path = m?.[2] ?? rawPath;
  const json = jsonErrors(pathVersion);
  try {
    const route = findRoute(router, req.method ?? "GET", path);
    if (!route) throw notFound("page not found");
    const apiVersion = effectiveVersion(pathVersion);
    const bad = checkApiVersion(apiVersion);
    if (bad) throw bad;
    const ctx: RequestContext = { req, res, params: route.params, query, apiVersion, engine };
    await route.handle(ctx);
  } catch (e) {
    writeError(res, e, { json, log });
  }
}

export function createApiServer(engine: Engine, opts: ApiServerOptions = {}): http.Server {
  const router = buildRouter(allRoutes());
  const log = opts.log;
  const handle = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const started = process.hrtime.bigint();
    if (log) {
      res.on("close", () => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        const done = res.writableFinished || res.statusCode === 101; // 101: hijacked, ended by either side
        const status = done ? String(res.statusCode) : `${res.statusCode} (aborted)`;
        log(`${req.method ?? "?"} ${req.url ?? ""} ${status} ${ms.toFixed(1)}ms`);
      });
    }
    setCommonHeaders(res, engine);
    void serve(engine, router, req, res, log);
  };
  const server = http.createServer(handle);
  // `Connection: Upgrade` requests (attach, exec start) arrive here with the raw socket;
  // the same routes serve them through a response written to that socket (hijack.ts).
  const upgraded = new Set<net.Socket>();
  server.on("upgrade", (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    upgraded.add(socket);
    socket.once("close", () => upgraded.delete(socket));
    void handleUpgrade(req, socket, head, handle);
  });
  // node:http no longer tracks upgraded sockets; closing "all connections" must include them.
  const closeHttp = server.closeAllConnections.bind(server);
  server.closeAllConnections = (): void => {
    closeHttp();
    for (const s of upgraded) s.destroy();
  };
  return server;
}

/** Whether something answers on the unix socket at `path`. */
function socketIsLive(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const conn = net.connect(path);
    conn.once("connect", () => {
      conn.destroy();
      resolve(true);
    });
    conn.once("error", () => resolve(false));
  });
}

/** Removes a stale socket file left by a previous run; refuses to touch anything else. */
async function removeStaleSocket(path: string): Promise<void> {
  const st = await lstat(path).catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT") return undefined;
    throw e;
  });
  if (!st) return;
  if (!st.isSocket()) throw systemError(`cannot listen on ${path}: it exists and is not a socket`);
  if (await socketIsLive(path)) throw systemError(`cannot listen on ${path}: another daemon is serving it`);
  await unlink(path);
}

/** Listens on a unix socket (mode 0660), replacing a stale socket file. */
export async function listenUnix(server: http.Server, socketPath: string): Promise<void> {
  await removeStaleSocket(socketPath);
  await new Promise<void>((resolve, reject) => {
    const onError = (e: Error): void => reject(e instanceof BerthError ? e : systemError(`listen on ${socketPath}: ${e.message}`, e));
    server.once("error", onError);
    server.listen(socketPath, () => {
      server.off("error", onError);
      resolve();
    });
  });
  await chmod(socketPath, 0o660);
}
