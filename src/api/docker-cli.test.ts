/** The real docker CLI against the API over the fake engine (skipped when it is not installed). */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { exec, type ExecResult } from "../kernel/exec.js";
import { startTestServer, type TestServer } from "./api-test-harness.js";
import { FakeEngine } from "./fake-engine.js";

const DOCKER = "/usr/local/bin/docker";
const skip = existsSync(DOCKER) ? false : `${DOCKER} is not installed`;
const CID = "d".repeat(64);

let srv: TestServer;
let configDir: string;
before(async () => {
  if (skip) return;
  const engine = new FakeEngine();
  engine.addContainer(CID, "box");
  srv = await startTestServer(engine);
  configDir = await mkdtemp(path.join(os.tmpdir(), "berth-docker-config-"));
});
after(async () => {
  if (skip) return;
  await srv.close();
  await rm(configDir, { recursive: true, force: true });
});

const docker = (...args: string[]): Promise<ExecResult> =>
  exec([DOCKER, ...args], {
    env: { DOCKER_HOST: `unix://${srv.socketPath}`, DOCKER_CONFIG: configDir },
    okCodes: [0, 1],
    timeoutMs: 20_000,
  });

function ok(r: ExecResult, what: string): string {
  assert.equal(r.code, 0, `${what}: ${r.stderr}`);
  assert.equal(r.stderr, "", what);
  return r.stdout;
}

test("docker version shows the Berth server at API 1.47", { skip }, async () => {
  const out = ok(await docker("version"), "version");
  assert.match(out, /^Server: Berth$/m);
  assert.match(out, /API version:\s+1\.47 \(minimum version 1\.24\)/);
  assert.match(out, /API version:\s+1\.47 \(downgraded from 1\.\d+\)/);
});

test("docker info prints every section without errors", { skip }, async () => {
  const out = ok(await docker("info"), "info");
  for (const line of ["Swarm: inactive", "Network: bridge host null", "Storage Driver: berth-overlay", "CPUs: 4", "Name: fakehost"]) {
    assert.ok(out.includes(line), `${line} in\n${out}`);
  }
  assert.match(out, /Default Address Pools:\n\s+Base: 172\.17\.0\.0\/16, Size: 16/);
  const fmt = ok(await docker("info", "--format", "{{.OperatingSystem}}|{{.KernelVersion}}|{{.DefaultRuntime}}"), "info -f");
  assert.equal(fmt, "Fake Linux|6.1.0-fake|runc\n");
});

test("docker network create / ls / inspect / connect / disconnect / rm / prune", { skip }, async () => {
  const id = ok(await docker("network", "create", "--label", "app=web", "--subnet", "10.77.0.0/24", "webnet"), "create").trim();
  assert.match(id, /^[0-9a-f]{64}$/);
  const ls = ok(await docker("network", "ls"), "ls");
  assert.match(ls, /^NETWORK ID\s+NAME\s+DRIVER\s+SCOPE$/m);
  assert.match(ls, new RegExp(`^${id.slice(0, 12)}\\s+webnet\\s+bridge\\s+local$`, "m"));
  const filtered = ok(await docker("network", "ls", "--filter", "name=web", "--format", "{{.Name}} {{.Labels}}"), "ls filter");
  assert.equal(filtered, "webnet app=web\n");
  const inspected = JSON.parse(ok(await docker("network", "inspect", "webnet", "bridge"), "inspect")) as { Name: string; IPAM: unknown }[];
  assert.deepEqual(
    inspected.map((n) => n.Name),
    ["webnet", "bridge"],
  );
  assert.deepEqual(inspected[0]?.IPAM, { Driver: "default", Options: {}, Config: [{ Subnet: "10.77.0.0/24", Gateway: "10.77.0.1" }] });
  ok(await docker("network", "connect", "--alias", "www", "webnet", "box"), "connect");
  const containers = ok(await docker("network", "inspect", "-f", "{{range .Containers}}{{.Name}} {{.IPv4Address}}{{end}}", "webnet"), "inspect -f");
  assert.equal(containers, "box 10.77.0.2/16\n");
  ok(await docker("network", "disconnect", "webnet", "box"), "disconnect");
  assert.equal(ok(await docker("network", "rm", "webnet"), "rm"), "webnet\n");
  ok(await docker("network", "create", "spare"), "create spare");
  assert.equal(ok(await docker("network", "prune", "-f"), "prune"), "Deleted Networks:\nspare\n\n");
});

test("docker surfaces the daemon's errors", { skip }, async () => {
  const rm = await docker("network", "rm", "bridge");
  assert.equal(rm.code, 1);
  // CLI 28 follows the message of `network rm` with its own "exit status 1" line.
  assert.ok(rm.stderr.startsWith("Error response from daemon: bridge is a pre-defined network and cannot be removed\n"), rm.stderr);
  const bad = await docker("network", "ls", "--filter", "color=red");
  assert.equal(bad.code, 1);
  assert.equal(bad.stderr, "Error response from daemon: invalid filter 'color'\n");
  const missing = await docker("network", "inspect", "nope");
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /network nope not found/);
});
