/** The part of the store conformance suite for stores that persist (reopen, migrations). */
import assert from "node:assert/strict";
import { test } from "node:test";
import { isBerthError } from "../lib/errors.js";
import { fullContainer, sampleEndpoint } from "./container-samples.js";
import { MIGRATIONS } from "./migrations.js";
import { fullBridge, nullIpam } from "./network-samples.js";
import type { Store } from "./store.js";

/** One place a persistent store lives (e.g. a database file in a fresh temp directory). */
export interface StorageLocation {
  /** Opens (creating and migrating if needed) the store kept at this location. */
  open(): Store;
  /** Versions recorded in schema_migrations, read straight from storage (store closed). */
  appliedVersions(): number[];
  /** Records a migration as applied, as another berthd build would (store closed). */
  recordMigration(version: number, name: string): void;
}

export function persistenceSuite(location: () => StorageLocation): void {
  test("reopen keeps every network and meta value", () => {
    const at = location();
    const a = fullBridge("kept-a");
    const b = nullIpam("kept-b");
    const first = at.open();
    first.networks.insert(a);
    first.tx(() => {
      first.networks.insert(b);
      first.meta.set("host-id", "0123abc");
    });
    first.close();
    const again = at.open();
    try {
      assert.deepStrictEqual(again.networks.all(), [a, b]);
      assert.equal(again.meta.get("host-id"), "0123abc");
      assertBerthErrorKind(() => again.networks.insert(fullBridge("kept-a")), "Conflict");
    } finally {
      again.close();
    }
  });

  test("reopen keeps containers and endpoints, and the cascade still holds", () => {
    const at = location();
    const net = fullBridge("net");
    const c = fullContainer("kept");
    const other = fullContainer("other");
    const first = at.open();
    first.tx(() => {
      first.networks.insert(net);
      first.containers.insert(c);
      first.containers.insert(other);
    });
    const e = sampleEndpoint(c, net.id);
    const kept = sampleEndpoint(other, net.id);
    first.endpoints.insert(e);
    first.endpoints.insert(kept);
    first.close();
    const again = at.open();
    try {
      assert.deepStrictEqual(again.containers.all(), [c, other]);
      assert.deepStrictEqual(again.endpoints.byNetwork(net.id), [e, kept]);
      assert.equal(again.containers.remove(c.id), true);
      assert.deepStrictEqual(again.endpoints.all(), [kept]);
    } finally {
      again.close();
    }
  });

  test("opening again applies each migration exactly once", () => {
    const at = location();
    const all = MIGRATIONS.map((m) => m.version);
    for (let i = 0; i < 3; i++) {
      at.open().close();
      assert.deepEqual(at.appliedVersions(), all);
    }
  });

  test("a database written by a newer berthd is refused, and left as it was", () => {
    const at = location();
    at.open().close();
    const future = MIGRATIONS.length + 1;
    at.recordMigration(future, "from the future");
    assert.throws(
      () => at.open(),
      (e: unknown) =>
        isBerthError(e, "System") &&
        e.message.includes(`database schema version ${future} is newer than this berthd supports (${MIGRATIONS.length})`),
    );
    assert.deepEqual(at.appliedVersions(), [...MIGRATIONS.map((m) => m.version), future]);
  });
}

function assertBerthErrorKind(fn: () => unknown, kind: "Conflict"): void {
  assert.throws(fn, (e: unknown) => isBerthError(e, kind));
}
