/** ContainerRepo over SQLite: one prepared statement per operation, each its own transaction. */
import { conflict, notFound } from "../lib/errors.js";
import type { ContainerId } from "../lib/ids.js";
import type { Container } from "../model/container.js";
import { decodeContainer, encodeContainer, type ContainerRow } from "./container-codec.js";
import type { Db } from "./migrations.js";
import { sqliteCode, storeError } from "./sqlite-errors.js";
import type { ContainerRepo } from "./store.js";

const COLUMNS = "id, name, created, image_id AS imageId, doc";

export function sqliteContainerRepo(db: Db): ContainerRepo {
  const all = db.prepare<[], ContainerRow>(`SELECT ${COLUMNS} FROM containers ORDER BY rowid`);
  const get = db.prepare<[string], ContainerRow>(`SELECT ${COLUMNS} FROM containers WHERE id = ?`);
  const byName = db.prepare<[string], ContainerRow>(`SELECT ${COLUMNS} FROM containers WHERE name = ?`);
  const idOfName = db.prepare<[string], string>("SELECT id FROM containers WHERE name = ?").pluck();
  const insert = db.prepare<ContainerRow>(
    "INSERT INTO containers (id, name, created, image_id, doc) VALUES (@id, @name, @created, @imageId, @doc)",
  );
  const update = db.prepare<ContainerRow>(
    "UPDATE containers SET name = @name, created = @created, image_id = @imageId, doc = @doc WHERE id = @id",
  );
  const remove = db.prepare<[string]>("DELETE FROM containers WHERE id = ?");

  function translate(e: unknown, c: Container, action: string): Error {
    switch (sqliteCode(e)) {
      case "SQLITE_CONSTRAINT_UNIQUE": // the only UNIQUE index on containers is containers_name
        return nameInUse(c.name, idOfName.get(c.name) ?? "", e);
      case "SQLITE_CONSTRAINT_PRIMARYKEY":
        return conflict(`container with id ${c.id} already exists`, e);
      default:
        return storeError(`${action} container ${c.name}`, e);
    }
  }

  // Decoded containers, reused while their row is unchanged: all() runs on every lifecycle step
  // (DNS, /etc/hosts), and decoding every document each time made starts slower as containers
  // accumulate. Containers are immutable values, so sharing one is safe.
  const decoded = new Map<string, { row: ContainerRow; c: Container }>();
  const sameRow = (a: ContainerRow, b: ContainerRow): boolean =>
    a.doc === b.doc && a.name === b.name && a.created === b.created && a.imageId === b.imageId;
  const decode = (row: ContainerRow): Container => {
    const hit = decoded.get(row.id);
    if (hit && sameRow(hit.row, row)) return hit.c;
    const c = decodeContainer(row);
    decoded.set(row.id, { row, c });
    return c;
  };

  return {
    all: () => all.all().map(decode),
    get(id: ContainerId) {
      const row = get.get(id);
      return row === undefined ? undefined : decode(row);
    },
    byName(name: string) {
      const row = byName.get(name);
      return row === undefined ? undefined : decode(row);
    },
    insert(c: Container) {
      try {
        insert.run(encodeContainer(c));
      } catch (e) {
        throw translate(e, c, "insert");
      }
    },
    update(c: Container) {
      let changes: number;
      try {
        changes = update.run(encodeContainer(c)).changes;
      } catch (e) {
        throw translate(e, c, "update");
      }
      if (changes === 0) throw notFound(`No such container: ${c.id}`);
    },
    remove: (id: ContainerId) => {
      decoded.delete(id);
      return remove.run(id).changes > 0;
    },
  };
}

/** Docker's text (daemon/names.go), word for word: clients match on it. */
function nameInUse(name: string, otherId: string, cause: unknown): Error {
  return conflict(
    `Conflict. The container name "/${name}" is already in use by container "${otherId}". ` +
      "You have to remove (or rename) that container to be able to reuse that name.",
    cause,
  );
}
