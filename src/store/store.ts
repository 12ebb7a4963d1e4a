/**
 * The store: Berth's desired state (networks, containers) and the journal of what is realised
 * in the kernel (endpoints), persisted in SQLite. The engine is the only caller; it reads and
 * writes domain types and never sees SQL. Every method is synchronous (better-sqlite3), so one
 * engine operation can group several changes in `tx` without interleaving with another request.
 *
 * Storage layout (see migrations.ts):
 * - `schema_migrations(version, name, applied_at)`: one row per applied migration.
 * - `networks(id, name UNIQUE, driver, created, doc)`: real columns for what we look up or
 *   index by, the rest of the Network (flags, options, labels, IPAM) as a JSON object in `doc`.
 * - `meta(key, value)`: small daemon facts (host id, default-bridge settings...).
 * - `containers(id, name UNIQUE, created, image_id, doc)` (v2): doc holds config, hostConfig,
 *   attachments (the desired networks), state and restartCount.
 * - `endpoints(id, container_id -> containers ON DELETE CASCADE, network_id, doc)` (v2),
 *   UNIQUE(container_id, network_id): doc holds the live realisation (name, addresses, MAC,
 *   ifname, host veth, gateways), so after a crash the reconciler knows what to clean up or
 *   re-create. Removing a container row removes its endpoint rows: tear the kernel objects
 *   down first.
 *
 * Why endpoints.network_id has no foreign key to networks: the rule "a network with endpoints
 * cannot be removed" is Docker's, with its own 403 text naming the endpoints, and it has
 * exceptions the engine decides (`disconnect -f` of stale endpoints, the reconciler removing
 * an orphan). The engine enforces it with `endpoints.byNetwork`. A RESTRICT key would only
 * duplicate that check with a worse error, fire in places the engine did not plan for, and
 * would force the engine to delete an endpoint's row (its record of a veth and addresses)
 * before the kernel objects are gone; CASCADE would drop that record silently. So an endpoint
 * row always lasts until the engine has torn its objects down, and a reader (the reconciler)
 * must treat an endpoint whose network_id is no longer in `networks` as an orphan to remove.
 *
 * How a later issue adds tables (e.g. images) without touching what exists:
 * 1. Append a migration to MIGRATIONS in migrations.ts with the next version number, as
 *    migration 2 does. Never edit or renumber a migration that has shipped: a database
 *    records the versions (and names) it has applied, and a changed name is refused at open.
 * 2. Add a repository interface here, implement it in its own file (repo and codec per
 *    entity, as container-repo.ts / container-codec.ts), and add a readonly field to Store;
 *    `buildStore` in sqlite-store.ts wires it. The memory store gets it for free.
 * 3. A change to a stored JSON shape is also a migration (`UPDATE networks SET doc =
 *    json_set(doc, '$.newField', ...)`), so the decoder only ever sees the current shape.
 */
import type { ContainerId, EndpointId, NetworkId } from "../lib/ids.js";
import type { Container } from "../model/container.js";
import type { Endpoint } from "../model/endpoint.js";
import type { Network } from "../model/network.js";

export interface NetworkRepo {
  /** Every network, in insertion order. */
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

export interface ContainerRepo {
  /** Every container, in insertion order (the engine sorts for `ps`). */
  all(): Container[];
  /** By full id only (prefix and name resolution is the engine's). */
  get(id: ContainerId): Container | undefined;
  /** By exact name, without the leading "/" (names are unique and case-sensitive). */
  byName(name: string): Container | undefined;
  /**
   * Adds a container. Throws Conflict with Docker's text when the name is taken:
   * `Conflict. The container name "/<name>" is already in use by container "<other id>". You
   * have to remove (or rename) that container to be able to reuse that name.`; Conflict
   * `container with id <id> already exists` when the id is taken.
   */
  insert(c: Container): void;
  /**
   * Replaces the stored container with the same id (every field, including the name: rename).
   * Throws NotFound `No such container: <id>`, or the same name Conflict as insert.
   */
  update(c: Container): void;
  /** Deletes by id, and with it every endpoint row of the container; false when there was none. */
  remove(id: ContainerId): boolean;
}

export interface EndpointRepo {
  /** Every endpoint, in insertion order. */
  all(): Endpoint[];
  /** The container's endpoints, in insertion order. */
  byContainer(id: ContainerId): Endpoint[];
  /** The network's endpoints, in insertion order. */
  byNetwork(networkId: NetworkId): Endpoint[];
  /**
   * Adds an endpoint. The network need not exist (no foreign key, see above); the container
   * must: otherwise NotFound `No such container: <id>`. A second endpoint of the same
   * container on the same network is Forbidden with Docker's text, `endpoint with name
   * <e.name> already exists in network <network name>` (the store reads the name from the
   * networks table; the network id when the row is gone). A taken id is Conflict
   * `endpoint with id <id> already exists`.
   */
  insert(e: Endpoint): void;
  /**
   * Replaces the stored endpoint with the same id (e.g. the name after a rename, or a new veth
   * after the reconciler re-created it). Throws NotFound, or as insert.
   */
  update(e: Endpoint): void;
  /** Deletes by id; false when there was nothing to delete. */
  remove(id: EndpointId): boolean;
  /** Deletes every endpoint of the container; returns how many. */
  removeByContainer(id: ContainerId): number;
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
  readonly containers: ContainerRepo;
  readonly endpoints: EndpointRepo;
  /**
   * Runs `fn` in one transaction: committed when it returns, rolled back (and the error
   * rethrown) when it throws. Nested calls become savepoints. `fn` must be synchronous; a
   * returned promise is refused and the transaction rolled back.
   */
  tx<T>(fn: () => T): T;
  /** Closes the connection (and releases the exclusive lock, if held). Idempotent. */
  close(): void;
}
