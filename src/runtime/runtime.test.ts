import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isBerthError } from "../lib/errors.js";
import { ExecError, type Exec, type ExecOptions } from "../kernel/exec.js";
import { CliRuntime, parseState } from "./runtime.js";

/** Records argv and answers from a table keyed by the runtime verb. */
function fakeExec(answers: Record<string, string | Error> = {}): { exec: Exec; calls: string[][] } {
  const calls: string[][] = [];
  const exec: Exec = async (argv: readonly string[], _opts?: ExecOptions) => {
    calls.push([...argv]);
    const verb = argv[3] ?? "";
    const a = answers[verb];
    if (a instanceof Error) throw a;
    return { code: 0, stdout: a ?? "", stderr: "" };
  };
  return { exec, calls };
}

async function withRoot(fn: (execRoot: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "bt-rtu-"));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const STATE = JSON.stringify({ ociVersion: "1.0.2", id: "c1", pid: 42, status: "running", bundle: "/b", rootfs: "/b/rootfs", created: "2024-01-01T00:00:00Z", owner: "" });

test("runc is the default, with its own --root under the exec root", async () => {
  await withRoot(async (execRoot) => {
    const { exec, calls } = fakeExec();
    const rt = new CliRuntime(exec, { execRoot });
    assert.equal(rt.binary, "/usr/sbin/runc");
    await rt.create("c1", "/b", { pidFile: "/b/pid" });
    await rt.start("c1");
    assert.deepEqual(calls, [
      ["/usr/sbin/runc", "--root", join(execRoot, "runc"), "create", "--bundle", "/b", "--pid-file", "/b/pid", "c1"],
      ["/usr/sbin/runc", "--root", join(execRoot, "runc"), "start", "c1"],
    ]);
  });
});

test("crun stays selectable, with its own state directory", async () => {
  await withRoot(async (execRoot) => {
    const { exec, calls } = fakeExec();
    const rt = new CliRuntime(exec, { execRoot, name: "crun" });
    await rt.start("c1");
    assert.deepEqual(calls[0], ["/usr/bin/crun", "--root", join(execRoot, "crun"), "start", "c1"]);
    assert.throws(() => new CliRuntime(exec, { execRoot, name: "kata" }), (e) => isBerthError(e, "InvalidParameter"));
  });
});

test("state, kill and delete consult the runtime's state directory first", async () => {
  await withRoot(async (execRoot) => {
    const { exec, calls } = fakeExec({ state: STATE });
    const rt = new CliRuntime(exec, { execRoot });
    await assert.rejects(rt.state("c1"), (e) => isBerthError(e, "NotFound"));
    await assert.rejects(rt.kill("c1", "SIGTERM"), (e) => isBerthError(e, "NotFound"));
    await rt.delete("c1", true); // absent: already deleted
    assert.equal(calls.length, 0);
    await mkdir(join(execRoot, "runc", "c1"), { recursive: true });
    assert.equal((await rt.state("c1")).pid, 42);
    await rt.kill("c1", 9, { all: true });
    await rt.delete("c1", true);
    assert.deepEqual(calls.slice(1).map((c) => c.slice(3)), [["kill", "--all", "c1", "9"], ["delete", "--force", "c1"]]);
  });
});

test("a failing runtime verb becomes a System error naming the verb", async () => {
  await withRoot(async (execRoot) => {
    const { exec } = fakeExec({ start: new ExecError(["runc"], 1, "boom", "exit status 1") });
    const rt = new CliRuntime(exec, { execRoot });
    await assert.rejects(rt.start("c1"), (e) => isBerthError(e, "System") && /runc start failed/.test(e.message));
    await assert.rejects(rt.start("../evil"), (e) => isBerthError(e, "InvalidParameter"));
  });
});

test("list parses runc's JSON (null when empty) and needs no root dir", async () => {
  await withRoot(async (execRoot) => {
    const { exec } = fakeExec({ list: "null\n" });
    const rt = new CliRuntime(exec, { execRoot });
    assert.deepEqual(await rt.list(), []);
    await mkdir(rt.root, { recursive: true });
    assert.deepEqual(await rt.list(), []);
    const { exec: exec2 } = fakeExec({ list: `[${STATE}]` });
    const rt2 = new CliRuntime(exec2, { execRoot });
    assert.deepEqual((await rt2.list()).map((s) => [s.id, s.status]), [["c1", "running"]]);
  });
});

test("parseState validates the status", () => {
  assert.equal(parseState(STATE).status, "running");
  assert.throws(() => parseState('{"id":"x","status":"weird"}'), (e) => isBerthError(e, "System"));
  assert.throws(() => parseState("nope"), (e) => isBerthError(e, "System"));
});
