/**
 * The daemon's root lock across real processes: a second berthd (here a `node -e` child that
 * calls openSqliteStore) must be refused while another process holds the database, and the
 * lock must go away, with every committed change kept, when the holder is killed with SIGKILL.
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { openSqliteStore } from "./sqlite-store.js";
import { assertBerthError } from "./store-suite.js";

const CHILD = `
const [storeUrl, samplesUrl, path, mode] = process.argv.slice(1);
const { openSqliteStore } = await import(storeUrl);
const { fullBridge } = await import(samplesUrl);
let store;
try {
  store = openSqliteStore(path, { exclusive: true });
} catch (e) {
  console.log(JSON.stringify({ kind: e.kind, message: e.message }));
  process.exit(0);
}
if (mode === "hold") {
  store.networks.insert(fullBridge("from-child"));
  store.meta.set("holder", "child");
  console.log("ready");
  setInterval(() => {}, 60_000); // hold the lock until killed
} else {
  store.close();
  console.log(JSON.stringify({ opened: true }));
}
`;

const dir = mkdtempSync(join(tmpdir(), "berth-lock-"));
const children: ChildProcess[] = [];
after(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

function startChild(path: string, mode: "try" | "hold"): ChildProcess {
  const url = (f: string): string => new URL(f, import.meta.url).href;
  const args = ["--input-type=module", "-e", CHILD, url("./sqlite-store.js"), url("./network-samples.js"), path, mode];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  return child;
}

/** Resolves with the child's first stdout line; rejects if it exits first or writes to stderr. */
function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf("\n");
      if (nl >= 0) resolve(out.slice(0, nl));
    });
    child.on("exit", (code, signal) => reject(new Error(`child exited (${code ?? signal}) before a line: ${err}`)));
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.on("exit", () => resolve()));
}

test("another process cannot open a database this process holds, and can once it is closed", { timeout: 15_000 }, async () => {
  const path = join(dir, "held-here.db");
  const holder = openSqliteStore(path, { exclusive: true });
  try {
    const refused = await firstLine(startChild(path, "try"));
    assert.deepEqual(JSON.parse(refused), { kind: "Unavailable", message: `another berthd is already using ${path}` });
  } finally {
    holder.close();
  }
  const opened = await firstLine(startChild(path, "try"));
  assert.deepEqual(JSON.parse(opened), { opened: true });
});

test("a database held by another process is refused here; SIGKILL frees it and keeps its commits", { timeout: 15_000 }, async () => {
  const path = join(dir, "held-there.db");
  const child = startChild(path, "hold");
  assert.equal(await firstLine(child), "ready");
  assertBerthError(() => openSqliteStore(path, { exclusive: true }), "Unavailable", `another berthd is already using ${path}`);
  assertBerthError(() => openSqliteStore(path, { busyTimeoutMs: 0 }), "Unavailable", `another berthd is already using ${path}`);

  child.kill("SIGKILL");
  await exited(child);
  assert.equal(child.signalCode, "SIGKILL");
  // The commits sit only in the WAL (no checkpoint ran): reopening must recover them from it.
  assert.ok(existsSync(`${path}-wal`) && statSync(`${path}-wal`).size > 0, "expected an un-checkpointed WAL");

  const store = openSqliteStore(path, { exclusive: true });
  try {
    assert.equal(store.networks.byName("from-child").length, 1);
    assert.equal(store.meta.get("holder"), "child");
  } finally {
    store.close();
  }
});
