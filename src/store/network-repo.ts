/** NetworkRepo over SQLite: one prepared statement per operation, each its own transaction. */
import { conflict, notFound } from "../lib/errors.js";
import type { NetworkId } from "../lib/ids.js";
import type { Network } from "../model/network.js";
import type { Db } from "./migrations.js";
import { decodeNetwork, encodeNetwork, type NetworkRow } from "./network-codec.js";
import { sqliteCode, storeError } from "./sqlite-errors.js";
import type { NetworkRepo } from "./store.js";

const COLUMNS = "id, name, driver, created, doc";

export function sqliteNetworkRepo(db: Db): NetworkRepo {
  const all = db.prepare<[], NetworkRow>(`SELECT ${COLUMNS} FROM networks ORDER BY rowid`);
  const get = db.prepare<[string], NetworkRow>(`SELECT ${COLUMNS} FROM networks WHERE id = ?`);
  const byName = db.prepare<[string], NetworkRow>(`SELECT ${COLUMNS} FROM networks WHERE name = ?`);
  const insert = db.prepare<NetworkRow>(
    `INSERT INTO networks (${COLUMNS}) VALUES (@id, @name, @driver, @created, @doc)`,
  );
  const update = db.prepare<NetworkRow>(
    "UPDATE networks SET name = @name, driver = @driver, created = @created, doc = @doc WHERE id = @id",
  );
  const remove = db.prepare<[string]>("DELETE FROM networks WHERE id = ?");

  return {
    all: () => all.all().map(decodeNetwork),
    get(id: NetworkId) {
      const row = get.get(id);
      return row === undefined ? undefined : decodeNetwork(row);
    },
    byName: (name: string) => byName.all(name).map(decodeNetwork),
    insert(n: Network) {
      try {
        insert.run(encodeNetwork(n));
      } catch (e) {
        throw translate(e, n, "insert");
      }
    },
    update(n: Network) {
      let changes: number;
      try {
        changes = update.run(encodeNetwork(n)).changes;
      } catch (e) {
        throw translate(e, n, "update");
      }
      if (changes === 0) throw notFound(`network ${n.id} not found`);
    },
    remove: (id: NetworkId) => remove.run(id).changes > 0,
  };
}

function translate(e: unknown, n: Network, action: string): Error {
  switch (sqliteCode(e)) {
    case "SQLITE_CONSTRAINT_UNIQUE": // the only UNIQUE index on networks is networks_name
      return conflict(`network with name ${n.name} already exists`, e);
    case "SQLITE_CONSTRAINT_PRIMARYKEY":
      return conflict(`network with id ${n.id} already exists`, e);
    default:
      return storeError(`${action} network ${n.name}`, e);
  }
}
