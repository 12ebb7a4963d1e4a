import assert from "node:assert/strict";
import { test } from "node:test";
import { openMemoryStore, openMemoryStoreFrom } from "./memory-store.js";
import { schemaVersion } from "./migrations.js";
import { sqliteNetworkRepo } from "./network-repo.js";
import { fullBridge } from "./network-samples.js";
import { storeSuite } from "./store-suite.js";

storeSuite("memory store", openMemoryStore, {
  openFrom: (version, seed) => openMemoryStoreFrom(version, (db) => seed(sqliteNetworkRepo(db), schemaVersion(db))),
});

test("memory stores are independent of each other", () => {
  const a = openMemoryStore();
  const b = openMemoryStore();
  try {
    a.networks.insert(fullBridge("only-in-a"));
    a.meta.set("k", "v");
    assert.deepEqual(b.networks.all(), []);
    assert.equal(b.meta.get("k"), undefined);
  } finally {
    a.close();
    b.close();
  }
});
