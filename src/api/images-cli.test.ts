/**
 * The real docker CLI (28) against the image routes over the fake image service: import with
 * --change, load, images, tag, rmi, image inspect (skipped without /usr/local/bin/docker).
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { exec, type ExecResult } from "../kernel/exec.js";
import { writeTar } from "../runtime/tar-writer.js";
import { startTestServer, type TestServer } from "./api-test-harness.js";
import { FakeContainerEngine } from "./fake-container-engine.js";

const DOCKER = "/usr/local/bin/docker";
const skip = existsSync(DOCKER) ? false : `${DOCKER} is not installed`;
const ANY_CODE = Array.from({ length: 256 }, (_, i) => i);

let srv: TestServer;
let dir: string;
before(async () => {
  if (skip) return;
  srv = await startTestServer(new FakeContainerEngine());
  dir = await mkdtemp(path.join(os.tmpdir(), "berth-docker-images-"));
});
after(async () => {
  if (skip) return;
  await srv.close();
  await rm(dir, { recursive: true, force: true });
});

const docker = (args: string[], stdin?: string): Promise<ExecResult> =>
  exec([DOCKER, ...args], {
    env: { DOCKER_HOST: `unix://${srv.socketPath}`, DOCKER_CONFIG: path.join(dir, "config") },
    okCodes: ANY_CODE,
    timeoutMs: 20_000,
    ...(stdin !== undefined ? { stdin } : {}),
  });

async function ok(args: string[], stdin?: string): Promise<string> {
  const r = await docker(args, stdin);
  assert.equal(r.code, 0, `docker ${args.join(" ")}: ${r.stderr}`);
  assert.equal(r.stderr, "", `docker ${args.join(" ")}`);
  return r.stdout;
}

async function tarFile(name: string, entries: Parameters<typeof writeTar>[0]): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, writeTar(entries));
  return file;
}

test("docker images lists busybox in Docker's table", { skip }, async () => {
  const out = await ok(["images", "busybox"]);
  const lines = out.split("\n");
  assert.match(lines[0] ?? "", /^REPOSITORY\s{3}TAG\s{7}IMAGE ID\s{7}CREATED\s+SIZE$/);
  assert.match(lines[1] ?? "", /^busybox\s{6}latest\s{4}abababababab\s{3}\d+ (years|months) ago\s+4\.26MB$/);
});

test("docker import with --change, then inspect, run, tag and rmi", { skip }, async () => {
  const rootfs = await tarFile("rootfs.tar", [
    { name: "bin/", type: "dir" },
    { name: "bin/hello", type: "file", content: "hello\n", mode: 0o755 },
  ]);
  const id = (await ok(["import", "-c", 'CMD ["sh"]', "-c", "ENV A=1 B=\"x y\"", "-c", "EXPOSE 80 53/udp", "-c", "WORKDIR /app", "-m", "made by a test", rootfs, "imported:1.0"])).trim();
  assert.match(id, /^sha256:[0-9a-f]{64}$/);
  const [img] = JSON.parse(await ok(["image", "inspect", "imported:1.0"])) as Record<string, unknown>[];
  assert.ok(img);
  assert.deepEqual(Object.keys(img), [
    "Id", "RepoTags", "RepoDigests", "Parent", "Comment", "Created", "DockerVersion", "Author", "Config", "Architecture", "Os",
    "Size", "GraphDriver", "RootFS", "Metadata",
  ]);
  assert.equal(img["Id"], id);
  assert.deepEqual(img["RepoTags"], ["imported:1.0"]);
  const config = img["Config"] as Record<string, unknown>;
  assert.deepEqual([config["Cmd"], config["Env"], config["WorkingDir"], config["ExposedPorts"]], [
    ["sh"], ["A=1", "B=x y"], "/app", { "53/udp": {}, "80/tcp": {} },
  ]);
  assert.equal(await ok(["run", "--rm", "imported:1.0", "pwd"]), "/app\n");
  await ok(["tag", "imported:1.0", "team/app:v2"]);
  assert.equal(await ok(["images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}", "--filter", "reference=*/app"]), `team/app:v2 ${id.slice(7, 19)}\n`);
  assert.equal(await ok(["rmi", "team/app:v2"]), "Untagged: team/app:v2\n");
  assert.equal(await ok(["rmi", "imported:1.0"]), `Untagged: imported:1.0\nDeleted: ${id}\n`);
  const gone = await docker(["image", "inspect", "imported:1.0"]);
  assert.equal(gone.code, 1);
  assert.match(gone.stderr, /No such image: imported:1\.0/);
});

test("docker import reads the tarball from stdin too", { skip }, async () => {
  const tar = Buffer.from(writeTar([{ name: "etc/", type: "dir" }, { name: "etc/motd", type: "file", content: "hi\n" }])).toString("latin1");
  const id = (await ok(["import", "-", "stdin-import"], tar)).trim();
  assert.match(id, /^sha256:[0-9a-f]{64}$/);
  assert.equal(await ok(["images", "--format", "{{.Repository}}:{{.Tag}}", "stdin-import"]), "stdin-import:latest\n");
  const bad = await docker(["import", "-c", "RUN true", "-", "nope"], tar);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /run is not a valid change command/);
});

test("docker load of a docker-save archive, then run from it", { skip }, async () => {
  const cfg = JSON.stringify({ architecture: "amd64", os: "linux", config: { Cmd: ["sh"], Env: ["PATH=/bin"], WorkingDir: "/srv" } });
  const archive = await tarFile("save.tar", [
    { name: "cfg.json", type: "file", content: cfg },
    { name: "manifest.json", type: "file", content: JSON.stringify([{ Config: "cfg.json", RepoTags: ["loaded:latest", "loaded:v1"], Layers: [] }]) },
  ]);
  assert.equal(await ok(["load", "-i", archive]), "Loaded image: loaded:latest\nLoaded image: loaded:v1\n");
  assert.equal(await ok(["run", "--rm", "loaded", "pwd"]), "/srv\n");
  assert.equal((await ok(["images", "--format", "{{.Tag}}", "loaded"])).split("\n").sort().join(" "), " latest v1");
});
