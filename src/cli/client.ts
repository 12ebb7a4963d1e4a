/**
 * A small typed HTTP client for the Engine API over a unix socket (or TCP). Requests go
 * to versioned paths (/v1.47/...) with JSON bodies. Failures are ApiError (the daemon's
 * message and status, decoded as the docker client does) or ConnectionError.
 */
import http from "node:http";
import type {
  NetworkConnectRequestWire,
  NetworkCreateRequestWire,
  NetworkCreateResponseWire,
  NetworkDisconnectRequestWire,
  NetworkPruneResponseWire,
  NetworkWire,
} from "../api/wire/network.js";
import type { VersionWire } from "../api/wire/system.js";
import type { Endpoint } from "./host.js";
import { encodeConnectRequest, encodeCreateRequest, encodeDisconnectRequest } from "./wire-encode.js";
import { goPathEscape, goQueryEncode, type Filters, filtersJson, type Query } from "./query.js";

export const API_VERSION = "1.47";
export const CLIENT_VERSION = "0.1.0";

/** An error response; `message` is what docker prints after "Error response from daemon: ". */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly daemonMessage: string,
    readonly wrapped = true,
  ) {
    super(wrapped ? `Error response from daemon: ${daemonMessage}` : daemonMessage);
  }
}

/** The daemon could not be reached at all. */
export class ConnectionError extends Error {}

export interface RequestOptions {
  readonly query?: Query;
  /** The JSON body, already encoded (see wire-encode.ts). */
  readonly body?: string;
}

export interface Response {
  readonly status: number;
  readonly statusText: string;
  readonly contentType: string;
  readonly body: string;
}

export class BerthClient {
  constructor(
    readonly endpoint: Endpoint,
    readonly apiVersion = API_VERSION,
  ) {}

  /** Sends one request; 4xx/5xx become ApiError. */
  async request(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
    const fullPath = this.fullPath(path, opts.query);
    // Go's json.Encoder ends the body with a newline, as the docker client sends it.
    const payload = opts.body === undefined ? undefined : opts.body + "\n";
    const res = await this.send(method, fullPath, payload);
    if (res.status >= 400) throw responseError(res, fullPath);
    return res;
  }

  private send(method: string, path: string, payload: string | undefined): Promise<Response> {
    const headers: Record<string, string> = { "User-Agent": `Berth-Client/${CLIENT_VERSION} (linux)` };
    if (payload !== undefined) headers["Content-Type"] = "application/json";
    if (method === "POST" || payload !== undefined) headers["Content-Length"] = String(Buffer.byteLength(payload ?? ""));
    const target = this.target();
    return new Promise((resolve, reject) => {
      const req = http.request({ ...target, method, path, headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            statusText: `${res.statusCode ?? 0} ${res.statusMessage ?? ""}`,
            contentType: String(res.headers["content-type"] ?? ""),
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
      });
      req.on("error", (e: NodeJS.ErrnoException) => reject(this.connectionError(e)));
      req.end(payload);
    });
  }

  /** The versioned path with its query, as sent. */
  fullPath(path: string, query?: Query): string {
    const qs = query && Object.keys(query).length ? "?" + goQueryEncode(query) : "";
    return `/v${this.apiVersion}${path}${qs}`;
  }

  /** Where to connect, for http.request. */
  target(): { socketPath: string } | { host: string; port: number } {
    return this.endpoint.kind === "unix" ? { socketPath: this.endpoint.socketPath } : { host: this.endpoint.host, port: this.endpoint.port };
  }

  connectionError(e: NodeJS.ErrnoException): Error {
    const url = this.endpoint.url;
    if (e.code === "ENOENT" || e.code === "ECONNREFUSED") {
      return new ConnectionError(`Cannot connect to the Berth daemon at ${url}. Is the berth daemon running? Start it with bin/berthd.`);
    }
    if (e.code === "EACCES") {
      return new ConnectionError(`permission denied while trying to connect to the Berth daemon socket at ${url}: ${e.message}`);
    }
    return new ConnectionError(`error during connect: ${e.message}`);
  }

  async json<T>(method: string, path: string, opts: RequestOptions = {}): Promise<{ value: T; raw: string }> {
    const res = await this.request(method, path, opts);
    try {
      return { value: JSON.parse(res.body) as T, raw: res.body };
    } catch (e) {
      throw new ApiError(res.status, `invalid JSON from the daemon for ${method} ${path}: ${(e as Error).message}`, false);
    }
  }

  async networkList(filters: Filters): Promise<NetworkWire[]> {
    return (await this.json<NetworkWire[]>("GET", "/networks", { query: filtersQuery(filters) })).value;
  }

  networkInspect(id: string, verbose = false): Promise<{ value: NetworkWire; raw: string }> {
    return this.json<NetworkWire>("GET", `/networks/${goPathEscape(id)}`, { query: verbose ? { verbose: "true" } : {} });
  }

  async networkCreate(body: NetworkCreateRequestWire): Promise<NetworkCreateResponseWire> {
    return (await this.json<NetworkCreateResponseWire>("POST", "/networks/create", { body: encodeCreateRequest(body) })).value;
  }

  async networkRemove(id: string): Promise<void> {
    await this.request("DELETE", `/networks/${goPathEscape(id)}`);
  }

  async networkConnect(id: string, body: NetworkConnectRequestWire): Promise<void> {
    await this.request("POST", `/networks/${goPathEscape(id)}/connect`, { body: encodeConnectRequest(body) });
  }

  async networkDisconnect(id: string, body: NetworkDisconnectRequestWire): Promise<void> {
    await this.request("POST", `/networks/${goPathEscape(id)}/disconnect`, { body: encodeDisconnectRequest(body) });
  }

  async networksPrune(filters: Filters): Promise<NetworkPruneResponseWire> {
    return (await this.json<NetworkPruneResponseWire>("POST", "/networks/prune", { query: filtersQuery(filters) })).value;
  }

  async version(): Promise<VersionWire> {
    return (await this.json<VersionWire>("GET", "/version")).value;
  }
}

export const filtersQuery = (f: Filters): Record<string, string> => (f.size ? { filters: filtersJson(f) } : {});

/** The docker client's checkResponseErr: JSON {"message"} only with Content-Type application/json. */
export function responseError(res: Response, path: string): ApiError {
  const url = `http://api.moby.localhost${path}`;
  if (res.body.length === 0) {
    return new ApiError(res.status, `request returned ${res.statusText} for API route and version ${url}, check if the server supports the requested API version`, false);
  }
  if (res.contentType === "application/json") {
    let message: unknown;
    try {
      message = (JSON.parse(res.body) as { message?: unknown } | null)?.message;
    } catch (e) {
      return new ApiError(res.status, `Error reading JSON: ${(e as Error).message}`, false);
    }
    if (typeof message !== "string" || message === "") {
      return new ApiError(res.status, `API returned a ${res.status} (${http.STATUS_CODES[res.status] ?? ""}) but provided no error-message`);
    }
    return new ApiError(res.status, message.trim());
  }
  return new ApiError(res.status, res.body.trim());
}
