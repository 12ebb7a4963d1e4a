import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Container } from "../../model/container.js";
import { FakeAttachSockets } from "../../runtime/attach-socket-fake.js";
import type { Store } from "../../store/store.js";
import type { AttachOptions, OutputChunk, StdioSession } from "../container-contract.js";
import { ContainerCore, noDns } from "./container-core.js";
import { attachSession, resizeContainerTty } from "./container-io.js";
import type { ContainerRunner } from "./container-runner.js";
import type { EtcFiles } from "./etc-files.js";
import type { SandboxManager } from "./sandbox-manager.js";

const ID = "c".repeat(64);
const SOCKET = `/run/berth/containers/${ID}/attach`;

function container(status: Container["state"]["status"], cfg: Partial<Container["config"]>): Container {
  return {
    id: ID as Container["id"],
    name: "box",
    created: "2024-01-01T00:00:00Z",
    imageId: "sha256:" + "0".repeat(64),
    config: {
      hostname: "", domainname: "", user: "", env: [], cmd: ["sh"], entrypoint: null, workingDir: "", image: "busybox",
      labels: {}, tty: false, openStdin: false, stdinOnce: false, attachStdin: false, attachStdout: true, attachStderr: true,
      exposedPorts: [], stopSignal: "", macAddress: "", ...cfg,
    },
    hostConfig: {
      networkMode: "bridge", binds: [], portBindings: {}, publishAllPorts: false, links: [], dns: [], dnsSearch: [], dnsOptions: [],
      extraHosts: [], restartPolicy: { name: "no", maximumRetryCount: 0 }, autoRemove: false,
    },
    attachments: [],
    state: { status, pid: 0, exitCode: 0, error: "", startedAt: "", finishedAt: "", oomKilled: false },
    restartCount: 0,
  };
}

interface Rig {
  readonly core: ContainerCore;
  readonly sockets: FakeAttachSockets;
  readonly resizes: string[];
  readonly logPath: string;
  set(c: Container): void;
  done(): Promise<void>;
}

/** A ContainerCore over an in-memory container table, a fake runner and fake attach sockets. */
async function rig(c: Container): Promise<Rig> {
  const dir = await mkdtemp(join(tmpdir(), "bt-io-"));
  const logPath = join(dir, "container.log");
  await writeFile(logPath, "");
  let current = c;
  const sockets = new FakeAttachSockets();
  const resizes: string[] = [];
  const runner = {
    attach: sockets.connect,
    paths: () => ({ logPath }),
    stdioPaths: (id: string) => ({ socket: `/run/berth/containers/${id}/attach`, ctl: `/run/berth/containers/${id}/ctl` }),
    resizeTty: async (id: string, h: number, w: number) => {
      resizes.push(`${id.slice(0, 4)} ${h}x${w}`);
      return true;
    },
  };
  const store = { containers: { get: (id: string) => (id === current.id ? current : undefined) } };
  const core = new ContainerCore({
    store: store as unknown as Store,
    runner: runner as unknown as ContainerRunner,
    sandboxes: {} as unknown as SandboxManager,
    files: {} as unknown as EtcFiles,
    dns: noDns,
    log: () => undefined,
  });
  return { core, sockets, resizes, logPath, set: (n) => (current = n), done: () => rm(dir, { recursive: true, force: true }) };
}

const attachOpts = (o: Partial<AttachOptions> = {}): AttachOptions => ({ stdin: true, stdout: true, stderr: true, logs: false, stream: true, ...o });

async function collect(s: StdioSession): Promise<string[]> {
  const out: string[] = [];
  for await (const c of s.output) out.push(`${c.stream}:${c.data.toString()}`);
  return out;
}

const end = (w: NodeJS.WritableStream): Promise<void> => new Promise((resolve) => w.end(resolve));
const write = (w: NodeJS.WritableStream, s: string): Promise<void> => new Promise((resolve) => w.write(s, () => resolve()));

test("attach with stdin to a running container: output from the socket per pipe, stdin to it; StdinOnce closes stdin", async () => {
  const c = container("running", { openStdin: true, stdinOnce: true });
  const r = await rig(c);
  try {
    const conmon = r.sockets.listen(SOCKET);
    const s = await attachSession(r.core, c, attachOpts());
    assert.equal(s.tty, false);
    assert.ok(s.stdin);
    const got = collect(s);
    await write(s.stdin, "echo hi\n");
    await end(s.stdin);
    assert.equal(conmon.stdinText, "echo hi\n");
    assert.equal(conmon.inputEnded, true, "StdinOnce: the client's EOF closes the process's stdin");
    conmon.emit("stdout", "hi\n");
    conmon.emit("stderr", "warn\n");
    conmon.hangUp();
    assert.deepEqual(await got, ["stdout:hi\n", "stderr:warn\n"]);
  } finally {
    await r.done();
  }
});

test("without StdinOnce the end of the client's stdin detaches (the process keeps its stdin)", async () => {
  const c = container("running", { openStdin: true, stdinOnce: false });
  const r = await rig(c);
  try {
    const conmon = r.sockets.listen(SOCKET);
    const s = await attachSession(r.core, c, attachOpts());
    const got = collect(s);
    conmon.emit("stdout", "before\n");
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(s.stdin);
    await end(s.stdin);
    assert.equal(conmon.inputEnded, false);
    assert.equal(conmon.closed, true);
    assert.deepEqual(await got, ["stdout:before\n"]);
  } finally {
    await r.done();
  }
});

