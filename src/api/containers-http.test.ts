/** Container routes over HTTP against the fake services: status codes, streaming, hijacking. */
import { test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { startTestServer, type TestServer } from "./api-test-harness.js";
import { FakeContainerEngine } from "./fake-container-engine.js";
import { FakeEngine } from "./fake-engine.js";
import { rawConnect, upgradeRequest } from "./raw-client.js";
import { demultiplex } from "./stream-framing.js";

async function withServer(fn: (srv: TestServer, engine: FakeContainerEngine) => Promise<void>): Promise<void> {
  const engine = new FakeContainerEngine();
  const srv = await startTestServer(engine);
  try {
    await fn(srv, engine);
  } finally {
    await srv.close();
  }
}

async function create(srv: TestServer, name: string, cmd: string[], extra: Record<string, unknown> = {}): Promise<string> {
  const r = await srv.json("POST", `/v1.47/containers/create?name=${name}`, { Image: "busybox", Cmd: cmd, ...extra });
  assert.equal(r.status, 201, r.body);
  const body = JSON.parse(r.body) as { Id: string; Warnings: string[] };
  assert.deepEqual(body.Warnings, []);
  return body.Id;
}

test("without container, image and exec services the routes answer 501", async () => {
  const srv = await startTestServer(new FakeEngine());
  try {
    for (const [m, p] of [["GET", "/containers/json"], ["GET", "/images/json"], ["GET", "/exec/x/json"], ["POST", "/containers/create"]] as const) {
      const r = await srv.request(m, p);
      assert.equal(r.status, 501, p);
      assert.deepEqual(JSON.parse(r.body), { message: "not implemented" });
    }
  } finally {
    await srv.close();
  }
});

test("start twice is 304, stop of a stopped container is 304, unknown container 404", () =>
  withServer(async (srv) => {
    await create(srv, "box", ["top"]);
    assert.equal((await srv.request("POST", "/containers/box/start")).status, 204);
    assert.equal((await srv.request("POST", "/containers/box/start")).status, 304);
    assert.equal((await srv.request("POST", "/containers/box/stop?t=1")).status, 204);
    assert.equal((await srv.request("POST", "/containers/box/stop")).status, 304);
    const missing = await srv.request("POST", "/containers/nope/start");
    assert.equal(missing.status, 404);
    assert.deepEqual(JSON.parse(missing.body), { message: "No such container: nope" });
    const bad = await srv.request("POST", "/containers/box/stop?t=soon");
    assert.equal(bad.status, 400);
    const rm = await srv.request("DELETE", "/containers/box");
    assert.equal(rm.status, 204);
  }));

test("create: name conflicts come back as Docker's 409; bad bodies are 400", () =>
  withServer(async (srv) => {
    const id = await create(srv, "dup", ["true"]);
    const again = await srv.json("POST", "/containers/create?name=dup", { Image: "busybox", Cmd: ["true"] });
    assert.equal(again.status, 409);
    assert.equal(
      (JSON.parse(again.body) as { message: string }).message,
      `Conflict. The container name "/dup" is already in use by container "${id}". You have to remove (or rename) that container to be able to reuse that name.`,
    );
    const empty = await srv.json("POST", "/containers/create", {});
    assert.equal(empty.status, 400);
    const mode = await srv.json("POST", "/containers/create", { Image: "busybox", HostConfig: { NetworkMode: "container:" } });
    assert.deepEqual(JSON.parse(mode.body), { message: "invalid network mode: invalid container format container:<name|id>" });
  }));

test("wait writes its headers at once and the body when the container exits", () =>
  withServer(async (srv) => {
    await create(srv, "waiter", ["top"]);
    const headers = new Promise<{ status: number; body: Promise<string> }>((resolve, reject) => {
      const req = http.request({ socketPath: srv.socketPath, method: "POST", path: "/v1.47/containers/waiter/wait?condition=next-exit" }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        resolve({ status: res.statusCode ?? 0, body: new Promise((r) => res.on("end", () => r(Buffer.concat(chunks).toString()))) });
      });
      req.on("error", reject);
      req.end();
    });
    const res = await headers; // before the container has even started
    assert.equal(res.status, 200);
    assert.equal((await srv.request("POST", "/containers/waiter/start")).status, 204);
    assert.equal((await srv.request("POST", "/containers/waiter/kill?signal=SIGTERM")).status, 204);
    assert.equal(await res.body, '{"StatusCode":143}\n');
    const gone = await srv.request("POST", "/containers/nope/wait");
    assert.equal(gone.status, 404);
    const bad = await srv.request("POST", "/containers/waiter/wait?condition=soon");
    assert.deepEqual([bad.status, JSON.parse(bad.body)], [400, { message: 'invalid condition: "soon"' }]);
  }));

