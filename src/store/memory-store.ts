/**
 * The in-memory store for unit tests: the same SQLite code on a private ":memory:" database,
 * so constraints (unique names, foreign keys), transactions and migrations behave exactly as
 * on disk. Each call returns a new, empty, migrated database; it is gone when closed. Opening
 * costs well under a millisecond.
 */
import Database from "better-sqlite3";
import { MIGRATIONS, migrate, type Db } from "./migrations.js";
import { openSqliteStore, sqliteStoreOn } from "./sqlite-store.js";
import type { Store } from "./store.js";

export function openMemoryStore(): Store {
  return openSqliteStore(":memory:");
}

/**
 * For migration tests: a new memory database brought only to schema `version` (the first
 * `version` migrations), handed to `seed` to write rows as a berthd of that version would,
 * then opened as a Store, which applies the remaining migrations.
 */
export function openMemoryStoreFrom(version: number, seed: (db: Db) => void): Store {
  const db = new Database(":memory:");
  try {
    db.pragma("foreign_keys = ON");
    migrate(db, MIGRATIONS.slice(0, version));
    seed(db);
  } catch (e) {
    db.close();
    throw e;
  }
  return sqliteStoreOn(db, ":memory:");
}
