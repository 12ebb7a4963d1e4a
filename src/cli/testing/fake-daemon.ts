/**
 * A tiny fake Engine API daemon on a unix socket, for tests that run the real docker CLI
 * and berth side by side: canned networks (labels, IPv6, aux addresses), /_ping, /version,
 * the network routes, canned containers and images with fake processes behind attach and
 * exec (fake-*.ts), a few error cases, and a log of every request it received.
 */
import http from "node:http";
import type { Socket } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { NetworkWire } from "../../api/wire/network.js";
import { CANNED_NETWORKS, CREATED_ID, VERSION_BODY } from "./fixtures.js";
import { routeContainers, type Ctx } from "./fake-container-routes.js";
import { handleUpgrade } from "./fake-hijack.js";
import { routeImages } from "./fake-image-routes.js";
import { FakeState } from "./fake-state.js";
import type { RecordedRequest } from "./canned-types.js";

export type { RecordedRequest } from "./canned-types.js";

/** JSON as Go's encoder writes it: <, > and & escaped, a trailing newline. */
export const goJson = (v: unknown): string =>
  JSON.stringify(v).replace(/[<>&]/g, (c) => "\\u00" + c.charCodeAt(0).toString(16)) + "\n";

export class FakeDaemon {
  readonly requests: RecordedRequest[] = [];
  private readonly dir = mkdtempSync(path.join(tmpdir(), "berth-fake-"));
  readonly socketPath = path.join(this.dir, "fake.sock");
  readonly host = `unix://${this.socketPath}`;
  private readonly server = http.createServer((req, res) => this.handle(req, res));
  readonly state: FakeState;
  private readonly sockets = new Set<Socket>();

  /** `now` (Unix seconds) anchors the canned creation times; two daemons given the same one agree. */
  constructor(readonly networks: readonly NetworkWire[] = CANNED_NETWORKS, now?: number) {
    this.state = new FakeState(now);
    this.server.on("connection", (s: Socket) => {
      this.sockets.add(s);
      s.on("close", () => this.sockets.delete(s));
    });
    this.server.on("upgrade", (req: http.IncomingMessage, socket: Socket, head: Buffer) => {
      void handleUpgrade(this.state, req, socket, head, (r) => this.requests.push(r));
    });
  }

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.socketPath, () => resolve());
    });
  }

  async stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Requests other than pings, from index `from` on. */
  apiRequests(from = 0): RecordedRequest[] {
    return this.requests.slice(from).filter((r) => !r.url.startsWith("/_ping"));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      this.requests.push({ method: req.method ?? "", url: req.url ?? "", contentType: req.headers["content-type"], body });
      res.setHeader("Api-Version", "1.47");
      res.setHeader("Ostype", "linux");
      res.setHeader("Docker-Experimental", "false");
      res.setHeader("Server", "Docker/27.5.1 (linux)");
      const url = new URL(req.url ?? "/", "http://x");
      const path = url.pathname.replace(/^\/v[0-9.]+/, "");
      if (this.routeObjects(req.method ?? "", path, url.searchParams, body, res)) return;
      this.route(req.method ?? "", path, res);
    });
  }

  /** Containers, execs and images (see fake-*-routes.ts). */
  private routeObjects(method: string, path: string, query: URLSearchParams, body: string, res: http.ServerResponse): boolean {
    const json = (status: number, v: unknown): void => {
      res.statusCode = status;
      res.setHeader("Content-Type", "application/json");
      res.end(goJson(v));
    };
    const ctx: Ctx = {
      method, path, query, body, res, json,
      fail: (status, message) => json(status, { message }),
      empty: (status) => {
        res.statusCode = status;
        res.end();
      },
    };
    return routeContainers(this.state, ctx) || routeImages(this.state, ctx);
  }

  private find(ref: string): NetworkWire | undefined {
    return this.networks.find((n) => n.Id === ref) ?? this.networks.find((n) => n.Name === ref) ?? this.networks.find((n) => n.Id.startsWith(ref));
  }

  private route(method: string, p: string, res: http.ServerResponse): void {
    const json = (status: number, v: unknown): void => {
      res.statusCode = status;
      res.setHeader("Content-Type", "application/json");
      res.end(goJson(v));
    };
    const fail = (status: number, message: string): void => json(status, { message });
    if (p === "/_ping") {
      res.setHeader("Content-Type", "text/plain; charset=utf-8");
      res.end(method === "HEAD" ? undefined : "OK");
      return;
    }
    if (p === "/version") return json(200, VERSION_BODY);
    if (p === "/info") return json(200, { ID: "FAKE", Containers: 4, Images: 4, Swarm: { LocalNodeState: "inactive", ControlAvailable: false } });
    if (p === "/networks" && method === "GET") return json(200, this.networks);
    if (p === "/networks/create" && method === "POST") return json(201, { Id: CREATED_ID, Warning: "" });
    if (p === "/networks/prune" && method === "POST") return json(200, { NetworksDeleted: ["frontend", "backend"] });
    const m = /^\/networks\/([^/]+)(?:\/(connect|disconnect))?$/.exec(p);
    const ref = decodeURIComponent(m?.[1] ?? "");
    const nw = m ? this.find(ref) : undefined;
    if (!m) return fail(404, "page not found");
    if (ref === "teapot") return fail(500, "driver failed: something <odd> & broken");
    if (!nw) return fail(404, `network ${ref} not found`);
    if (m[2]) {
      res.statusCode = 200;
      res.end();
      return;
    }
    if (method === "GET") return json(200, nw);
    if (method === "DELETE") {
      if (nw.Name === "bridge") return fail(403, "bridge is a pre-defined network and cannot be removed");
      if (nw.Name === "backend") return fail(409, `error while removing network: network backend has active endpoints (name:"web1" id:"3f0e5b1c2d4a")`);
      res.statusCode = 204;
      res.end();
      return;
    }
    fail(404, "page not found");
  }
}
