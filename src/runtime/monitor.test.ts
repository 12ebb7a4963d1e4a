import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Exec } from "../kernel/exec.js";
import { ConmonMonitor, ContainerStartError, lastRuntimeError, processAlive, startFailureExitCode } from "./monitor.js";
import { CliRuntime, type OciRuntime } from "./runtime.js";

const noExec: Exec = async () => ({ code: 0, stdout: "", stderr: "" });

test("conmon argv: runtime, bundle, pid files, k8s-file log, exit dir, runtime --root and JSON log", () => {
  const rt = new CliRuntime(noExec, { execRoot: "/run/berth" });
  const mon = new ConmonMonitor(noExec, rt, { exitDir: "/run/berth/exits", socketDir: "/run/berth/sockets" });
  const argv = mon.argv("c1", "/run/berth/containers/c1", { logPath: "/var/lib/berth/containers/c1/container.log", exitCommand: ["/usr/bin/berth", "cleanup", "c1"] });
  assert.deepEqual(argv, [
    "/usr/bin/conmon", "--api-version", "1", "-c", "c1", "-u", "c1", "-n", "c1",
    "-r", "/usr/sbin/runc", "-b", "/run/berth/containers/c1",
    "-p", "/run/berth/containers/c1/pidfile", "-P", "/run/berth/containers/c1/conmon.pid",
    "-l", "k8s-file:/var/lib/berth/containers/c1/container.log", "--exit-dir", "/run/berth/exits",
    "--socket-dir-path", "/run/berth/sockets", "--log-level", "error",
    "--runtime-arg", "--root", "--runtime-arg", "/run/berth/runc",
    "--runtime-arg", "--log-format=json", "--runtime-arg", "--log", "--runtime-arg", "/run/berth/containers/c1/runtime.log",
    "--exit-command", "/usr/bin/berth", "--exit-command-arg", "cleanup", "--exit-command-arg", "c1",
  ]);
  const tty = mon.argv("c1", "/b", { logPath: "/l", terminal: true, stdin: true, logSizeMax: 1000 });
  assert.deepEqual(tty.slice(-4), ["-t", "-i", "--log-size-max", "1000"]);
});

test("conmon argv: --leave-stdin-open only with -i (attach clients that leave keep the container's stdin)", () => {
  const mon = new ConmonMonitor(noExec, new CliRuntime(noExec, { execRoot: "/r" }), { exitDir: "/r/exits", socketDir: "/r/sockets" });
  assert.deepEqual(mon.argv("c1", "/b", { logPath: "/l", stdin: true, leaveStdinOpen: true }).slice(-2), ["-i", "--leave-stdin-open"]);
  assert.equal(mon.argv("c1", "/b", { logPath: "/l", stdin: true }).includes("--leave-stdin-open"), false);
  assert.equal(mon.argv("c1", "/b", { logPath: "/l", leaveStdinOpen: true }).includes("--leave-stdin-open"), false);
  assert.equal(mon.socketDir, "/r/sockets");
  assert.equal(mon.binary, "/usr/bin/conmon");
});

test("failed starts get Docker's exit codes", () => {
  assert.equal(startFailureExitCode('runc create failed: unable to start container process: exec: "nope": executable file not found in $PATH'), 127);
  assert.equal(startFailureExitCode('exec: "/x": stat /x: no such file or directory'), 127);
  assert.equal(startFailureExitCode('exec: "/etc/passwd": permission denied'), 126);
  assert.equal(startFailureExitCode('exec: "/bin": is a directory'), 126);
  assert.equal(startFailureExitCode("cgroups in hybrid mode not supported"), 128);
});

test("the runtime's last error is read from its JSON log", () => {
  const log = [
    '{"level":"warning","msg":"something","time":"t"}',
    '{"level":"error","msg":"first","time":"t"}',
    '{"level":"error","msg":"runc create failed: boom","time":"t"}',
    "",
  ].join("\n");
  assert.equal(lastRuntimeError(log), "runc create failed: boom");
  assert.equal(lastRuntimeError(""), undefined);
  assert.equal(lastRuntimeError("plain text error\n"), "plain text error");
});

test("processAlive sees this process and not an impossible pid", async () => {
  assert.equal(await processAlive(process.pid), true);
  assert.equal(await processAlive(2 ** 30), false);
});

