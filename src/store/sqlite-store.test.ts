import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import Database from "better-sqlite3";
import { fullContainer, sampleEndpoint } from "./container-samples.js";
import { MIGRATIONS, migrate, schemaVersion } from "./migrations.js";
import { sqliteNetworkRepo } from "./network-repo.js";
import { fullBridge } from "./network-samples.js";
import { openSqliteStore, type SqliteStoreOptions } from "./sqlite-store.js";
import { assertBerthError, storeSuite, type StorageLocation } from "./store-suite.js";
import type { OpenStoreFrom } from "./suite-helpers.js";

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tmpDbPath(): string {
  const dir = mkdtempSync(join(tmpdir(), "berth-store-"));
  dirs.push(dir);
  return join(dir, "berth.db");
}

function raw<T>(path: string, fn: (db: Database.Database) => T): T {
  const db = new Database(path);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

function location(options: SqliteStoreOptions = {}): StorageLocation {
  const path = tmpDbPath();
  return {
    open: () => openSqliteStore(path, options),
    appliedVersions: () =>
      raw(path, (db) => db.prepare<[], number>("SELECT version FROM schema_migrations ORDER BY version").pluck().all()),
    recordMigration: (version, name) =>
      raw(path, (db) => db.prepare("INSERT INTO schema_migrations VALUES (?, ?, 'now')").run(version, name)),
  };
}

/** A database file written by a berthd that knew only the first `version` migrations, then reopened. */
function openFrom(options: SqliteStoreOptions = {}): OpenStoreFrom {
  return (version, seed) => {
    const path = tmpDbPath();
    raw(path, (db) => {
      db.pragma("journal_mode = WAL");
      migrate(db, MIGRATIONS.slice(0, version));
      seed(sqliteNetworkRepo(db), schemaVersion(db));
    });
    return openSqliteStore(path, options);
  };
}

storeSuite("sqlite file store", () => openSqliteStore(tmpDbPath()), { openFrom: openFrom(), location });
storeSuite("sqlite file store (exclusive)", () => openSqliteStore(tmpDbPath(), { exclusive: true }), {
  openFrom: openFrom({ exclusive: true }),
  location: () => location({ exclusive: true }),
});

test("the database file is in WAL mode", () => {
  const path = tmpDbPath();
  const s = openSqliteStore(path);
  s.networks.insert(fullBridge("w"));
  s.close();
  assert.equal(raw(path, (db) => db.pragma("journal_mode", { simple: true })), "wal");
});

test("an exclusive store locks out every other connection until it is closed", () => {
  const path = tmpDbPath();
  const holder = openSqliteStore(path, { exclusive: true });
  const text = `another berthd is already using ${path}`;
  try {
    assertBerthError(() => openSqliteStore(path, { exclusive: true }), "Unavailable", text);
    assertBerthError(() => openSqliteStore(path, { busyTimeoutMs: 0 }), "Unavailable", text);
    assert.equal(existsSync(`${path}-shm`), false, "exclusive WAL keeps its index in memory");
    holder.networks.insert(fullBridge("still-writable"));
  } finally {
    holder.close();
  }
  const next = openSqliteStore(path, { exclusive: true });
  assert.equal(next.networks.byName("still-writable").length, 1);
  next.close();
});

test("a missing parent directory is a System error naming the path", () => {
  const path = join(tmpDbPath(), "..", "no-such-dir", "berth.db");
  assertBerthError(() => openSqliteStore(path), "System", new RegExp(`^cannot open store ${path}: .*directory does not exist`));
});

test("a file that is not a database is a System error", () => {
  const path = tmpDbPath();
  writeFileSync(path, "this is not sqlite, just some text that is long enough to hold a header ".repeat(20));
  assertBerthError(() => openSqliteStore(path), "System", /^cannot open store .*not a database/);
});

test("a damaged network row is a System error naming the network", () => {
  const path = tmpDbPath();
  const n = fullBridge("damaged");
  const s = openSqliteStore(path);
  s.networks.insert(n);
  s.close();
  raw(path, (db) => db.prepare(`UPDATE networks SET doc = json_set(doc, '$.scope', 'galaxy') WHERE id = ?`).run(n.id));
  const again = openSqliteStore(path);
  try {
    assertBerthError(() => again.networks.get(n.id), "System", /^stored network [0-9a-f]{64} is unreadable: scope "galaxy"/);
    assertBerthError(() => again.networks.all(), "System", /is unreadable/);
  } finally {
    again.close();
  }
});

test("damaged container and endpoint rows are System errors naming the row", () => {
  const path = tmpDbPath();
  const net = fullBridge("n");
  const c = fullContainer("damaged");
  const e = sampleEndpoint(c, net.id);
  const s = openSqliteStore(path);
  s.containers.insert(c);
  s.endpoints.insert(e);
  s.close();
  raw(path, (db) => {
    db.prepare("UPDATE containers SET doc = json_set(doc, '$.state.status', 'zombie') WHERE id = ?").run(c.id);
    db.prepare("UPDATE endpoints SET doc = json_remove(doc, '$.hostVeth') WHERE id = ?").run(e.id);
  });
  const again = openSqliteStore(path);
  try {
    assertBerthError(() => again.containers.get(c.id), "System", new RegExp(`^stored container ${c.id} is unreadable: state.status "zombie"`));
    assertBerthError(() => again.containers.byName("damaged"), "System", /is unreadable/);
    assertBerthError(() => again.endpoints.byContainer(c.id), "System", `stored endpoint ${e.id} is unreadable: hostVeth is not a string`);
  } finally {
    again.close();
  }
});

test("the file's schema has the v2 tables, indexes and the cascading foreign key", () => {
  const path = tmpDbPath();
  openSqliteStore(path).close();
  raw(path, (db) => {
    const indexes = db.prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all();
    assert.deepEqual(indexes, ["containers_name", "endpoints_container_network", "endpoints_network", "networks_name"]);
    const fks = db.prepare<[], { table: string; from: string; on_delete: string }>("SELECT \"table\", \"from\", on_delete FROM pragma_foreign_key_list('endpoints')").all();
    assert.deepEqual(fks, [{ table: "containers", from: "container_id", on_delete: "CASCADE" }]);
  });
});
