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
  assert.deepEqual(before, ["containers", "endpoints", "meta", "networks", "schema_migrations"]);
  assert.equal(migrate(db), MIGRATIONS.length);
  assert.deepEqual(tables(db), before);
  const ledger = db.prepare<[], number>("SELECT count(*) FROM schema_migrations").pluck().get();
  assert.equal(ledger, MIGRATIONS.length);
}));

test("a later migration adds a table and keeps existing rows (the path a future images table takes)", withDb((db) => {
  migrate(db);
  const n = fullBridge("survivor");
  sqliteNetworkRepo(db).insert(n);
  const images: Migration = {
    version: MIGRATIONS.length + 1,
    name: "images",
    up: (d) => d.exec("CREATE TABLE images (id TEXT PRIMARY KEY) STRICT"),
  };
  assert.equal(migrate(db, [...MIGRATIONS, images]), MIGRATIONS.length + 1);
  assert.ok(tables(db).includes("images"));
  assert.deepStrictEqual(sqliteNetworkRepo(db).get(n.id), n);
  // The older code now meets a newer database.
  const [newer, older] = [MIGRATIONS.length + 1, MIGRATIONS.length];
  assert.throws(() => migrate(db), systemMatching(new RegExp(`schema version ${newer} is newer than this berthd supports \\(${older}\\)`)));
}));

test("version 1 to 2: networks kept, containers and endpoints added, ledger records both", withDb((db) => {
  assert.equal(migrate(db, MIGRATIONS.slice(0, 1)), 1);
  assert.deepEqual(tables(db), ["meta", "networks", "schema_migrations"]);
  const n = fullBridge("v1-network");
  sqliteNetworkRepo(db).insert(n);
  assert.equal(migrate(db), 2);
  assert.deepEqual(tables(db), ["containers", "endpoints", "meta", "networks", "schema_migrations"]);
  assert.deepStrictEqual(sqliteNetworkRepo(db).all(), [n]);
  const names = db.prepare<[], string>("SELECT name FROM schema_migrations ORDER BY version").pluck().all();
  assert.deepEqual(names, ["networks and meta", "containers and endpoints"]);
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
