import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rename, rm, stat, writeFile } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { startTestServer, type TestServer } from "./api-test-harness.js";
import { FakeEngine } from "./fake-engine.js";
import { createApiServer, listenUnix } from "./server.js";
import { API_VERSION, MIN_API_VERSION, compareApiVersions } from "./version.js";

let srv: TestServer;
before(async () => {
  srv = await startTestServer(new FakeEngine());
});
after(() => srv.close());

function assertCommonHeaders(h: http.IncomingHttpHeaders): void {
  assert.equal(h["server"], "Berth/0.1.0 (linux)");
  assert.equal(h["api-version"], "1.47");
  assert.equal(h["ostype"], "linux");
  assert.equal(h["docker-experimental"], "false");
}

test("exported versions", () => {
  assert.equal(API_VERSION, "1.47");
  assert.equal(MIN_API_VERSION, "1.24");
  assert.equal(compareApiVersions("1.9", "1.10"), -1);
  assert.equal(compareApiVersions("1.47", "1.47.0"), 0);
  assert.equal(compareApiVersions("2", "1.99"), 1);
});

test("GET /_ping: OK as text with the ping headers", async () => {
  const r = await srv.request("GET", "/_ping");
  assert.equal(r.status, 200);
  assert.equal(r.body, "OK");
  assert.equal(r.headers["content-type"], "text/plain; charset=utf-8");
  assert.equal(r.headers["cache-control"], "no-cache, no-store, must-revalidate");
  assert.equal(r.headers["pragma"], "no-cache");
  assert.equal(r.headers["swarm"], "inactive");
  assertCommonHeaders(r.headers);
});

test("HEAD /_ping: no body, Content-Length 0", async () => {
  const r = await srv.request("HEAD", "/_ping");
  assert.equal(r.status, 200);
  assert.equal(r.body, "");
  assert.equal(r.headers["content-length"], "0");
  assert.equal(r.headers["content-type"], "text/plain; charset=utf-8");
  assert.equal(r.headers["swarm"], "inactive");
  assertCommonHeaders(r.headers);
});

test("routes answer under /vX.Y/ as well", async () => {
  assert.equal((await srv.request("GET", "/v1.47/_ping")).body, "OK");
  assert.equal((await srv.request("GET", "/v1.24/networks")).status, 200);
  assert.equal((await srv.request("GET", "/v1.41/version")).status, 200);
});

test("too old and too new versions: Docker's texts, 400", async () => {
  const old = await srv.request("GET", "/v1.23/version");
  assert.equal(old.status, 400);
  assert.equal(old.headers["content-type"], "text/plain; charset=utf-8");
  assert.equal(
    old.body,
    "client version 1.23 is too old. Minimum supported API version is 1.24, please upgrade your client to a newer version\n",
  );
  const young = await srv.request("GET", "/v1.99/networks");
  assert.equal(young.status, 400);
  assert.equal(young.headers["content-type"], "application/json");
  assert.equal(young.body, '{"message":"client version 1.99 is too new. Maximum supported API version is 1.47"}\n');
  const ping = await srv.request("HEAD", "/v1.48/_ping");
  assert.equal(ping.status, 400);
  assertCommonHeaders(young.headers);
});

test("unknown path or method: 404 page not found", async () => {
  for (const [m, p] of [
    ["GET", "/nope"],
    ["GET", "/v1.47/nope"],
    ["PUT", "/networks"],
    ["HEAD", "/version"],
    ["DELETE", "/networks"],
    ["GET", "/vx/networks"],
  ] as const) {
    const r = await srv.request(m, p);
    assert.equal(r.status, 404, `${m} ${p}`);
    if (m !== "HEAD") assert.equal(r.body, '{"message":"page not found"}\n', `${m} ${p}`);
    assertCommonHeaders(r.headers);
  }
  const plain = await srv.request("GET", "/v1.20/nope");
  assert.equal(plain.status, 404);
  assert.equal(plain.body, "page not found\n");
});

test("OPTIONS answers 200 on any path", async () => {
  const r = await srv.request("OPTIONS", "/networks/x");
  assert.equal(r.status, 200);
  assert.equal(r.body, "");
});

test("requests are logged with method, path, status and duration", async () => {
  srv.logLines.length = 0;
  await srv.request("GET", "/v1.47/networks/missing");
  await new Promise((r) => setImmediate(r));
  assert.match(srv.logLines.join("\n"), /^GET \/v1\.47\/networks\/missing 404 \d+\.\dms$/m);
});

function srvPing(socketPath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get({ socketPath, path: "/_ping", agent: false }, (res) => {
        let body = "";
        res.on("data", (c: Buffer) => (body += c.toString()));
        res.on("end", () => resolve(body));
      })
      .on("error", reject);
  });
}

test("listenUnix replaces a stale socket, sets mode 660, refuses live sockets and plain files", async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), "berth-listen-"));
  const sock = path.join(dir, "s.sock");
  const a = createApiServer(new FakeEngine());
  const b = createApiServer(new FakeEngine());
  try {
    await listenUnix(a, path.join(dir, "orig.sock"));
    assert.equal((await stat(path.join(dir, "orig.sock"))).mode & 0o777, 0o660);
    // Node unlinks its socket path on close; a renamed socket file outlives the server, stale.
    await rename(path.join(dir, "orig.sock"), sock);
    await assert.rejects(listenUnix(b, sock), /another daemon is serving it/);
    await new Promise<void>((r) => a.close(() => r()));
    assert.equal((await stat(sock)).isSocket(), true);
    await writeFile(path.join(dir, "plain"), "x");
    await assert.rejects(listenUnix(b, path.join(dir, "plain")), /is not a socket/);
    await listenUnix(b, sock);
    assert.equal((await srvPing(sock)), "OK");
  } finally {
    a.close();
    b.close();
    await rm(dir, { recursive: true, force: true });
  }
});
