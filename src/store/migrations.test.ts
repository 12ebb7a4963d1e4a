import assert from "node:assert/strict";
import { test } from "node:test";
import Database from "better-sqlite3";
import { isBerthError } from "../lib/errors.js";
import { MIGRATIONS, migrate, schemaVersion, type Db, type Migration } from "./migrations.js";
import { fullBridge } from "./network-samples.js";
import { sqliteNetworkRepo } from "./network-repo.js";

function withDb(fn: (db: Db) => void): () => void {
  return () => {
    const db = new Database(":memory:");
    try {
      fn(db);
    } finally {
      db.close();
    }
  };
}

const tables = (db: Db): string[] =>
  db.prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all();

const systemMatching = (re: RegExp) => (e: unknown) => isBerthError(e, "System") && re.test(e.message);

test("an empty database is brought to the latest version; migrating again changes nothing", withDb((db) => {
  assert.equal(schemaVersion(db), 0);
  assert.equal(migrate(db), MIGRATIONS.length);
  const before = tables(db);
  assert.deepEqual(before, ["meta", "networks", "schema_migrations"]);
  assert.equal(migrate(db), MIGRATIONS.length);
  assert.deepEqual(tables(db), before);
  const ledger = db.prepare<[], number>("SELECT count(*) FROM schema_migrations").pluck().get();
  assert.equal(ledger, MIGRATIONS.length);
}));

test("a later migration adds a table and keeps existing rows (the containers/endpoints path)", withDb((db) => {
  migrate(db);
  const n = fullBridge("survivor");
  sqliteNetworkRepo(db).insert(n);
  const endpoints: Migration = {
    version: MIGRATIONS.length + 1,
    name: "endpoints",
    up: (d) => d.exec("CREATE TABLE endpoints (id TEXT PRIMARY KEY, network_id TEXT NOT NULL REFERENCES networks (id)) STRICT"),
  };
  assert.equal(migrate(db, [...MIGRATIONS, endpoints]), MIGRATIONS.length + 1);
  assert.ok(tables(db).includes("endpoints"));
  assert.deepStrictEqual(sqliteNetworkRepo(db).get(n.id), n);
  // The older code now meets a newer database.
  assert.throws(() => migrate(db), systemMatching(/schema version 2 is newer than this berthd supports \(1\)/));
}));

test("a failing migration is rolled back whole and the previous version stays", withDb((db) => {
  migrate(db);
  const broken: Migration = {
    version: MIGRATIONS.length + 1,
    name: "broken",
    up: (d) => d.exec("CREATE TABLE half_done (x INTEGER) STRICT; INSERT INTO no_such_table VALUES (1)"),
  };
  assert.throws(() => migrate(db, [...MIGRATIONS, broken]), /no such table: no_such_table/);
  assert.equal(schemaVersion(db), MIGRATIONS.length);
  assert.ok(!tables(db).includes("half_done"));
}));

test("a shipped migration whose name changed is refused", withDb((db) => {
  migrate(db);
  const renamed = MIGRATIONS.map((m) => (m.version === 1 ? { ...m, name: "renamed" } : m));
  assert.throws(
    () => migrate(db, renamed),
    systemMatching(/^database migration 1 is "networks and meta" but this berthd expects "renamed"$/),
  );
}));

test("a migration list with a gap is refused before touching the database", withDb((db) => {
  const gap: Migration[] = [{ version: 2, name: "two", up: () => undefined }];
  assert.throws(() => migrate(db, gap), systemMatching(/^migration "two" has version 2, expected 1$/));
  assert.deepEqual(tables(db), []);
}));
