import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Exec } from "../kernel/exec.js";
import { ConmonExec, execProcess, execSessionPaths, ExecStartError, execUser, replaceOrAppendEnv, type ExecSessionSpec } from "./conmon-exec.js";
import type { OciProcess } from "./oci-types.js";
import { CliRuntime } from "./runtime.js";

const BASE: OciProcess = {
  terminal: false,
  user: { uid: 0, gid: 0 },
  args: ["sh"],
  env: ["PATH=/usr/bin:/bin", "HOSTNAME=abc", "FOO=container"],
  cwd: "/srv",
  capabilities: { bounding: ["CAP_CHOWN"], effective: ["CAP_CHOWN"], permitted: ["CAP_CHOWN"] },
  rlimits: [{ type: "RLIMIT_NOFILE", hard: 1024, soft: 1024 }],
  noNewPrivileges: false,
};

const DEAD_PID = 2 ** 30;

test("an exec's process: the container's, with the exec's args, env (replace or append), cwd, user and a TTY", () => {
  const p = execProcess(BASE, { args: ["sh", "-c", "tty"], env: ["FOO=exec", "BAR=1"], cwd: "", user: "", terminal: true });
  assert.deepEqual(p.args, ["sh", "-c", "tty"]);
  assert.deepEqual(p.env, ["PATH=/usr/bin:/bin", "HOSTNAME=abc", "FOO=exec", "TERM=xterm", "BAR=1"]);
  assert.equal(p.cwd, "/srv");
  assert.equal(p.terminal, true);
  assert.deepEqual(p.capabilities, BASE.capabilities);
  assert.deepEqual(p.rlimits, BASE.rlimits);
  const q = execProcess({ ...BASE, env: [...BASE.env, "TERM=vt100"] }, { args: ["x"], env: [], cwd: "/tmp", user: "1000:100", terminal: true });
  assert.ok(q.env.includes("TERM=vt100") && !q.env.includes("TERM=xterm"), "the container's TERM wins");
  assert.equal(q.cwd, "/tmp");
  assert.deepEqual(q.user, { uid: 1000, gid: 100 });
});

test("exec users: numeric uid[:gid] or root; names need a passwd lookup Berth does not do", () => {
  assert.deepEqual(execUser("", { uid: 5, gid: 6 }), { uid: 5, gid: 6 });
  assert.deepEqual(execUser("1000", { uid: 0, gid: 0 }), { uid: 1000, gid: 0 });
  assert.deepEqual(execUser("root", { uid: 5, gid: 6 }), { uid: 0, gid: 0 });
  assert.deepEqual(execUser("7:root", { uid: 5, gid: 6 }), { uid: 7, gid: 0 });
  assert.throws(() => execUser("nobody", { uid: 0, gid: 0 }), /unable to find user nobody: no matching entries in passwd file/);
  assert.throws(() => execUser("1:staff", { uid: 0, gid: 0 }), /unable to find group staff/);
});

test("env: KEY=VALUE replaces the same key, a bare KEY removes it", () => {
  assert.deepEqual(replaceOrAppendEnv(["A=1", "B=2"], ["B=3", "C=4", "A"]), ["B=3", "C=4"]);
});

test("conmon argv for an exec session: -e with the process spec, a TTY, its own directory and exit dir", () => {
  const rt = new CliRuntime(async () => ({ code: 0, stdout: "", stderr: "" }), { execRoot: "/run/berth" });
  const cx = new ConmonExec(async () => ({ code: 0, stdout: "", stderr: "" }), rt, { conmon: "/usr/bin/conmon", socketDir: "/run/berth/sockets" });
  const s: ExecSessionSpec = { containerId: "c1", execId: "e1", dir: "/run/berth/containers/c1/execs/e1", process: BASE, stdin: true };
  const d = s.dir;
  assert.deepEqual(cx.argv(s), [
    "/usr/bin/conmon", "--api-version", "1", "-c", "c1", "-u", "e1", "-r", "/usr/sbin/runc",
    "-b", d, "-p", `${d}/pid`, "-P", `${d}/conmon.pid`, "-l", `k8s-file:${d}/exec.log`,
    "--exit-dir", `${d}/exits`, "--socket-dir-path", "/run/berth/sockets", "--log-level", "error",
    "--runtime-arg", "--root", "--runtime-arg", "/run/berth/runc",
    "--runtime-arg", "--log-format=json", "--runtime-arg", "--log", "--runtime-arg", `${d}/runtime.log`,
    "-e", "--exec-process-spec", `${d}/process.json`, "-t", "-i",
  ]);
  assert.deepEqual(cx.argv({ ...s, stdin: false }).slice(-1), ["-t"]);
  assert.equal(execSessionPaths(s).exitFile, `${d}/exits/c1`, "conmon names the exit file after the container");
});

/** A ConmonExec whose "conmon" is a function that writes the files conmon would. */
async function scripted(play: (dir: string) => Promise<void>): Promise<{ cx: ConmonExec; s: ExecSessionSpec; dir: string; argv: string[][] }> {
  const dir = await mkdtemp(join(tmpdir(), "bt-cx-"));
  const argv: string[][] = [];
  const exec: Exec = async (a) => {
    argv.push([...a]);
    await play(dir);
    return { code: 0, stdout: "", stderr: "" };
  };
  const rt = new CliRuntime(exec, { execRoot: "/run/berth" });
  const cx = new ConmonExec(exec, rt, { conmon: "/usr/bin/conmon", socketDir: join(dir, "sockets") });
  return { cx, s: { containerId: "c1", execId: "e1", dir, process: BASE, stdin: false }, dir, argv };
}

test("start: the process spec is written, the pid comes from the runtime's pid file", async () => {
  const { cx, s, dir, argv } = await scripted(async (d) => {
    await writeFile(join(d, "conmon.pid"), `${DEAD_PID}`);
    await writeFile(join(d, "pid"), "4242");
  });
  try {
    assert.deepEqual(await cx.start(s), { pid: 4242, monitorPid: DEAD_PID });
    assert.equal(argv.length, 1);
    assert.deepEqual(JSON.parse(await readFile(join(dir, "process.json"), "utf8")), BASE);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("start: a runtime error becomes Docker's exec error and exit code", async () => {
  const { cx, s, dir } = await scripted(async (d) => {
    await writeFile(join(d, "conmon.pid"), `${DEAD_PID}`);
    const msg = 'exec failed: unable to start container process: exec: "nosuch": executable file not found in $PATH';
    await writeFile(join(d, "runtime.log"), JSON.stringify({ level: "error", msg }) + "\n");
  });
  try {
    const err = await cx.start(s).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err instanceof ExecStartError);
    assert.equal(err.exitCode, 127);
    assert.equal(err.message, 'OCI runtime exec failed: exec failed: unable to start container process: exec: "nosuch": executable file not found in $PATH: unknown');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("waitExit: conmon's exit file, or 137 when conmon went away without one; cleanup removes the session", async () => {
  const { cx, s, dir } = await scripted(async () => undefined);
  try {
    const p = execSessionPaths(s);
    await cx.start(s).catch(() => undefined); // makes the exits dir; fails (no conmon pid)
    const waiting = cx.waitExit(s, process.pid);
    await writeFile(p.exitFile, "3");
    assert.equal(await waiting, 3);
    await rm(p.exitFile);
    assert.equal(await cx.waitExit(s, DEAD_PID), 137);
    await cx.cleanup(s);
    await assert.rejects(readFile(p.processFile));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
