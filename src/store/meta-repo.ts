/** MetaRepo over SQLite: a key/value table for small daemon facts. */
import type { Db } from "./migrations.js";
import type { MetaRepo } from "./store.js";

export function sqliteMetaRepo(db: Db): MetaRepo {
  const get = db.prepare<[string], string>("SELECT value FROM meta WHERE key = ?").pluck();
  const set = db.prepare<[string, string]>(
    "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
  );
  return {
    get: (key: string) => get.get(key),
    set(key: string, value: string) {
      set.run(key, value);
    },
  };
}
