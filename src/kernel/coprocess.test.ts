import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Coprocess, CoprocessError } from "./coprocess.js";
import { exec } from "./exec.js";
import { toyProtocol } from "./fake-children.js";

/** Running, not a zombie (an orphan waits for init to reap it, which can take a while). */
const alive = (pid: number | undefined): boolean => {
  if (pid === undefined) return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
};

async function until(cond: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 5));
  }
}

function isCoprocessError(failure: string, stderr?: RegExp) {
  return (e: unknown): boolean => {
    assert.ok(e instanceof CoprocessError, `expected a CoprocessError, got ${String(e)}`);
    assert.equal(e.failure, failure);
    if (stderr) assert.match(e.stderr, stderr);
    return true;
  };
}

test("stderr before the marker belongs to the request; line numbers count the child's input", async (t) => {
  const co = new Coprocess(toyProtocol);
  t.after(() => co.close());
  assert.deepEqual(await co.request("ok\nerr first\nok\nerr second\n"), { stderr: "first\nsecond\n", firstLine: 1 });
  assert.deepEqual(await co.request("ok\n"), { stderr: "", firstLine: 6 }, "nothing of the previous request leaks in");
  assert.deepEqual(await co.request("frag split across writes"), { stderr: "split across writes\n", firstLine: 8 });
  assert.equal(co.starts, 1);
});

test("stdout is drained: a chatty child does not block on a full pipe", async (t) => {
  const co = new Coprocess(toyProtocol, { timeoutMs: 5000 });
  t.after(() => co.close());
  assert.equal((await co.request("big 1000000\nerr after\n")).stderr, "after\n");
});

test("a child that dies fails its request with its stderr; the next request starts a new child", async (t) => {
  const co = new Coprocess(toyProtocol);
  t.after(() => co.close());
  await co.request("ok");
  const first = co.pid;
  await assert.rejects(co.request("err before\ndie 3\nerr never\n"), (e: unknown) => {
    isCoprocessError("exited", /^before\ndying\n$/)(e);
    assert.equal((e as CoprocessError).code, 3);
    return true;
  });
  assert.deepEqual(await co.request("err again"), { stderr: "again\n", firstLine: 1 }, "fresh child, lines count from 1");
  assert.equal(co.starts, 2);
  assert.notEqual(co.pid, first);
});

test("a request that times out fails, its child is killed, the next request gets a new child", async (t) => {
  const co = new Coprocess(toyProtocol, { timeoutMs: 150 });
  t.after(() => co.close());
  await co.request("ok");
  const hung = co.pid;
  await assert.rejects(co.request("err partial\nhang\n"), isCoprocessError("timeout", /^partial\n$/));
  await until(() => !alive(hung));
  assert.deepEqual(await co.request("err fine"), { stderr: "fine\n", firstLine: 1 });
  assert.equal(co.starts, 2);
});

test("a binary that cannot start fails each request with a typed error, without hanging", async () => {
  const co = new Coprocess({ ...toyProtocol, argv: ["/nonexistent/berth-no-such-binary"] });
  await assert.rejects(co.request("ok"), isCoprocessError("exited"));
  await assert.rejects(co.request("ok"), isCoprocessError("exited"));
  await co.close();
});

test("concurrent requests are serialised: each reply carries only its own stderr", async (t) => {
  const co = new Coprocess(toyProtocol);
  t.after(() => co.close());
  const replies = await Promise.all(
    Array.from({ length: 25 }, (_, i) => co.request(`err start ${i}\n${i % 5 === 0 ? "sleep 0.01\n" : ""}err end ${i}\n`)),
  );
  replies.forEach((r, i) => assert.equal(r.stderr, `start ${i}\nend ${i}\n`));
});

test("exclusive(): no other request runs between the round trips of one job", async (t) => {
  const co = new Coprocess(toyProtocol);
  t.after(() => co.close());
  const order: string[] = [];
  const job = (name: string) => co.exclusive(async (send) => {
    for (let i = 0; i < 3; i++) {
      await send(`sleep 0.01\nerr ${name}${i}`);
      order.push(`${name}${i}`);
    }
  });
  const a = job("a");
  const single = co.request("err single").then(() => order.push("single"));
  await Promise.all([a, single, job("b")]);
  assert.deepEqual(order, ["a0", "a1", "a2", "single", "b0", "b1", "b2"]);
  let leaked: ((text: string) => Promise<unknown>) | undefined;
  await co.exclusive(async (send) => void (leaked = send));
  await assert.rejects(leaked?.("ok") ?? Promise.resolve(), /outside its exclusive\(\) job/);
});

test("close() lets queued requests finish, ends the child, and refuses later requests", async () => {
  const co = new Coprocess(toyProtocol);
  const queued = co.request("sleep 0.05\nerr queued");
  await co.close();
  assert.equal((await queued).stderr, "queued\n");
  assert.equal(co.pid, undefined);
  await assert.rejects(co.request("ok"), isCoprocessError("closed"));
});

test("an idle co-process does not keep its owner alive, and its child goes with it", async () => {
  const url = new URL("./coprocess.js", import.meta.url).href;
  const toy = new URL("./fake-children.js", import.meta.url).href;
  const script = [
    `const { Coprocess } = await import(${JSON.stringify(url)});`,
    `const { toyProtocol } = await import(${JSON.stringify(toy)});`,
    "const co = new Coprocess(toyProtocol);",
    'await co.request("ok");',
    "console.log(co.pid);",
  ].join("\n");
  const t0 = Date.now();
  const { stdout } = await exec([process.execPath, "--input-type=module", "-e", script], { timeoutMs: 5000 });
  assert.ok(Date.now() - t0 < 4000, "the owner exited by itself");
  const pid = Number(stdout.trim());
  assert.ok(pid > 0);
  await until(() => !alive(pid));
});

test("idleMs: an unused child is ended, and the next request starts a new one", async (t) => {
  const co = new Coprocess(toyProtocol, { idleMs: 50 });
  t.after(() => co.close());
  await co.request("ok");
  const first = co.pid;
  assert.ok(alive(first));
  await co.request("sleep 0.08\nerr busy"); // a request longer than idleMs does not lose its child
  assert.equal(co.pid, first);
  await until(() => co.pid === undefined && !alive(first));
  assert.deepEqual(await co.request("err again"), { stderr: "again\n", firstLine: 1 });
  assert.equal(co.starts, 2);
});
