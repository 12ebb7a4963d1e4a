import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, open, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { SeqpacketServer, type SeqpacketSocket } from "node-unix-socket";
import { AsyncQueue } from "./async-queue.js";
import {
  decodeAttachPacket,
  MAX_STDIN_PACKET,
  resizeLine,
  seqpacketConnector,
  stdinPackets,
  writeResize,
  type AttachPacket,
} from "./attach-socket.js";
import { FakeAttachSockets } from "./attach-socket-fake.js";

test("packets from conmon: the first byte names the pipe (2 stdout, 3 stderr)", () => {
  assert.deepEqual(decodeAttachPacket(Buffer.from("\x02hi\r\n")), { stream: "stdout", data: Buffer.from("hi\r\n") });
  assert.deepEqual(decodeAttachPacket(Buffer.from("\x03oops")), { stream: "stderr", data: Buffer.from("oops") });
  assert.equal(decodeAttachPacket(Buffer.from("\x02")), undefined);
  assert.equal(decodeAttachPacket(Buffer.from("\x01x")), undefined);
  assert.equal(decodeAttachPacket(Buffer.alloc(0)), undefined);
});

test("stdin is split into packets conmon reads whole", () => {
  const big = Buffer.alloc(MAX_STDIN_PACKET * 2 + 5, 0x61);
  assert.deepEqual(stdinPackets(big).map((p) => p.length), [MAX_STDIN_PACKET, MAX_STDIN_PACKET, 5]);
  assert.deepEqual(stdinPackets(Buffer.alloc(0)), []);
});

test("resize lines are conmon's WIN_RESIZE_EVENT, clamped to what it accepts", () => {
  assert.equal(resizeLine(40, 120), "1 40 120\n");
  assert.equal(resizeLine(5000, -3), "1 1000 0\n");
  assert.equal(resizeLine(Number.NaN, 80.7), "1 0 80\n");
});

test("writeResize writes the control line, and reports false when nobody reads", async () => {
  const dir = await mkdtemp(join(tmpdir(), "bt-ctl-"));
  try {
    const ctl = join(dir, "ctl");
    await writeFile(ctl, "");
    assert.equal(await writeResize(ctl, 24, 80), true);
    assert.equal(await readFile(ctl, "utf8"), "1 24 80\n");
    assert.equal(await writeResize(join(dir, "missing"), 24, 80), false);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

/** A SEQPACKET server that behaves like conmon's attach socket for one client. */
async function fakeConmon(path: string): Promise<{ client: Promise<SeqpacketSocket>; received: AsyncQueue<string>; close(): void }> {
  const server = new SeqpacketServer();
  const dir = await open(dirname(path), "r"); // bound through /proc/self/fd, as conmon does, so long paths work
  try {
    server.listen(`/proc/self/fd/${dir.fd}/${basename(path)}`);
  } finally {
    await dir.close();
  }
  const received = new AsyncQueue<string>();
  const client = new Promise<SeqpacketSocket>((resolve) =>
    server.on("connection", (s: SeqpacketSocket) => {
      s.on("data", (b: Buffer) => received.push(b.toString()));
      s.on("end", () => received.push("<EOF>"));
      resolve(s);
    }),
  );
  return { client, received, close: () => server.close() };
}

async function take<T>(it: AsyncIterator<T>): Promise<T> {
  const r = await it.next();
  assert.equal(r.done, false);
  return r.value as T;
}

test("the real connector: demultiplexed output, stdin packets, half-close, hang-up; long paths via /proc/self/fd", async () => {
  const base = await mkdtemp(join(tmpdir(), "bt-attach-"));
  const deep = join(base, "x".repeat(60), "y".repeat(60));
  await mkdir(deep, { recursive: true });
  const conmon = await fakeConmon(join(deep, "attach"));
  try {
    const path = join(deep, "attach");
    assert.ok(Buffer.byteLength(path) > 108);
    const conn = await seqpacketConnector(path);
    const server = await conmon.client;
    const out = conn.output[Symbol.asyncIterator]();
    const got = conmon.received[Symbol.asyncIterator]();
    server.write(Buffer.from("\x02hello\n"));
    server.write(Buffer.from("\x03warn\n"));
    assert.deepEqual(await take<AttachPacket>(out), { stream: "stdout", data: Buffer.from("hello\n") });
    assert.deepEqual(await take<AttachPacket>(out), { stream: "stderr", data: Buffer.from("warn\n") });
    await conn.write(Buffer.from("echo hi\n"));
    assert.equal(await take(got), "echo hi\n");
    await conn.endInput();
    assert.equal(await take(got), "<EOF>");
    server.write(Buffer.from("\x02after stdin closed\n"));
    assert.equal((await take<AttachPacket>(out)).data.toString(), "after stdin closed\n");
    server.destroy(); // conmon exits
    assert.equal((await out.next()).done, true);
    await conn.write(Buffer.from("dropped")); // resolves, nothing to write to
    conn.close();
  } finally {
    conmon.close();
    await rm(base, { recursive: true, force: true });
  }
});

test("the real connector rejects when there is no socket, or nobody listens on it", async () => {
  const dir = await mkdtemp(join(tmpdir(), "bt-attach-"));
  try {
    await assert.rejects(seqpacketConnector(join(dir, "attach")));
    const stale = await fakeConmon(join(dir, "stale"));
    stale.close();
    await assert.rejects(seqpacketConnector(join(dir, "stale")));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("close() ends the output at once, dropping what was queued", async () => {
  const dir = await mkdtemp(join(tmpdir(), "bt-attach-"));
  const conmon = await fakeConmon(join(dir, "attach"));
  try {
    const conn = await seqpacketConnector(join(dir, "attach"));
    const server = await conmon.client;
    const out = conn.output[Symbol.asyncIterator]();
    server.write(Buffer.from("\x02one"));
    assert.equal((await take<AttachPacket>(out)).data.toString(), "one");
    const pending = out.next();
    conn.close();
    assert.equal((await pending).done, true);
  } finally {
    conmon.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test("the fake: one connection per listen, ENOENT otherwise; records stdin and half-close", async () => {
  const sockets = new FakeAttachSockets();
  await assert.rejects(sockets.connect("/x/attach"), /No such file/);
  const server = sockets.listen("/x/attach");
  const conn = await sockets.connect("/x/attach");
  await conn.write(Buffer.from("ab"));
  await conn.write(Buffer.from("c"));
  await conn.endInput();
  assert.equal(server.stdinText, "abc");
  assert.equal(server.inputEnded, true);
  server.emit("stdout", "x");
  server.hangUp();
  const got: string[] = [];
  for await (const p of conn.output) got.push(`${p.stream}:${p.data.toString()}`);
  assert.deepEqual(got, ["stdout:x"]);
  await assert.rejects(sockets.connect("/x/attach"));
  assert.deepEqual(sockets.attempts, ["/x/attach", "/x/attach", "/x/attach"]);
});