test("a TTY: raw output, all of it stdout; only requested streams; logs=1 replays the log first", async () => {
  const c = container("running", { tty: true, openStdin: true });
  const r = await rig(c);
  try {
    await appendFile(r.logPath, "2024-01-01T00:00:00.000000000Z stdout F old line\r\n2024-01-01T00:00:00.1Z stdout P / # \n");
    const conmon = r.sockets.listen(SOCKET);
    const s = await attachSession(r.core, c, attachOpts({ logs: true, stderr: false }));
    assert.equal(s.tty, true);
    conmon.emit("stdout", "ls\r\n\x1b[1;34mbin\x1b[m\r\n");
    conmon.hangUp();
    assert.deepEqual(await collect(s), ["stdout:old line\r\n", "stdout:/ # ", "stdout:ls\r\n\x1b[1;34mbin\x1b[m\r\n"]);
    await s.resize(30, 100);
    await resizeContainerTty(r.core, ID, 31, 101);
    assert.deepEqual(r.resizes, ["cccc 30x100", "cccc 31x101"]);
  } finally {
    await r.done();
  }
});

test("output-only attach without a TTY follows the log and never touches the socket", async () => {
  const c = container("running", { openStdin: true });
  const r = await rig(c);
  try {
    const s = await attachSession(r.core, c, attachOpts({ stdin: false }));
    assert.equal(s.stdin, undefined);
    const got = collect(s);
    await appendFile(r.logPath, "2024-01-01T00:00:00Z stdout F from the log\n");
    await new Promise((resolve) => setTimeout(resolve, 80));
    r.set({ ...c, state: { ...c.state, status: "exited" } });
    r.core.lastExit.set(ID, Date.now() + 1);
    assert.deepEqual(await got, ["stdout:from the log\n"]);
    assert.deepEqual(r.sockets.attempts, []);
  } finally {
    await r.done();
  }
});

test("attach before start (docker run -i): output from the log, stdin held until the start, then to the socket", async () => {
  const c = container("created", { openStdin: true, stdinOnce: true });
  const r = await rig(c);
  try {
    const s = await attachSession(r.core, c, attachOpts());
    assert.ok(s.stdin);
    const got = collect(s);
    const written = write(s.stdin, "echo hi\n").then(() => end(s.stdin as NodeJS.WritableStream));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(r.sockets.attempts, [], "no socket before the start");
    const conmon = r.sockets.listen(SOCKET);
    r.set({ ...c, state: { ...c.state, status: "running" } });
    r.core.emit("start", ID);
    await written;
    assert.equal(conmon.stdinText, "echo hi\n");
    assert.equal(conmon.inputEnded, true);
    await appendFile(r.logPath, "2024-01-01T00:00:00Z stdout F hi\n");
    await new Promise((resolve) => setTimeout(resolve, 80));
    r.set({ ...c, state: { ...c.state, status: "exited" } });
    r.core.lastExit.set(ID, Date.now() + 1);
    r.core.emit("exit", ID, 0);
    assert.deepEqual(await got, ["stdout:hi\n"]);
  } finally {
    await r.done();
  }
});

test("attach before a start that fails: stdin is dropped, nothing connects", async () => {
  const c = container("created", { openStdin: true, stdinOnce: true });
  const r = await rig(c);
  try {
    const s = await attachSession(r.core, c, attachOpts());
    assert.ok(s.stdin);
    const written = write(s.stdin, "lost\n").then(() => end(s.stdin as NodeJS.WritableStream));
    r.set({ ...c, state: { ...c.state, status: "exited" } });
    r.core.lastExit.set(ID, Date.now() + 1);
    r.core.emit("exit", ID, 127);
    await written;
    assert.deepEqual(await collect(s), []);
    assert.deepEqual(r.sockets.attempts, []);
  } finally {
    await r.done();
  }
});

test("a running container whose socket is gone (it is exiting): the log session, without stdin", async () => {
  const c = container("running", { openStdin: true });
  const r = await rig(c);
  try {
    const s = await attachSession(r.core, c, attachOpts());
    assert.equal(s.stdin, undefined);
    assert.deepEqual(r.sockets.attempts, [SOCKET]);
    s.close();
    assert.deepEqual(await collect(s), []);
  } finally {
    await r.done();
  }
});

test("closing a socket session ends its output and closes the connection", async () => {
  const c = container("running", { tty: true });
  const r = await rig(c);
  try {
    const conmon = r.sockets.listen(SOCKET);
    const s = await attachSession(r.core, c, attachOpts({ stdin: false }));
    assert.equal(s.stdin, undefined, "no stdin without OpenStdin");
    const chunks: OutputChunk[] = [];
    const done = (async () => {
      for await (const ch of s.output) chunks.push(ch);
    })();
    conmon.emit("stdout", "x");
    await new Promise((resolve) => setImmediate(resolve));
    s.close();
    await done;
    assert.equal(conmon.closed, true);
    assert.deepEqual(chunks.map((ch) => ch.data.toString()), ["x"]);
  } finally {
    await r.done();
  }
});

test("stream=0: logs=1 replays the log and ends; without logs, nothing", async () => {
  const c = container("running", { tty: true, openStdin: true });
  const r = await rig(c);
  try {
    await appendFile(r.logPath, "2024-01-01T00:00:00Z stdout F replayed\n");
    assert.deepEqual(await collect(await attachSession(r.core, c, attachOpts({ stream: false, logs: true }))), ["stdout:replayed\n"]);
    assert.deepEqual(await collect(await attachSession(r.core, c, attachOpts({ stream: false }))), []);
    assert.deepEqual(r.sockets.attempts, []);
  } finally {
    await r.done();
  }
});