/** A runtime whose verbs are scripted; records what was called. */
function scriptedRuntime(onStart: () => Promise<void>): { rt: OciRuntime; calls: string[] } {
  const calls: string[] = [];
  const rt: OciRuntime = {
    name: "runc",
    binary: "/usr/sbin/runc",
    root: "/nonexistent",
    globalArgs: () => ["--root", "/nonexistent"],
    create: async () => void calls.push("create"),
    start: async () => {
      calls.push("start");
      await onStart();
    },
    state: async () => assert.fail("state not expected"),
    kill: async () => void calls.push("kill"),
    delete: async (_id, force) => void calls.push(`delete${force ? " --force" : ""}`),
    list: async () => [],
  };
  return { rt, calls };
}

/** Pretends to be conmon: writes its pid file and the runtime's pid file, as a good create does. */
function fakeConmon(monitorPid: number, created: boolean, runtimeLog = ""): Exec {
  return async (argv) => {
    const arg = (flag: string): string => argv[argv.indexOf(flag) + 1] ?? "";
    await writeFile(arg("-P"), String(monitorPid));
    if (created) await writeFile(arg("-p"), "4242");
    if (runtimeLog) await writeFile(argv[argv.indexOf("--log") + 2] ?? "", runtimeLog);
    return { code: 0, stdout: "", stderr: "" };
  };
}

async function inTmp(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "bt-mon-"));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const DEAD_PID = 2 ** 30;

test("start: pid file seen, runtime started, exit code read back", async () => {
  await inTmp(async (dir) => {
    const { rt, calls } = scriptedRuntime(async () => writeFile(join(dir, "exits", "c1"), "0"));
    const mon = new ConmonMonitor(fakeConmon(process.pid, true), rt, { exitDir: join(dir, "exits"), socketDir: join(dir, "s") });
    assert.deepEqual(await mon.start("c1", dir, { logPath: join(dir, "log") }), { pid: 4242, monitorPid: process.pid });
    assert.deepEqual(calls, ["start"]);
    assert.equal(await mon.waitExit("c1", { timeoutMs: 1000 }), 0);
    await mon.clearExit("c1");
    assert.equal(await mon.readExitCode("c1"), undefined);
    await assert.rejects(mon.waitExit("c1", { timeoutMs: 30 }), /timed out/);
  });
});

test("create failure: conmon gone, runtime log read, Docker's code recorded", async () => {
  await inTmp(async (dir) => {
    const log = '{"level":"error","msg":"runc create failed: unable to start container process: exec: \\"x\\": executable file not found in $PATH"}\n';
    const { rt, calls } = scriptedRuntime(async () => assert.fail("no start after a failed create"));
    const mon = new ConmonMonitor(fakeConmon(DEAD_PID, false, log), rt, { exitDir: join(dir, "exits"), socketDir: join(dir, "s") });
    await assert.rejects(
      mon.start("c1", dir, { logPath: join(dir, "log") }),
      (e) => e instanceof ContainerStartError && e.exitCode === 127 && /OCI runtime create failed: runc create failed: .*: unknown$/.test(e.message),
    );
    assert.equal(await mon.readExitCode("c1"), 127);
    assert.deepEqual(calls, ["delete --force"]);
  });
});

test("start failure: conmon's record wins; without one the container is deleted and 128 kept", async () => {
  await inTmp(async (dir) => {
    const exits = join(dir, "exits");
    const ran = scriptedRuntime(async () => {
      await writeFile(join(exits, "c1"), "127"); // the process ran and its exec failed
      throw new Error("exec failed");
    });
    const mon = new ConmonMonitor(fakeConmon(DEAD_PID, true), ran.rt, { exitDir: exits, socketDir: join(dir, "s"), startGraceMs: 50 });
    await assert.rejects(mon.start("c1", dir, { logPath: join(dir, "log") }), (e) => e instanceof ContainerStartError && e.exitCode === 127);
    const stuck = scriptedRuntime(async () => {
      throw new Error("something odd");
    });
    const mon2 = new ConmonMonitor(fakeConmon(DEAD_PID, true), stuck.rt, { exitDir: exits, socketDir: join(dir, "s"), startGraceMs: 50 });
    await assert.rejects(mon2.start("c2", dir, { logPath: join(dir, "log") }), (e) => e instanceof ContainerStartError && e.exitCode === 128 && e.kind === "System");
    assert.deepEqual(stuck.calls, ["start", "delete --force"]);
    assert.equal(await mon2.readExitCode("c2"), 128);
  });
});