test("attach: 101 UPGRADED with the multiplexed type, stdin in, output framed, closed at exit", () =>
  withServer(async (srv) => {
    await create(srv, "cat", ["cat"], { OpenStdin: true, StdinOnce: true, AttachStdin: true });
    const conn = rawConnect(srv.socketPath, upgradeRequest("POST", "/v1.47/containers/cat/attach?stream=1&stdin=1&stdout=1&stderr=1"));
    const head = await conn.head;
    assert.match(head, /^HTTP\/1\.1 101 UPGRADED\r\n/);
    assert.match(head, /\r\nContent-Type: application\/vnd\.docker\.multiplexed-stream\r\n/);
    assert.match(head, /\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n/);
    assert.match(head, /\r\nApi-Version: 1\.47/);
    assert.equal((await srv.request("POST", "/containers/cat/start")).status, 204);
    conn.socket.end("hello\nworld\n"); // stdin, then the CLI's half-close
    assert.deepEqual(demultiplex(await conn.body), { stdout: "hello\nworld\n", stderr: "" });
    const inspect = JSON.parse((await srv.request("GET", "/containers/cat/json")).body) as { State: { Status: string; ExitCode: number } };
    assert.deepEqual([inspect.State.Status, inspect.State.ExitCode], ["exited", 0]);
  }));

test("attach without Upgrade: 200 with the raw-stream type, hijacked anyway; a TTY stream is raw", () =>
  withServer(async (srv) => {
    await create(srv, "plain", ["sh", "-c", "echo out; echo err >&2"]);
    const conn = rawConnect(srv.socketPath, "POST /containers/plain/attach?stream=1&stdout=1&stderr=1 HTTP/1.1\r\nHost: x\r\n\r\n");
    assert.match(await conn.head, /^HTTP\/1\.1 200 OK\r\n[\s\S]*Content-Type: application\/vnd\.docker\.raw-stream/);
    await srv.request("POST", "/containers/plain/start");
    assert.deepEqual(demultiplex(await conn.body), { stdout: "out\n", stderr: "err\n" });
    await create(srv, "tty", ["echo", "raw"], { Tty: true });
    const t = rawConnect(srv.socketPath, upgradeRequest("POST", "/containers/tty/attach?stream=1&stdout=1"));
    assert.match(await t.head, /Content-Type: application\/vnd\.docker\.raw-stream/);
    await srv.request("POST", "/containers/tty/start");
    assert.equal((await t.body).toString(), "raw\n");
  }));

test("attach with a TTY: the client's stdin EOF detaches the session and leaves the container running", () =>
  withServer(async (srv, engine) => {
    await create(srv, "ttysh", ["sh"], { Tty: true, OpenStdin: true, AttachStdin: true });
    await srv.request("POST", "/containers/ttysh/start");
    const conn = rawConnect(srv.socketPath, upgradeRequest("POST", "/containers/ttysh/attach?stream=1&stdin=1&stdout=1"));
    await conn.head;
    conn.socket.write("echo one\n");
    conn.socket.end();
    assert.equal((await conn.body).toString(), "one\n");
    assert.equal(engine.containers.rec("ttysh").container.state.status, "running");
    assert.equal((await srv.request("POST", "/containers/ttysh/kill")).status, 204);
  }));

