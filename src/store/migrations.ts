/**
 * Schema migrations: an ordered list of functions, each applied once, in its own IMMEDIATE
 * transaction together with its row in `schema_migrations`, so a crash mid-migration leaves
 * the previous version intact. Opening the same database again applies nothing (idempotent).
 * A database that records a version this code does not know (written by a newer berthd) is
 * refused rather than used, because the code cannot know what that version changed.
 *
 * To add tables (images...), append a migration; see store.ts. Never edit
 * or renumber a shipped migration. A migration that must rebuild a table (SQLite's 12-step
 * ALTER) has to run with foreign_keys OFF, which cannot change inside a transaction: give
 * Migration a flag for that when the first such migration appears.
 */
import type Database from "better-sqlite3";
import { systemError } from "../lib/errors.js";

export type Db = Database.Database;

export interface Migration {
  /** 1, 2, 3... without gaps, in list order. */
  readonly version: number;
  /** Short description; stored, and checked on every open. */
  readonly name: string;
  readonly up: (db: Db) => void;
}

const V1_NETWORKS_AND_META = `
  CREATE TABLE networks (
    id      TEXT NOT NULL PRIMARY KEY CHECK (id <> ''),
    name    TEXT NOT NULL CHECK (name <> ''),
    driver  TEXT NOT NULL,
    created TEXT NOT NULL,
    doc     TEXT NOT NULL CHECK (json_valid(doc) AND json_type(doc) = 'object')
  ) STRICT;
  CREATE UNIQUE INDEX networks_name ON networks (name);
  CREATE TABLE meta (
    key   TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
  ) STRICT, WITHOUT ROWID;
`;

/**
 * Containers and their live endpoints. endpoints.network_id has no foreign key on purpose
 * (store.ts explains); endpoints_network serves byNetwork, and the UNIQUE index on
 * (container_id, network_id) serves byContainer and the foreign key's cascade.
 */
const V2_CONTAINERS_AND_ENDPOINTS = `
  CREATE TABLE containers (
    id       TEXT NOT NULL PRIMARY KEY CHECK (id <> ''),
    name     TEXT NOT NULL CHECK (name <> ''),
    created  TEXT NOT NULL,
    image_id TEXT NOT NULL,
    doc      TEXT NOT NULL CHECK (json_valid(doc) AND json_type(doc) = 'object')
  ) STRICT;
  CREATE UNIQUE INDEX containers_name ON containers (name);
  CREATE TABLE endpoints (
    id           TEXT NOT NULL PRIMARY KEY CHECK (id <> ''),
    container_id TEXT NOT NULL REFERENCES containers (id) ON DELETE CASCADE,
    network_id   TEXT NOT NULL CHECK (network_id <> ''),
    doc          TEXT NOT NULL CHECK (json_valid(doc) AND json_type(doc) = 'object')
  ) STRICT;
  CREATE UNIQUE INDEX endpoints_container_network ON endpoints (container_id, network_id);
  CREATE INDEX endpoints_network ON endpoints (network_id);
`;

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: "networks and meta", up: (db) => db.exec(V1_NETWORKS_AND_META) },
  { version: 2, name: "containers and endpoints", up: (db) => db.exec(V2_CONTAINERS_AND_ENDPOINTS) },
];

const CREATE_LEDGER = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER NOT NULL PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`;

interface LedgerRow {
  readonly version: number;
  readonly name: string;
}

/**
 * Brings the database up to the last migration in `migrations` and returns the resulting
 * schema version. Throws System when the database is newer than the code, or when an applied
 * migration's name differs from the code's (a database from another branch or build).
 */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): number {
  checkList(migrations);
  db.exec(CREATE_LEDGER);
  checkApplied(appliedMigrations(db), migrations);
  for (const m of migrations) {
    db.transaction(() => {
      // Re-read inside the write lock: another connection may have applied it meanwhile.
      if (appliedMigrations(db).some((r) => r.version === m.version)) return;
      m.up(db);
      db.prepare(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
      ).run(m.version, m.name);
    }).immediate();
  }
  return schemaVersion(db);
}

/** The highest applied migration, or 0 for a database never migrated. */
export function schemaVersion(db: Db): number {
  const ledger = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'").get();
  return ledger === undefined ? 0 : (appliedMigrations(db).at(-1)?.version ?? 0);
}

function appliedMigrations(db: Db): LedgerRow[] {
  return db.prepare<[], LedgerRow>("SELECT version, name FROM schema_migrations ORDER BY version").all();
}

function checkList(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw systemError(`migration "${m.name}" has version ${m.version}, expected ${i + 1}`);
    }
  });
}

function checkApplied(applied: readonly LedgerRow[], migrations: readonly Migration[]): void {
  const latest = migrations.length;
  const newest = applied.at(-1)?.version ?? 0;
  if (newest > latest) {
    throw systemError(
      `database schema version ${newest} is newer than this berthd supports (${latest}); ` +
        "upgrade berthd or use another data root",
    );
  }
  for (const row of applied) {
    const known = migrations[row.version - 1];
    if (known === undefined || known.name !== row.name) {
      throw systemError(
        `database migration ${row.version} is "${row.name}" but this berthd expects "${known?.name ?? "none"}"`,
      );
    }
  }
}
