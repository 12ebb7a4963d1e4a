import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { isBerthError } from "../lib/errors.js";
import { CURRENT_NETNS, netnsAt } from "./exec.js";
import { fakeNftSpawn } from "./fake-children.js";
import { createNftOps } from "./nft.js";
import { markerCommand, nftProtocol, NftSession } from "./nft-session.js";
import { scriptedExec } from "./scripted-exec.js";

function scratch(t: TestContext): string {
  const dir = mkdtempSync(path.join(tmpdir(), "berth-nftses-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const logOf = (file: string): string => {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
};

test("nftProtocol: the marker is a table name nft refuses; the reply ends after its caret line", () => {
  const m = markerCommand("ab12-3");
  assert.match(m, /^list table inet berth_sync_ab12_3_x+$/);
  assert.ok(m.length - "list table inet ".length > 256);
  assert.equal(nftProtocol.marker("ab12-3", 1), `${m}\n`);
  const lines = ["Error: Could not process rule", "add rule x", "^^^", "Error: name too long, 256 characters maximum allowed", m];
  assert.equal(nftProtocol.requestLines(lines, "ab12-3", 9), undefined, "wait for the caret line");
  assert.equal(nftProtocol.requestLines([...lines, "^^^^"], "ab12-3", 9), 3);
  assert.equal(nftProtocol.requestLines([...lines, "^^^^"], "other-1", 9), undefined);
});

test("NftSession.apply: one include of a private file, removed afterwards; errors are nft's", async (t) => {
  const log = path.join(scratch(t), "applied");
  const session = new NftSession({ spawn: fakeNftSpawn(log) });
  t.after(() => session.close());
  await session.apply("table inet a {\n}\n");
  assert.equal(logOf(log), "table inet a {\n}\n");
  await assert.rejects(session.apply("FAIL\n"), (e: unknown) => {
    assert.ok(e instanceof Error && "stderr" in e);
    assert.equal(e.stderr, "script:1:1-4: Error: Could not process rule: No such file or directory\nFAIL\n^^^^\n");
    return true;
  });
  await session.apply("table inet b {\n}\n");
  assert.equal(logOf(log), "table inet a {\n}\ntable inet b {\n}\n", "a failure does not spill into the next apply");
  assert.equal(session.starts, 1);
});

test("NftSession: its own directory is 0700, empty between applies, and removed on close", async (t) => {
  const log = path.join(scratch(t), "applied");
  const before = new Set(readdirSync(tmpdir()));
  const session = new NftSession({ spawn: fakeNftSpawn(log) });
  await session.apply("table inet a {\n}\n");
  const made = readdirSync(tmpdir()).filter((d) => d.startsWith("berth-nft-") && !before.has(d));
  assert.equal(made.length, 1);
  const dir = path.join(tmpdir(), made[0] ?? "");
  assert.equal(statSync(dir).mode & 0o777, 0o700);
  assert.deepEqual(readdirSync(dir), []);
  await session.close();
  assert.throws(() => statSync(dir), /ENOENT/);
});

test("NftSession: a given directory must be private; it is kept on close", async (t) => {
  const base = scratch(t);
  const open = path.join(base, "open");
  mkdirSync(open, { mode: 0o755 });
  const bad = new NftSession({ dir: open, spawn: fakeNftSpawn(path.join(base, "log")) });
  await assert.rejects(bad.apply("x\n"), (e: unknown) => isBerthError(e, "System") && /mode 0700/.test(e.message));
  await bad.close();
  const mine = path.join(base, "mine");
  const good = new NftSession({ dir: mine, spawn: fakeNftSpawn(path.join(base, "log")) });
  await good.apply("table inet a {\n}\n");
  await good.close();
  assert.equal(statSync(mine).mode & 0o777, 0o700);
});

test("createNftOps with a session: scripts for its namespace go through it, others spawn nft -f -", async (t) => {
  const log = path.join(scratch(t), "applied");
  const session = new NftSession({ spawn: fakeNftSpawn(log) });
  t.after(() => session.close());
  const s = scriptedExec(() => "");
  const ops = createNftOps(s.exec, { session });
  await ops.apply("table inet a {\n}\n");
  await ops.deleteTable("inet", "a");
  assert.equal(logOf(log), "table inet a {\n}\nadd table inet a\ndelete table inet a\n");
  assert.equal(s.calls.length, 0);
  await assert.rejects(ops.apply("FAIL\n", CURRENT_NETNS), (e: unknown) => isBerthError(e, "System") && /^nft apply failed: script:1:1-4: Error/.test(e.message));
  await ops.apply("table inet b {\n}\n", netnsAt("/run/netns/bt-x"));
  assert.deepEqual(s.calls.map((c) => [c.argv.join(" "), c.stdin]), [["nft -f -", "table inet b {\n}\n"]]);
});

test("NftSession: concurrent applies reach nft in call order, whatever their size", async (t) => {
  const log = path.join(scratch(t), "applied");
  const session = new NftSession({ spawn: fakeNftSpawn(log) });
  t.after(() => session.close());
  const big = `# ${"x".repeat(2_000_000)}\ntable inet big {\n}\n`;
  await Promise.all([session.apply(big), session.apply("table inet s1 {\n}\n"), session.apply("table inet s2 {\n}\n")]);
  const tablesInLog = logOf(log).split("\n").filter((l) => l.startsWith("table"));
  assert.deepEqual(tablesInLog, ["table inet big {", "table inet s1 {", "table inet s2 {"]);
});
