/** The CLI in-process against the fake daemon: output, exit codes, host selection, prompts. */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { run } from "./main.js";
import type { CliIO } from "./command.js";
import { FakeDaemon } from "./testing/fake-daemon.js";
import { DEFAULT_HOST, parseEndpoint, resolveHost } from "./host.js";

const daemon = new FakeDaemon();
before(() => daemon.start());
after(() => daemon.stop());

async function berth(argv: string[], opts: { input?: string[]; env?: Record<string, string> } = {}): Promise<{ out: string; err: string; code: number }> {
  let out = "";
  let err = "";
  const lines = [...(opts.input ?? [])];
  const io: CliIO = {
    stdout: (s) => void (out += s),
    stderr: (s) => void (err += s),
    readLine: () => Promise.resolve(lines.shift()),
    env: opts.env ?? {},
  };
  const code = await run(argv, io);
  return { out, err, code };
}

const H = (): string[] => ["-H", daemon.host];

test("network ls: docker's default table, natural sort by name, 12-char ids", async () => {
  const r = await berth([...H(), "network", "ls"]);
  assert.equal(r.code, 0);
  assert.equal(r.err, "");
  assert.equal(
    r.out,
    [
      "NETWORK ID     NAME       DRIVER    SCOPE",
      "9e8d7c6b5a4f   backend    bridge    local",
      "f2de39df4171   bridge     bridge    local",
      "2d02aa000000   db2        macvlan   local",
      "1d10aa000000   db10       bridge    local",
      "3e5d0e000000   données    bridge    local",
      "7c3a1e0f5d2b   frontend   bridge    local",
      "0b6a2f4c8e1d   host       host      local",
      "",
    ].join("\n"),
  );
});

test("network inspect: raw body re-indented with 4 spaces, Go escapes kept", async () => {
  const r = await berth([...H(), "network", "inspect", "backend"]);
  assert.equal(r.code, 0);
  assert.ok(r.out.startsWith('[\n    {\n        "Name": "backend",\n        "Id": "9e8d7c6b5a4f'), r.out);
  assert.ok(r.out.endsWith('        "Labels": {\n            "com.docker.compose.project": "shop"\n        }\n    }\n]\n'));
  const fe = await berth([...H(), "network", "inspect", "frontend"]);
  assert.match(fe.out, /"com\.example\.team": "web \\u0026 \\u003capi\\u003e"/);
});

test("-H wins over BERTH_HOST, which wins over DOCKER_HOST", () => {
  assert.equal(resolveHost("unix:///a", { BERTH_HOST: "unix:///b", DOCKER_HOST: "unix:///c" }), "unix:///a");
  assert.equal(resolveHost(undefined, { BERTH_HOST: "unix:///b", DOCKER_HOST: "unix:///c" }), "unix:///b");
  assert.equal(resolveHost(undefined, { DOCKER_HOST: "unix:///c" }), "unix:///c");
  assert.equal(resolveHost(undefined, {}), DEFAULT_HOST);
  assert.deepEqual(parseEndpoint("tcp://127.0.0.1:2376"), { kind: "tcp", url: "tcp://127.0.0.1:2376", host: "127.0.0.1", port: 2376 });
  assert.throws(() => parseEndpoint("ssh://x"), /protocol not available: ssh/);
});

test("BERTH_HOST from the environment is used", async () => {
  const r = await berth(["network", "ls", "-q"], { env: { BERTH_HOST: daemon.host, DOCKER_HOST: "unix:///nonexistent" } });
  assert.equal(r.code, 0);
  assert.equal(r.out.split("\n").length, 8);
});

test("a missing daemon: a clear message naming the socket and bin/berthd, exit 1", async () => {
  const r = await berth(["-H", "unix:///nonexistent/berth.sock", "network", "ls"]);
  assert.equal(r.code, 1);
  assert.equal(r.out, "");
  assert.equal(r.err, "Cannot connect to the Berth daemon at unix:///nonexistent/berth.sock. Is the berth daemon running? Start it with bin/berthd.\n");
});

test("daemon errors: 'Error response from daemon: ...' on stderr, exit 1", async () => {
  const r = await berth([...H(), "network", "connect", "nope", "c1"]);
  assert.deepEqual(r, { out: "", err: "Error response from daemon: network nope not found\n", code: 1 });
});

test("prune asks and reads y/N from stdin", async () => {
  const warning = "WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue? [y/N] ";
  const yes = await berth([...H(), "network", "prune"], { input: ["Y"] });
  assert.deepEqual(yes, { out: warning + "Deleted Networks:\nfrontend\nbackend\n\n", err: "", code: 0 });
  const no = await berth([...H(), "network", "prune"], { input: [] });
  assert.deepEqual(no, { out: warning, err: "", code: 0 });
});

test("usage errors: docker's wording and exit codes (1 for arguments, 125 for flags)", async () => {
  const args = await berth([...H(), "network", "rm"]);
  assert.equal(args.code, 1);
  assert.equal(args.err, "berth: 'berth network rm' requires at least 1 argument\n\nUsage:  berth network rm NETWORK [NETWORK...]\n\nSee 'berth network rm --help' for more information\n");
  const flag = await berth([...H(), "network", "create", "--ipv6=maybe", "x"]);
  assert.equal(flag.code, 125);
  assert.match(flag.err, /^invalid argument "maybe" for "--ipv6" flag: strconv.ParseBool: parsing "maybe": invalid syntax\n\nUsage:  berth network create \[OPTIONS\] NETWORK\n/);
  const unknown = await berth(["network", "nope"]);
  assert.equal(unknown.code, 1);
  assert.match(unknown.err, /^berth: unknown command: berth network nope\n/);
});

test("--version and help", async () => {
  assert.deepEqual(await berth(["--version"]), { out: "Berth version 0.1.0\n", err: "", code: 0 });
  const help = await berth(["network", "create", "--help"]);
  assert.equal(help.code, 0);
  assert.match(help.out, /^Usage: {2}berth network create \[OPTIONS\] NETWORK\n\nCreate a network\n\nOptions:\n {6}--attachable {11}Enable manual container attachment\n/);
});

test("version: client part, then the server's components", async () => {
  const r = await berth([...H(), "version"]);
  assert.equal(r.code, 0);
  assert.match(r.out, /\nServer: Berth Engine\n Engine:\n  Version: {10}0\.1\.0\n  API version: {6}1\.47 \(minimum version 1\.24\)\n/);
  assert.match(r.out, / {2}Built: {12}Tue Jan {2}2 03:04:05 2024\n/);
});
