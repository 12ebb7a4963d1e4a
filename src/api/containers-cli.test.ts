/**
 * The real docker CLI (28) against the container and exec routes over the fake services
 * (skipped when /usr/local/bin/docker is not installed). Times in the fake lie two hours in
 * the past, so the table columns are stable.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { exec, type ExecResult } from "../kernel/exec.js";
import { startTestServer, type TestServer } from "./api-test-harness.js";
import { FakeContainerEngine } from "./fake-container-engine.js";

const DOCKER = "/usr/local/bin/docker";
const skip = existsSync(DOCKER) ? false : `${DOCKER} is not installed`;
const ANY_CODE = Array.from({ length: 256 }, (_, i) => i);

let srv: TestServer;
let configDir: string;
before(async () => {
  if (skip) return;
  srv = await startTestServer(new FakeContainerEngine({ ageMs: 2 * 3_600_000 }));
  configDir = await mkdtemp(path.join(os.tmpdir(), "berth-docker-config-"));
});
after(async () => {
  if (skip) return;
  await srv.close();
  await rm(configDir, { recursive: true, force: true });
});

const docker = (args: string[], stdin?: string): Promise<ExecResult> =>
  exec([DOCKER, ...args], {
    env: { DOCKER_HOST: `unix://${srv.socketPath}`, DOCKER_CONFIG: configDir },
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

/** Go's tabwriter as the CLI configures it: minwidth 10, padding 3, last cell unpadded. */
function table(rows: readonly (readonly string[])[]): string {
  const cols = rows[0]?.length ?? 0;
  const widths = Array.from({ length: cols }, (_, i) => Math.max(10, ...rows.map((r) => (r[i] ?? "").length + 3)));
  return rows.map((r) => r.map((cell, i) => (i === cols - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join("") + "\n").join("");
}

test("docker create / run -d, then docker ps -a prints Docker's table", { skip }, async () => {
  const created = (await ok(["create", "--name", "c1", "--label", "tier=db", "busybox", "echo", "hi"])).trim();
  assert.match(created, /^[0-9a-f]{64}$/);
  const web = (await ok(["run", "-d", "--name", "web", "-p", "8080:80", "busybox", "top"])).trim();
  const ps = await ok(["ps", "-a", "--filter", "name=^/(c1|web)$"]);
  assert.equal(
    ps,
    table([
      ["CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"],
      [web.slice(0, 12), "busybox", '"top"', "2 hours ago", "Up 2 hours", "0.0.0.0:8080->80/tcp, [::]:8080->80/tcp", "web"],
      [created.slice(0, 12), "busybox", '"echo hi"', "2 hours ago", "Created", "", "c1"],
    ]),
  );
  assert.equal(await ok(["ps", "-q", "--filter", "name=web"]), `${web.slice(0, 12)}\n`);
  assert.equal(await ok(["ps", "-a", "--filter", "label=tier=db", "--format", "{{.Names}} {{.State}} {{.Label \"tier\"}}"]), "c1 created db\n");
  assert.equal(await ok(["ps", "--filter", "status=created", "--format", "{{.Names}}"]), "c1\n");
  assert.equal(await ok(["ps", "--filter", "network=bridge", "--filter", "name=web", "--format", "{{.Names}} {{.Networks}}"]), "web bridge\n");
});

test("docker inspect prints the container in Docker's field order", { skip }, async () => {
  await ok(["run", "-d", "--name", "insp", "busybox", "sh", "-c", "echo a b; top"]);
  const [c] = JSON.parse(await ok(["inspect", "insp"])) as Record<string, Record<string, unknown>>[];
  assert.ok(c);
  assert.deepEqual(Object.keys(c).slice(0, 6), ["Id", "Created", "Path", "Args", "State", "Image"]);
  assert.deepEqual(Object.keys(c).slice(-5), ["HostConfig", "GraphDriver", "Mounts", "Config", "NetworkSettings"]);
  assert.deepEqual(Object.keys(c["NetworkSettings"] ?? {}).slice(0, 4), ["Bridge", "SandboxID", "SandboxKey", "Ports"]);
  assert.equal(await ok(["inspect", "-f", "{{.Name}} {{.Path}} {{json .Args}} {{.State.Status}} {{.HostConfig.NetworkMode}} {{.HostConfig.ShmSize}}", "insp"]),
    '/insp sh ["-c","echo a b; top"] running bridge 67108864\n');
  const ip = await ok(["inspect", "-f", "{{.NetworkSettings.IPAddress}} {{.NetworkSettings.Networks.bridge.IPAddress}} {{.NetworkSettings.Networks.bridge.DNSNames}}", "insp"]);
  assert.match(ip, /^172\.17\.0\.\d+ 172\.17\.0\.\d+ \[\]\n$/);
  assert.equal(await ok(["ps", "-a", "--no-trunc", "--filter", "name=insp", "--format", "{{.Command}}"]), `"sh -c 'echo a b; top'"\n`);
});

test("docker run --rm: attach, start and wait; output, stderr and exit codes; the container is gone", { skip }, async () => {
  assert.equal(await ok(["run", "--rm", "busybox", "echo", "hi"]), "hi\n");
  const three = await docker(["run", "--rm", "busybox", "sh", "-c", "exit 3"]);
  assert.equal(three.code, 3);
  assert.equal(three.stdout, "");
  const both = await docker(["run", "--rm", "busybox", "sh", "-c", "echo out; echo err >&2"]);
  assert.deepEqual([both.code, both.stdout, both.stderr], [0, "out\n", "err\n"]);
  assert.equal(await ok(["run", "-i", "--rm", "busybox", "cat"], "piped in\n"), "piped in\n");
  const missing = await docker(["run", "--rm", "busybox", "nosuchcmd"]);
  assert.equal(missing.code, 127);
  assert.equal(await ok(["ps", "-a", "--filter", "ancestor=busybox", "--format", "{{.Command}}", "--no-trunc"]).then((s) => s.includes("exit 3")), false);
});

test("docker run -d, logs, wait and start -a", { skip }, async () => {
  await ok(["run", "-d", "--name", "lg", "busybox", "sh", "-c", "echo one; echo two >&2; exit 2"]);
  assert.equal(await ok(["wait", "lg"]), "2\n");
  const logs = await docker(["logs", "lg"]);
  assert.deepEqual([logs.stdout, logs.stderr], ["one\n", "two\n"]);
  const tail = await docker(["logs", "--tail", "1", "lg"]);
  assert.deepEqual([tail.stdout, tail.stderr], ["", "two\n"]);
  const ts = await docker(["logs", "-t", "lg"]);
  assert.match(ts.stdout, /^\d{4}-\d\d-\d\dT[\d:.]{18}\S* one\n$/);
  const again = await docker(["start", "-a", "lg"]);
  assert.deepEqual([again.code, again.stdout, again.stderr], [2, "one\n", "two\n"]);
  assert.match(await ok(["ps", "-a", "--filter", "name=lg", "--format", "{{.Status}}"]), /^Exited \(2\) 2 hours ago\n$/);
});

test("docker stop, start, kill, restart, rename, rm and rm -f", { skip }, async () => {
  await ok(["run", "-d", "--name", "sv", "busybox", "top"]);
  assert.equal(await ok(["stop", "sv"]), "sv\n");
  assert.equal(await ok(["ps", "-a", "--filter", "name=sv", "--format", "{{.Status}}"]), "Exited (143) 2 hours ago\n");
  assert.equal(await ok(["start", "sv"]), "sv\n");
  assert.equal(await ok(["kill", "sv"]), "sv\n");
  assert.equal(await ok(["inspect", "-f", "{{.State.ExitCode}}", "sv"]), "137\n");
  assert.equal(await ok(["restart", "sv"]), "sv\n");
  await ok(["rename", "sv", "sv2"]);
  assert.equal(await ok(["ps", "--filter", "name=sv", "--format", "{{.Names}} {{.State}}"]), "sv2 running\n");
  const busy = await docker(["rm", "sv2"]);
  assert.equal(busy.code, 1);
  assert.match(busy.stderr, /Error response from daemon: cannot remove container "[^"]+": container is running: stop the container before removing or force remove/);
  assert.equal(await ok(["rm", "-f", "sv2"]), "sv2\n");
  const gone = await docker(["inspect", "sv2"]);
  assert.equal(gone.code, 1);
  assert.match(gone.stderr, /No such object: sv2/);
});

test("docker exec, exec -i with stdin piped, exit codes, -e and -w", { skip }, async () => {
  await ok(["run", "-d", "--name", "ex", "busybox", "top"]);
  assert.equal(await ok(["exec", "ex", "echo", "x"]), "x\n");
  assert.equal(await ok(["exec", "-i", "ex", "cat"], "data\nmore\n"), "data\nmore\n");
  assert.equal((await docker(["exec", "ex", "sh", "-c", "exit 5"])).code, 5);
  assert.match(await ok(["exec", "-e", "K=V", "ex", "env"]), /^K=V$/m);
  assert.equal(await ok(["exec", "-w", "/tmp", "ex", "pwd"]), "/tmp\n");
  assert.equal(await ok(["exec", "-d", "ex", "sleep", "1"]), "");
  await ok(["stop", "ex"]);
  const stopped = await docker(["exec", "ex", "true"]);
  assert.equal(stopped.code, 1);
  assert.match(stopped.stderr, /is not running/);
});

test("every docker run flag of the issue reaches inspect", { skip }, async () => {
  await ok(["network", "create", "--subnet", "10.55.0.0/24", "flagnet"]);
  await ok(["run", "-d", "--name", "flags", "-e", "A=1", "-w", "/data", "-v", "/tmp:/data:ro", "--entrypoint", "sh", "--label", "l=v",
    "--net", "flagnet", "--network-alias", "al", "--ip", "10.55.0.9", "--mac-address", "02:42:0a:37:00:09", "--add-host", "h:1.2.3.4",
    "--dns", "8.8.8.8", "--dns-search", "ex.com", "--dns-option", "ndots:2", "-p", "8080:80", "-P", "--expose", "9000",
    "--restart", "on-failure:3", "--hostname", "hh", "--domainname", "dd", "-i", "busybox", "-c", "top"]);
  const f = (tpl: string): Promise<string> => ok(["inspect", "-f", tpl, "flags"]);
  assert.equal(await f("{{json .Config.Env}} {{.Config.WorkingDir}} {{json .Config.Entrypoint}} {{json .Config.Cmd}} {{json .Config.Labels}}"),
    '["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","A=1"] /data ["sh"] ["-c","top"] {"l":"v"}\n');
  assert.equal(await f("{{.Config.Hostname}} {{.Config.Domainname}} {{.Config.OpenStdin}} {{json .Config.ExposedPorts}}"),
    'hh dd true {"80/tcp":{},"9000/tcp":{}}\n');
  assert.equal(await f("{{json .HostConfig.Binds}} {{json .HostConfig.Dns}} {{json .HostConfig.DnsSearch}} {{json .HostConfig.DnsOptions}} {{json .HostConfig.ExtraHosts}}"),
    '["/tmp:/data:ro"] ["8.8.8.8"] ["ex.com"] ["ndots:2"] ["h:1.2.3.4"]\n');
  assert.equal(await f("{{.HostConfig.RestartPolicy.Name}}:{{.HostConfig.RestartPolicy.MaximumRetryCount}} {{.HostConfig.PublishAllPorts}} {{json .HostConfig.PortBindings}}"),
    'on-failure:3 true {"80/tcp":[{"HostIp":"","HostPort":"8080"}]}\n');
  assert.equal(await f("{{with .NetworkSettings.Networks.flagnet}}{{json .IPAMConfig}} {{json .Aliases}} {{.IPAddress}} {{.MacAddress}} {{json .DNSNames}}{{end}}"),
    '{"IPv4Address":"10.55.0.9"} ["al"] 10.55.0.9 02:42:0a:37:00:09 ["flags","al","' + (await f("{{.Id}}")).slice(0, 12) + '","hh"]\n');
  assert.equal(await f("{{json .Mounts}}"), '[{"Type":"bind","Source":"/tmp","Destination":"/data","Mode":"ro","RW":false,"Propagation":"rprivate"}]\n');
  await ok(["rm", "-f", "flags"]);
});

test("docker's errors: name conflicts, network-mode conflicts, unknown images", { skip }, async () => {
  await ok(["create", "--name", "taken", "busybox", "true"]);
  const id = (await ok(["inspect", "-f", "{{.Id}}", "taken"])).trim();
  const dup = await docker(["create", "--name", "taken", "busybox", "true"]);
  assert.equal(dup.code, 1); // `docker create` exits 1 on daemon errors, `docker run` 125
  assert.match(dup.stderr, new RegExp(`Conflict\\. The container name "/taken" is already in use by container "${id}"\\. You have to remove \\(or rename\\) that container to be able to reuse that name\\.`));
  const cases: [string[], string][] = [
    [["--net", "container:"], "invalid network mode: invalid container format container:<name|id>"],
    [["--net", "container:taken", "-p", "80:80"], "conflicting options: port publishing and the container type network mode"],
    [["--net", "container:taken", "--hostname", "h"], "conflicting options: hostname and the network mode"],
    [["--net", "container:taken", "--dns", "1.1.1.1"], "conflicting options: dns and the network mode"],
    [["--net", "host", "--link", "taken:t"], "conflicting options: host type networking can't be used with links. This would result in undefined behavior"],
  ];
  for (const [flags, message] of cases) {
    const r = await docker(["run", ...flags, "busybox", "true"]);
    assert.equal(r.code, 125, flags.join(" "));
    assert.ok(r.stderr.includes(`Error response from daemon: ${message}\n`), `${flags.join(" ")}: ${r.stderr}`);
  }
  const pull = await docker(["run", "--rm", "nosuchimage", "true"]);
  assert.equal(pull.code, 125);
  assert.match(pull.stderr, /pull access denied for nosuchimage, repository does not exist or may require 'docker login'/);
});

test("docker container prune removes stopped containers", { skip }, async () => {
  const id = (await ok(["create", "--label", "prune=me", "busybox", "true"])).trim();
  assert.equal(await ok(["container", "prune", "-f", "--filter", "label=prune=me"]), `Deleted Containers:\n${id}\n\nTotal reclaimed space: 0B\n`);
});
