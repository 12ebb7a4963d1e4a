/**
 * The in-memory store for unit tests: the same SQLite code on a private ":memory:" database,
 * so constraints (unique names), transactions and migrations behave exactly as on disk. Each
 * call returns a new, empty, migrated database; it is gone when closed. Opening costs well
 * under a millisecond.
 */
import { openSqliteStore } from "./sqlite-store.js";
import type { Store } from "./store.js";

export function openMemoryStore(): Store {
  return openSqliteStore(":memory:");
}
