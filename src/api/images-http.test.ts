/** Image routes over HTTP: JSON progress streams, names with slashes, tag/delete statuses. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeTar } from "../runtime/tar-writer.js";
import { startTestServer, type TestServer } from "./api-test-harness.js";
import { FakeContainerEngine } from "./fake-container-engine.js";

async function withServer(fn: (srv: TestServer) => Promise<void>): Promise<void> {
  const srv = await startTestServer(new FakeContainerEngine());
  try {
    await fn(srv);
  } finally {
    await srv.close();
  }
}

const rootfs = Buffer.from(writeTar([{ name: "a.txt", type: "file", content: "a" }])).toString("latin1");

test("import: the body is the tarball; the answer is a JSON stream ending with the image id", () =>
  withServer(async (srv) => {
    const changes = ['CMD ["sh"]', "EXPOSE 80"].map((c) => `changes=${encodeURIComponent(c)}`).join("&");
    const r = await srv.request("POST", `/v1.47/images/create?fromSrc=-&repo=team/app&tag=v1&${changes}`, rootfs);
    assert.equal(r.status, 200);
    assert.equal(r.headers["content-type"], "application/json");
    assert.match(r.body, /^\{"status":"sha256:[0-9a-f]{64}"\}\r\n$/);
    const inspect = await srv.request("GET", "/v1.47/images/team/app:v1/json");
    assert.equal(inspect.status, 200);
    const img = JSON.parse(inspect.body) as { RepoTags: string[]; Config: { Cmd: string[]; ExposedPorts: object } };
    assert.deepEqual([img.RepoTags, img.Config.Cmd, img.Config.ExposedPorts], [["team/app:v1"], ["sh"], { "80/tcp": {} }]);
    const bad = await srv.request("POST", "/images/create?fromSrc=-&changes=RUN%20x", rootfs);
    assert.deepEqual([bad.status, JSON.parse(bad.body)], [400, { message: "run is not a valid change command" }]);
  }));

test("pulls and URL imports are refused: Berth has no registry and fetches nothing", () =>
  withServer(async (srv) => {
    const pull = await srv.request("POST", "/images/create?fromImage=library/nosuch&tag=latest");
    assert.deepEqual([pull.status, JSON.parse(pull.body)], [
      404, { message: "pull access denied for nosuch, repository does not exist or may require 'docker login'" },
    ]);
    assert.equal((await srv.request("POST", "/images/create?fromSrc=http://example.com/x.tar")).status, 400);
  }));

test("load answers Docker's stream lines", () =>
  withServer(async (srv) => {
    const tar = Buffer.from(writeTar([{ name: "manifest.json", type: "file", content: '[{"RepoTags":["x/y:1"],"Layers":[]}]' }])).toString("latin1");
    const r = await srv.request("POST", "/images/load?quiet=1", tar);
    assert.equal(r.status, 200);
    assert.equal(r.body, '{"stream":"Loaded image: x/y:1\\n"}\r\n');
  }));

test("list, tag (201), delete (Untagged/Deleted), and the wildcard routes' 404s", () =>
  withServer(async (srv) => {
    const list = JSON.parse((await srv.request("GET", "/images/json")).body) as Record<string, unknown>[];
    assert.deepEqual(Object.keys(list[0] ?? {}), ["Containers", "Created", "Id", "Labels", "ParentId", "RepoDigests", "RepoTags", "SharedSize", "Size"]);
    assert.equal((await srv.request("POST", "/images/busybox/tag?repo=my/box&tag=t")).status, 201);
    const noRepo = await srv.request("POST", "/images/busybox/tag");
    assert.deepEqual(JSON.parse(noRepo.body), { message: "repository name must have at least one component" });
    const del = await srv.request("DELETE", "/images/my/box:t");
    assert.deepEqual(JSON.parse(del.body), [{ Untagged: "my/box:t" }]);
    assert.equal((await srv.request("GET", "/images/busybox/history")).status, 404);
    const missing = await srv.request("GET", "/images/nosuch/json");
    assert.deepEqual([missing.status, JSON.parse(missing.body)], [404, { message: "No such image: nosuch:latest" }]);
    const filtered = await srv.request("GET", `/images/json?filters=${encodeURIComponent('{"color":{"red":true}}')}`);
    assert.deepEqual(JSON.parse(filtered.body), { message: "invalid filter 'color'" });
  }));
