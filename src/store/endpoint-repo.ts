/**
 * EndpointRepo over SQLite. The container must exist (foreign key, cascade on its removal);
 * the network need not (see store.ts). A duplicate (container, network) is reported with
 * Docker's text, the network's name read from the networks table.
 */
import { conflict, forbidden, notFound } from "../lib/errors.js";
import type { ContainerId, EndpointId, NetworkId } from "../lib/ids.js";
import type { Endpoint } from "../model/endpoint.js";
import { decodeEndpoint, encodeEndpoint, type EndpointRow } from "./endpoint-codec.js";
import type { Db } from "./migrations.js";
import { sqliteCode, storeError } from "./sqlite-errors.js";
import type { EndpointRepo } from "./store.js";

const COLUMNS = "id, container_id AS containerId, network_id AS networkId, doc";

export function sqliteEndpointRepo(db: Db): EndpointRepo {
  const select = (where: string) =>
    db.prepare<[string], EndpointRow>(`SELECT ${COLUMNS} FROM endpoints WHERE ${where} ORDER BY rowid`);
  const all = db.prepare<[], EndpointRow>(`SELECT ${COLUMNS} FROM endpoints ORDER BY rowid`);
  const byContainer = select("container_id = ?");
  const byNetwork = select("network_id = ?");
  const networkName = db.prepare<[string], string>("SELECT name FROM networks WHERE id = ?").pluck();
  const insert = db.prepare<EndpointRow>(
    "INSERT INTO endpoints (id, container_id, network_id, doc) VALUES (@id, @containerId, @networkId, @doc)",
  );
  const update = db.prepare<EndpointRow>(
    "UPDATE endpoints SET container_id = @containerId, network_id = @networkId, doc = @doc WHERE id = @id",
  );
  const remove = db.prepare<[string]>("DELETE FROM endpoints WHERE id = ?");
  const removeByContainer = db.prepare<[string]>("DELETE FROM endpoints WHERE container_id = ?");

  function translate(err: unknown, e: Endpoint, action: string): Error {
    switch (sqliteCode(err)) {
      case "SQLITE_CONSTRAINT_UNIQUE": // the only UNIQUE index is (container_id, network_id)
        return forbidden(
          `endpoint with name ${e.name} already exists in network ${networkName.get(e.networkId) ?? e.networkId}`,
          err,
        );
      case "SQLITE_CONSTRAINT_PRIMARYKEY":
        return conflict(`endpoint with id ${e.id} already exists`, err);
      case "SQLITE_CONSTRAINT_FOREIGNKEY": // the only foreign key is container_id
        return notFound(`No such container: ${e.containerId}`, err);
      default:
        return storeError(`${action} endpoint ${e.id}`, err);
    }
  }

  return {
    all: () => all.all().map(decodeEndpoint),
    byContainer: (id: ContainerId) => byContainer.all(id).map(decodeEndpoint),
    byNetwork: (networkId: NetworkId) => byNetwork.all(networkId).map(decodeEndpoint),
    insert(e: Endpoint) {
      try {
        insert.run(encodeEndpoint(e));
      } catch (err) {
        throw translate(err, e, "insert");
      }
    },
    update(e: Endpoint) {
      let changes: number;
      try {
        changes = update.run(encodeEndpoint(e)).changes;
      } catch (err) {
        throw translate(err, e, "update");
      }
      if (changes === 0) throw notFound(`endpoint ${e.id} not found`);
    },
    remove: (id: EndpointId) => remove.run(id).changes > 0,
    removeByContainer: (id: ContainerId) => removeByContainer.run(id).changes,
  };
}
