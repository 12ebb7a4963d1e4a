/**
 * The SQLite store (better-sqlite3, synchronous). One connection per daemon.
 *
 * Durability: journal_mode=WAL with synchronous=NORMAL. A commit is appended to the WAL and
 * handed to the OS before the call returns, but the WAL is fsync'ed only at checkpoints. So
 * every committed transaction survives the *process* dying at any moment (kill -9, OOM kill,
 * a crash in native code): the data is in the kernel's page cache and SQLite recovers it from
 * the WAL on the next open. What NORMAL gives up is the last few transactions on an OS crash
 * or power loss; the database stays consistent even then (never corrupt, just older). That is
 * the trade we want: desired state is re-derived by the reconciler at startup, and a machine
 * that lost power has also lost every kernel object the lost transactions described.
 * synchronous=FULL would fsync on every commit to also cover power loss.
 *
 * Exclusive use: with `{ exclusive: true }` (the daemon) the connection sets
 * locking_mode=EXCLUSIVE before entering WAL (so the WAL index lives in heap memory, no -shm
 * file) and runs an empty IMMEDIATE transaction, which takes the file lock; EXCLUSIVE mode
 * keeps it until close(). The lock is a POSIX advisory lock, so the kernel drops it when the
 * process dies, however it dies. The busy timeout is 0, so a second opener (another process,
 * or another connection in this one) fails at once with Unavailable instead of waiting.
 */
import Database from "better-sqlite3";
import { messageOf, systemError, unavailable } from "../lib/errors.js";
import { sqliteContainerRepo } from "./container-repo.js";
import { sqliteEndpointRepo } from "./endpoint-repo.js";
import { sqliteMetaRepo } from "./meta-repo.js";
import { migrate, type Db } from "./migrations.js";
import { sqliteNetworkRepo } from "./network-repo.js";
import { isLockError } from "./sqlite-errors.js";
import type { Store } from "./store.js";

export interface SqliteStoreOptions {
  /** Hold an exclusive lock on the database until close() (the daemon sets this). Default false. */
  readonly exclusive?: boolean;
  /** How long a non-exclusive opener waits for a lock held by another connection. Default 5000 ms. */
  readonly busyTimeoutMs?: number;
}

/**
 * Opens (creating if absent) the database file at `path` and migrates it. The parent directory
 * must exist (the daemon creates its root). Throws Unavailable when another connection holds
 * the database locked, System for anything else (including a schema newer than this code).
 */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): Store {
  const exclusive = options.exclusive ?? false;
  let db: Db;
  try {
    db = new Database(path, { timeout: exclusive ? 0 : (options.busyTimeoutMs ?? 5000) });
  } catch (e) {
    throw systemError(`cannot open store ${path}: ${messageOf(e)}`, e);
  }
  return sqliteStoreOn(db, path, exclusive);
}

/**
 * Configures and migrates an open connection and builds the Store on it; closes it on
 * failure. `openSqliteStore` uses it, and so do migration tests that first bring a
 * connection to an older schema (see memory-store.ts). `path` only names it in errors.
 */
export function sqliteStoreOn(db: Db, path: string, exclusive = false): Store {
  try {
    configure(db, exclusive);
    migrate(db);
    return buildStore(db);
  } catch (e) {
    db.close();
    if (isLockError(e)) throw unavailable(`another berthd is already using ${path}`, e);
    throw systemError(`cannot open store ${path}: ${messageOf(e)}`, e);
  }
}

function configure(db: Db, exclusive: boolean): void {
  if (exclusive) db.pragma("locking_mode = EXCLUSIVE");
  const mode = db.pragma("journal_mode = WAL", { simple: true });
  // An in-memory database reports "memory": there is no file to journal.
  if (!db.memory && mode !== "wal") throw systemError(`journal_mode is ${String(mode)}, expected wal`);
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  if (exclusive) db.exec("BEGIN IMMEDIATE; COMMIT");
}

function buildStore(db: Db): Store {
  return {
    networks: sqliteNetworkRepo(db),
    meta: sqliteMetaRepo(db),
    containers: sqliteContainerRepo(db),
    endpoints: sqliteEndpointRepo(db),
    tx<T>(fn: () => T): T {
      // IMMEDIATE: take the write lock at BEGIN, so a transaction never fails half-way on
      // upgrading a read lock. Nested calls run as savepoints.
      return db
        .transaction(() => {
          const result = fn();
          if (isThenable(result)) {
            result.then(undefined, () => undefined); // refused below; do not also report it as unhandled
            throw systemError("store: tx callback returned a promise; transactions must be synchronous");
          }
          return result;
        })
        .immediate();
    },
    close() {
      if (db.open) db.close();
    },
  };
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return (typeof v === "object" || typeof v === "function") && v !== null && "then" in v && typeof v.then === "function";
}
