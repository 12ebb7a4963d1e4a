/**
 * The store: Berth's desired state (networks now; containers, endpoints and images later),
 * persisted in SQLite. The engine is the only caller; it reads and writes domain types and
 * never sees SQL. Every method is synchronous (better-sqlite3), so one engine operation can
 * group several changes in `tx` without interleaving with another request.
 *
 * Storage layout (see migrations.ts):
 * - `schema_migrations(version, name, applied_at)`: one row per applied migration.
 * - `networks(id, name UNIQUE, driver, created, doc)`: real columns for what we look up or
 *   index by, the rest of the Network (flags, options, labels, IPAM) as a JSON object in `doc`.
 * - `meta(key, value)`: small daemon facts (host id, default-bridge settings...).
 *
 * How a later issue adds containers, endpoints and images without touching what exists:
 * 1. Append a migration to MIGRATIONS in migrations.ts with the next version number, e.g.
 *    `{ version: 2, name: "containers", up: (db) => db.exec("CREATE TABLE containers (...)") }`.
 *    Never edit or renumber a migration that has shipped: a database records the versions
 *    (and names) it has applied, and a changed name is refused at open.
 * 2. Endpoints reference both sides with foreign keys (foreign_keys is ON for every
 *    connection), e.g. `network_id TEXT NOT NULL REFERENCES networks(id) ON DELETE RESTRICT,
 *    container_id TEXT NOT NULL REFERENCES containers(id) ON DELETE CASCADE`. Then
 *    `networks.remove` of a network that still has endpoints fails in the database; map that
 *    constraint error (SQLITE_CONSTRAINT_FOREIGNKEY) in network-repo.ts to Docker's
 *    "has active endpoints" error.
 * 3. Add a repository interface here (ContainerRepo, EndpointRepo, ImageRepo), implement it in
 *    its own file beside network-repo.ts with its own codec, and add a readonly field to
 *    Store; `buildStore` in sqlite-store.ts wires it. The memory store gets it for free.
 * 4. A change to a stored JSON shape is also a migration (`UPDATE networks SET doc =
 *    json_set(doc, '$.newField', ...)`), so the decoder only ever sees the current shape.
 */
import type { NetworkId } from "../lib/ids.js";
import type { Network } from "../model/network.js";

export interface NetworkRepo {
  /** Every network, ordered by creation time, then id. */
  all(): Network[];
  get(id: NetworkId): Network | undefined;
  /** Networks with exactly this name (names are unique, so zero or one). */
  byName(name: string): Network[];
  /**
   * Adds a network. Throws Conflict `network with name <name> already exists` when the name
   * is taken (enforced by the database's UNIQUE index) and Conflict when the id is taken.
   */
  insert(n: Network): void;
  /** Replaces the stored network with the same id. Throws NotFound or Conflict (name taken). */
  update(n: Network): void;
  /** Deletes by id; false when there was nothing to delete. */
  remove(id: NetworkId): boolean;
}

/** Small string facts kept by the daemon, e.g. the host id or default-bridge settings. */
export interface MetaRepo {
  get(key: string): string | undefined;
  /** Inserts or replaces. */
  set(key: string, value: string): void;
}

export interface Store {
  readonly networks: NetworkRepo;
  readonly meta: MetaRepo;
  /**
   * Runs `fn` in one transaction: committed when it returns, rolled back (and the error
   * rethrown) when it throws. Nested calls become savepoints. `fn` must be synchronous; a
   * returned promise is refused and the transaction rolled back.
   */
  tx<T>(fn: () => T): T;
  /** Closes the connection (and releases the exclusive lock, if held). Idempotent. */
  close(): void;
}
