/**
 * The container and image commands in-process against the fake daemon (no docker CLI
 * needed): run's attach/wait/start flow with stdin and exit codes, exec, logs, ps, inspect,
 * import/load from stdin, rm errors, the prune prompt; and the argv rewriting and stream
 * readers they rely on.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { run } from "./main.js";
import type { CliIO } from "./command.js";
import { FakeDaemon } from "./testing/fake-daemon.js";
import { normalizeArgv, protectFromNode, restoreFromNode } from "./argv.js";
import { CONTAINER_COMMANDS, IMAGE_COMMANDS, NETWORK_COMMANDS, TOP_COMMANDS } from "./program.js";
import { displayJsonMessages, JsonMessageError, StdDemux } from "./stream-output.js";

const daemon = new FakeDaemon();
before(() => daemon.start());
after(() => daemon.stop());

interface Result {
  out: string;
  err: string;
  code: number;
}

async function berth(argv: string[], opts: { stdin?: string; lines?: string[] } = {}): Promise<Result> {
  let out = "";
  let err = "";
  const lines = [...(opts.lines ?? [])];
  const io: CliIO = {
    stdout: (s) => void (out += s),
    stderr: (s) => void (err += s),
    stdoutBytes: (b) => void (out += b.toString("utf8")),
    stderrBytes: (b) => void (err += b.toString("utf8")),
    readLine: () => Promise.resolve(lines.shift()),
    env: { PATH: "/bin" },
    stdin: () => Readable.from(opts.stdin === undefined ? [] : [Buffer.from(opts.stdin)]),
  };
  const code = await run(["-H", daemon.host, ...argv], io);
  return { out, err, code };
}

test("run: output on stdout and stderr, the container's exit code", async () => {
  const r = await berth(["run", "--rm", "busybox", "sh", "-c", "echo hello; echo oops >&2; exit 3"]);
  assert.deepEqual(r, { out: "hello\n", err: "oops\n", code: 3 });
  const id = /\/containers\/([0-9a-f]{64})\/attach/.exec(daemon.requests.map((q) => q.url).join(" "))?.[1];
  const urls = daemon.apiRequests().filter((q) => id !== undefined && q.url.includes(id)).map((q) => `${q.method} ${q.url.replace(/\/v1\.47\/containers\/[0-9a-f]+/, "")}`);
  assert.deepEqual(urls, ["POST /attach?stderr=1&stdout=1&stream=1", "POST /wait?condition=removed", "POST /start"]);
});

test("run -i: stdin goes to the container and back", async () => {
  assert.deepEqual(await berth(["run", "-i", "busybox", "cat"], { stdin: "one\ntwo\n" }), { out: "one\ntwo\n", err: "", code: 0 });
});

test("run -d prints the ID; a missing command exits 127 as docker's", async () => {
  const d = await berth(["run", "-d", "busybox"]);
  assert.match(d.out, /^[0-9a-f]{64}\n$/);
  const missing = await berth(["run", "busybox", "nosuchcmd"]);
  assert.equal(missing.code, 127);
  assert.match(missing.err, /^berth: Error response from daemon: .*executable file not found in \$PATH: unknown\n\nRun 'berth run --help' for more information\n$/);
});

test("exec: output, stdin and the exit code from /exec/{id}/json", async () => {
  assert.deepEqual(await berth(["exec", "web1", "sh", "-c", "echo a; echo b >&2; exit 4"]), { out: "a\n", err: "b\n", code: 4 });
  assert.deepEqual(await berth(["exec", "-i", "web1", "cat"], { stdin: "x\n" }), { out: "x\n", err: "", code: 0 });
  assert.deepEqual(await berth(["exec", "nope", "true"]), { out: "", err: "Error response from daemon: No such container: nope\n", code: 1 });
});

test("logs demultiplex stdout and stderr", async () => {
  assert.deepEqual(await berth(["logs", "web1"]), { out: "hi\nhi again\nbye", err: "warning: slow\n", code: 0 });
});

test("ps and inspect", async () => {
  const ps = await berth(["ps", "-a", "--format", "{{.Names}} {{.State}} {{.Command}}"]);
  assert.equal(ps.out.split("\n")[1], 'db exited "sleep 3600"');
  const insp = await berth(["inspect", "-f", "{{.State.Status}} {{.Config.Entrypoint}} {{.State.Health}} {{.ID}}", "db"]);
  assert.equal(insp.out, "exited [] <nil> 5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e\n");
  // .Id is not a Go field: the template falls back to the raw JSON, where it is.
  assert.equal((await berth(["inspect", "-f", "{{.Id}}", "db"])).out.length, 65);
  const missing = await berth(["inspect", "nope"]);
  assert.deepEqual(missing, { out: "[]\n", err: "Error: No such object: nope\n", code: 1 });
});

test("rm of a running container, and the prune prompt", async () => {
  const rm = await berth(["rm", "web1"]);
  assert.equal(rm.code, 1);
  assert.equal(rm.err, 'Error response from daemon: cannot remove container "/web1": container is running: stop the container before removing or force remove\n');
  const no = await berth(["container", "prune"], { lines: ["n"] });
  assert.deepEqual(no, { out: "WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] ", err: "", code: 0 });
});

test("import - and load read stdin; the body is streamed to the daemon", async () => {
  const imp = await berth(["import", "-", "busy"], { stdin: "rootfs bytes" });
  assert.match(imp.out, /^sha256:[0-9a-f]{64}\n$/);
  assert.equal(daemon.requests.find((q) => q.url.includes("fromSrc=-&repo=busy"))?.body, "rootfs bytes");
  assert.deepEqual(await berth(["load"], { stdin: "manifest.json" }), { out: "Loaded image: busybox:latest\n", err: "", code: 0 });
  assert.deepEqual(await berth(["load"], { stdin: "" }), { out: "", err: "Error response from daemon: unexpected EOF\n", code: 1 });
});

test("argv: Go bools, aliases, values that look like flags, nothing touched after run's image", () => {
  const tree = { commands: TOP_COMMANDS, groups: { network: NETWORK_COMMANDS, container: CONTAINER_COMMANDS, image: IMAGE_COMMANDS } };
  assert.deepEqual(normalizeArgv(["-H", "x", "run", "--rm=false", "--net", "n", "-e", "--x", "-itd", "-p80:80", "img", "--rm=true", "-e"], tree), [
    "-H", "x", "run", "--set-rm", "false", "--network", "n", "-e", "--x", "-i", "-t", "-d", "-p", "80:80", "--", "img", "--rm=true", "-e",
  ]);
  assert.deepEqual(normalizeArgv(["container", "ls", "--no-trunc=true"], tree), ["container", "ls", "--set-no-trunc", "true"]);
  assert.deepEqual(restoreFromNode(protectFromNode(["run", "--env-file", "f", "--env-file=g"])), ["run", "--env-file", "f", "--env-file=g"]);
});

test("stream readers: stdcopy frames and JSON progress", async () => {
  const out: string[] = [];
  const d = new StdDemux((b) => out.push("1:" + b.toString()), (b) => out.push("2:" + b.toString()));
  const frame = (n: number, s: string): Buffer => Buffer.concat([Buffer.from([n, 0, 0, 0, 0, 0, 0, s.length]), Buffer.from(s)]);
  const all = Buffer.concat([frame(1, "ab"), frame(2, "cd")]);
  d.push(all.subarray(0, 5));
  d.push(all.subarray(5));
  assert.deepEqual(out, ["1:ab", "2:cd"]);
  let text = "";
  await displayJsonMessages(Readable.from(['{"status":"Loading"}\r\n{"id":"x","status":"Done"}\r\n{"stream":"Loaded\\n"}']), (s) => (text += s));
  assert.equal(text, "Loading\nx: Done\nLoaded\n");
  await assert.rejects(displayJsonMessages(Readable.from(['{"errorDetail":{"message":"boom"},"error":"boom"}']), () => undefined), JsonMessageError);
});