test("exec start over an upgraded connection: the JSON body, then stdin in the same packet", () =>
  withServer(async (srv) => {
    await create(srv, "ex", ["top"]);
    await srv.request("POST", "/containers/ex/start");
    const made = await srv.json("POST", "/containers/ex/exec", { AttachStdin: true, AttachStdout: true, Cmd: ["cat"] });
    assert.equal(made.status, 201);
    const { Id } = JSON.parse(made.body) as { Id: string };
    const conn = rawConnect(srv.socketPath, upgradeRequest("POST", `/v1.47/exec/${Id}/start`, '{"Detach":false,"Tty":false}') + "piped");
    assert.match(await conn.head, /^HTTP\/1\.1 101 UPGRADED/);
    conn.socket.end();
    assert.equal(demultiplex(await conn.body).stdout, "piped");
    const info = JSON.parse((await srv.request("GET", `/exec/${Id}/json`)).body) as Record<string, unknown>;
    assert.equal(info["ExitCode"], 0);
    assert.equal(info["Running"], false);
    assert.deepEqual(info["ProcessConfig"], { tty: false, entrypoint: "cat", arguments: [], privileged: false });
    const noCmd = await srv.json("POST", "/containers/ex/exec", { Cmd: [] });
    assert.deepEqual(JSON.parse(noCmd.body), { message: "No exec command specified" });
  }));

test("an Upgrade request to an ordinary route is served normally (its body is read off the socket)", () =>
  withServer(async (srv) => {
    const conn = rawConnect(srv.socketPath, upgradeRequest("POST", "/containers/create?name=up", '{"Image":"busybox","Cmd":["true"]}'));
    assert.match(await conn.head, /^HTTP\/1\.1 201 Created/);
    assert.match((await conn.body).toString(), /"Warnings":\[\]/);
  }));

test("logs: framed, stream selection, tail, timestamps, and the no-stream error", () =>
  withServer(async (srv) => {
    await create(srv, "lg", ["sh", "-c", "echo one; echo two; echo bad >&2"]);
    await srv.request("POST", "/containers/lg/start");
    await srv.request("POST", "/containers/lg/wait");
    const all = await srv.request("GET", "/v1.47/containers/lg/logs?stdout=1&stderr=1");
    assert.equal(all.headers["content-type"], "application/vnd.docker.multiplexed-stream");
    const raw = await new Promise<Buffer>((resolve) =>
      http.get({ socketPath: srv.socketPath, path: "/containers/lg/logs?stdout=1&tail=1&timestamps=1" }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve(Buffer.concat(chunks)));
      }),
    );
    assert.match(demultiplex(raw).stdout, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}(Z|[+-]\d\d:\d\d) two\n$/);
    const none = await srv.request("GET", "/containers/lg/logs");
    assert.equal(none.status, 400);
    assert.deepEqual(JSON.parse(none.body), { message: "Bad parameters: you must choose at least one stream" });
  }));

test("closing every connection includes hijacked ones (a daemon shutdown is not held up)", async () => {
  const srv = await startTestServer(new FakeContainerEngine());
  await create(srv, "held", ["top"]);
  await srv.request("POST", "/containers/held/start");
  const conn = rawConnect(srv.socketPath, upgradeRequest("POST", "/containers/held/attach?stream=1&stdout=1"));
  await conn.head;
  const closed = srv.close().then(() => "closed");
  const timeout = new Promise((resolve) => setTimeout(resolve, 3000, "timed out").unref());
  const outcome = await Promise.race([closed, timeout]);
  conn.socket.destroy();
  assert.equal(outcome, "closed");
});
