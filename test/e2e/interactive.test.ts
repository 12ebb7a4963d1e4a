/**
 * End-to-end: real stdin and TTYs, with the real docker CLI against a real berthd. Where the
 * CLI wants a terminal (attach to a TTY container, exec -t, run -t), util-linux `script`
 * gives it one; what is typed is fed to script's stdin step by step.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { DOCKER, TestDaemon, hasDocker, isRoot, type RunResult } from "../harness/daemon.js";
import { hasBusybox, importBusybox } from "../harness/busybox.js";

const SCRIPT = "/usr/bin/script";
const skip = !isRoot()
  ? "needs root"
  : !hasDocker()
    ? "needs the docker CLI"
    : !hasBusybox()
      ? "needs busybox-static"
      : !existsSync(SCRIPT)
        ? "needs util-linux script"
        : false;

/**
 * Keys typed (strings), pauses (ms) and waits for output (a pattern the output so far must
 * match, 10 s at most); then the terminal stays open until the command ends.
 */
type Steps = readonly (string | number | RegExp)[];

async function until(seen: () => boolean, timeoutMs = 10_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !seen() && Date.now() < deadline; ) await sleep(20);
}

/** Runs `command` (a shell line) on a pseudo-terminal of its own, typing `steps`; `script -e` returns its exit code. */
function onTerminal(command: string, env: Record<string, string>, steps: Steps, timeoutMs = 20_000): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(SCRIPT, ["-qec", command, "/dev/null"], { env: { ...process.env, ...env }, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let ended = false;
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    child.stdin.on("error", () => undefined);
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code) => {
      ended = true;
      clearTimeout(timer);
      child.stdin.destroy();
      resolve({ code: code ?? -1, stdout, stderr });
    });
    void (async () => {
      for (const s of steps) {
        if (ended) return;
        if (typeof s === "number") await sleep(s);
        else if (s instanceof RegExp) await until(() => ended || s.test(stdout));
        else child.stdin.write(s);
      }
    })();
  });
}

describe("interactive containers: stdin, attach, TTYs", { skip }, () => {
  let d: TestDaemon;
  before(async () => {
    d = new TestDaemon("tty");
    await d.start();
    importBusybox(d);
  });
  after(async () => {
    await d?.dispose();
  });
  const ok = (args: string[], input?: string): string => {
    const r = d.docker(args, input);
    assert.equal(r.code, 0, `docker ${args.join(" ")} failed (${r.code}): ${r.stderr}\n${d.log.slice(-2000)}`);
    return r.stdout;
  };
  const docker = (args: string): string => `${DOCKER} ${args}`;
  const state = (name: string): string => ok(["inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", name]).trim();

  test("run -i: piped stdin reaches the shell, its EOF ends it; output and exit code come back", () => {
    const r = d.docker(["run", "-i", "--rm", "busybox", "sh"], "echo hi\nexit 5\n");
    assert.equal(r.code, 5, r.stderr);
    assert.equal(r.stdout, "hi\n");
    const cat = d.docker(["run", "-i", "--rm", "busybox", "sh", "-c", "cat; echo err >&2"], "line 1\nline 2 without newline");
    assert.equal(cat.code, 0, cat.stderr);
    assert.equal(cat.stdout, "line 1\nline 2 without newline");
    assert.equal(cat.stderr, "err\n");
  });

  test("start -ai: stdin to a created container, after the start", () => {
    ok(["create", "-i", "--name", "later", "busybox", "sh"]);
    const r = d.docker(["start", "-ai", "later"], "echo started\nexit 9\n");
    assert.equal(r.code, 9, r.stderr);
    assert.equal(r.stdout, "started\n");
  });

  test("run -it: a TTY (raw output, \\r\\n), typed input, the exit code", async () => {
    const r = await onTerminal(docker("run -it --rm busybox sh -c 'tty; read l; echo got:$l; exit 2'"), d.env, [/\/dev\/pts\/\d+\r\n/, "abc\n"]);
    assert.equal(r.code, 2, `${r.stdout}\n${r.stderr}\n${d.log.slice(-2000)}`);
    assert.match(r.stdout, /\/dev\/pts\/\d+\r\n/);
    assert.match(r.stdout, /got:abc\r\n/);
  });

  test("run -it, detach, attach again: a TTY keeps its stdin when its first client leaves (even with StdinOnce)", async () => {
    const first = await onTerminal(docker("run -it --name tty0 busybox sh"), d.env, [/\/ # /, "echo one\n", /\r\none\r\n/, "\x10\x11"]);
    assert.match(first.stdout, /\r\none\r\n/, `${first.stdout}\n${first.stderr}`);
    assert.equal(state("tty0"), "running 0");
    const again = await onTerminal(docker("attach tty0"), d.env, [300, "echo two\n", /\r\ntwo\r\n/, "exit 3\n"]);
    assert.equal(again.code, 3, `${again.stdout}\n${again.stderr}`);
    assert.match(again.stdout, /\r\ntwo\r\n/);
  });

  describe("a detached TTY container (run -d -it)", () => {
    before(() => {
      ok(["run", "-d", "-it", "--name", "tty1", "busybox", "sh"]);
    });

    test("attach: typed commands run in its shell; ctrl-p ctrl-q detaches and leaves it running", async () => {
      const r = await onTerminal(docker("attach tty1"), d.env, [300, "echo $((6*7))\n", /\r\n42\r\n/, "\x10\x11"]);
      assert.match(r.stdout, /\r\n42\r\n/, `${r.stdout}\n${r.stderr}`);
      assert.equal(state("tty1"), "running 0");
    });

    test("exec -i without a TTY: pipes", () => {
      const r = d.docker(["exec", "-i", "tty1", "sh"], "echo x\n");
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, "x\n");
    });

    test("exec -it: a TTY of its own and its exit code", async () => {
      const r = await onTerminal(docker("exec -it tty1 sh -c 'tty; exit 3'"), d.env, []);
      assert.equal(r.code, 3, `${r.stdout}\n${r.stderr}`);
      assert.match(r.stdout, /^\/dev\/pts\/\d+\r\n$/);
    });

    test("exec -it: the CLI's terminal size reaches the TTY; input reaches the process", async () => {
      const r = await onTerminal("stty rows 31 cols 97; " + docker("exec -it tty1 sh -c 'sleep 0.5; stty size; read l; echo got:$l'"), d.env, [/31 97\r\n/, "ok\n"]);
      assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
      assert.match(r.stdout, /31 97\r\n/);
      assert.match(r.stdout, /got:ok\r\n/);
    });

    test("exec -it of a missing command: Docker's error and 127", async () => {
      const r = await onTerminal(docker("exec -it tty1 /no/such"), d.env, []);
      assert.equal(r.code, 127, `${r.stdout}\n${r.stderr}`);
      assert.match(r.stdout + r.stderr, /OCI runtime exec failed: .*no such file or directory/);
    });

    test("attach again: its stdin stayed open across the detach; exit ends the container with the code", async () => {
      const r = await onTerminal(docker("attach tty1"), d.env, [300, "echo again\n", /\r\nagain\r\n/, "exit 4\n"]);
      assert.equal(r.code, 4, `${r.stdout}\n${r.stderr}`);
      assert.match(r.stdout, /\r\nagain\r\n/);
      assert.equal(state("tty1"), "exited 4");
    });
  });
});
