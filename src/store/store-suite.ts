/**
 * The store conformance suite: every Store implementation runs it (memory-store.test.ts,
 * sqlite-store.test.ts). `open` must return a new, empty store on each call; `openFrom` a
 * store upgraded from an older schema (the migration tests). Stores that persist also pass a
 * `StorageLocation` factory, which adds the reopen tests.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import type { NetworkId } from "../lib/ids.js";
import { fullBridge, networkArb, nullIpam, sampleId } from "./network-samples.js";
import { containerTests } from "./store-suite-containers.js";
import { endpointTests, endpointTxTests } from "./store-suite-endpoints.js";
import { persistenceSuite, type StorageLocation } from "./store-suite-persistence.js";
import { upgradeTests } from "./store-suite-upgrade.js";
import { assertBerthError, withStore, type OpenStore, type OpenStoreFrom } from "./suite-helpers.js";

export type { StorageLocation } from "./store-suite-persistence.js";
export { assertBerthError } from "./suite-helpers.js";

export interface SuiteOptions {
  /** A store upgraded from an older schema; see OpenStoreFrom. */
  readonly openFrom: OpenStoreFrom;
  /** Only for stores that persist. */
  readonly location?: () => StorageLocation;
}

export function storeSuite(name: string, open: OpenStore, options: SuiteOptions): void {
  describe(`${name}: networks round-trip`, () => roundTripTests(open));
  describe(`${name}: network writes`, () => networkWriteTests(open));
  describe(`${name}: meta`, () => metaTests(open));
  describe(`${name}: tx`, () => txTests(open));
  describe(`${name}: containers`, () => containerTests(open));
  describe(`${name}: endpoints`, () => endpointTests(open));
  describe(`${name}: tx across containers and endpoints`, () => endpointTxTests(open));
  describe(`${name}: upgrade from an older schema`, () => upgradeTests(options.openFrom));
  const location = options.location;
  if (location !== undefined) describe(`${name}: persistence`, () => persistenceSuite(location));
}

function roundTripTests(open: OpenStore): void {
  test("an empty store has no networks", withStore(open, (s) => {
    assert.deepEqual(s.networks.all(), []);
    assert.equal(s.networks.get(sampleId()), undefined);
    assert.deepEqual(s.networks.byName("bridge"), []);
  }));

  test("every field round-trips: pools, unicode/NUL/__proto__ labels, options", withStore(open, (s) => {
    const n = fullBridge("full");
    s.networks.insert(n);
    assert.deepStrictEqual(s.networks.get(n.id), n);
    assert.deepStrictEqual(s.networks.byName("full"), [n]);
    assert.deepStrictEqual(s.networks.all(), [n]);
    const labels = s.networks.get(n.id)?.labels ?? {};
    assert.ok(Object.hasOwn(labels, "__proto__"));
    assert.equal(Object.getPrototypeOf(labels), Object.prototype);
  }));

  test("null IPAM options/config stay null; empty config stays []; absent pool fields stay absent", withStore(open, (s) => {
    const none = nullIpam("none");
    const empty = fullBridge("empty", { ipam: { driver: "null", options: {}, config: [] } });
    const bare = fullBridge("bare", { ipam: { driver: "default", options: null, config: [{ subnet: "10.0.0.0/8", auxAddresses: {} }] } });
    for (const n of [none, empty, bare]) s.networks.insert(n);
    assert.deepStrictEqual(s.networks.get(none.id), none);
    assert.deepStrictEqual(s.networks.get(empty.id), empty);
    const pool = s.networks.get(bare.id)?.ipam.config?.[0];
    assert.deepStrictEqual(pool, { subnet: "10.0.0.0/8", auxAddresses: {} });
    assert.ok(pool !== undefined && !("gateway" in pool) && !("ipRange" in pool));
  }));

  test("any Network round-trips exactly (property)", withStore(open, (s) => {
    fc.assert(
      fc.property(networkArb, (n) => {
        s.networks.insert(n);
        try {
          assert.deepStrictEqual(s.networks.get(n.id), n);
          assert.deepStrictEqual(s.networks.byName(n.name), [n]);
        } finally {
          assert.equal(s.networks.remove(n.id), true);
        }
      }),
      { numRuns: 150 },
    );
  }));

  test("all() lists networks in insertion order", withStore(open, (s) => {
    const names = ["zeta", "alpha", "mid"];
    const ns = names.map((n) => fullBridge(n));
    for (const n of ns) s.networks.insert(n);
    assert.deepEqual(s.networks.all().map((n) => n.name), names);
  }));
}

function networkWriteTests(open: OpenStore): void {
  test("a taken name is a Conflict with Docker's text; the first network is untouched", withStore(open, (s) => {
    const first = fullBridge("web");
    s.networks.insert(first);
    assertBerthError(() => s.networks.insert(fullBridge("web")), "Conflict", "network with name web already exists");
    assert.deepStrictEqual(s.networks.all(), [first]);
  }));

  test("names are case-sensitive, as in Docker", withStore(open, (s) => {
    s.networks.insert(fullBridge("web"));
    s.networks.insert(fullBridge("Web"));
    assert.equal(s.networks.byName("Web").length, 1);
    assert.equal(s.networks.all().length, 2);
  }));

  test("a taken id is a Conflict", withStore(open, (s) => {
    const first = fullBridge("one");
    s.networks.insert(first);
    assertBerthError(() => s.networks.insert({ ...first, name: "two" }), "Conflict", `network with id ${first.id} already exists`);
    assert.deepStrictEqual(s.networks.all(), [first]);
  }));

  test("update replaces every field, including the name", withStore(open, (s) => {
    const n = fullBridge("old");
    s.networks.insert(n);
    const changed = { ...nullIpam("new"), id: n.id };
    s.networks.update(changed);
    assert.deepStrictEqual(s.networks.get(n.id), changed);
    assert.deepEqual(s.networks.byName("old"), []);
  }));

  test("update to a taken name is a Conflict; update of an unknown id is NotFound", withStore(open, (s) => {
    const a = fullBridge("a");
    const b = fullBridge("b");
    s.networks.insert(a);
    s.networks.insert(b);
    assertBerthError(() => s.networks.update({ ...b, name: "a" }), "Conflict", "network with name a already exists");
    assert.deepStrictEqual(s.networks.get(b.id), b);
    const ghost = fullBridge("ghost");
    assertBerthError(() => s.networks.update(ghost), "NotFound", `network ${ghost.id} not found`);
    assert.equal(s.networks.get(ghost.id), undefined);
  }));

  test("remove returns true once, then false; the name is free again", withStore(open, (s) => {
    const n = fullBridge("gone");
    s.networks.insert(n);
    assert.equal(s.networks.remove(n.id), true);
    assert.equal(s.networks.remove(n.id), false);
    assert.equal(s.networks.remove(n.id), false);
    assert.equal(s.networks.remove("f".repeat(64) as NetworkId), false);
    assert.equal(s.networks.get(n.id), undefined);
    s.networks.insert(fullBridge("gone"));
    assert.equal(s.networks.byName("gone").length, 1);
  }));
}

function metaTests(open: OpenStore): void {
  test("get of an unknown key is undefined", withStore(open, (s) => {
    assert.equal(s.meta.get("host-id"), undefined);
  }));

  test("set inserts, then replaces; unicode and empty values kept", withStore(open, (s) => {
    s.meta.set("host-id", "abc");
    assert.equal(s.meta.get("host-id"), "abc");
    s.meta.set("host-id", "");
    assert.equal(s.meta.get("host-id"), "");
    s.meta.set("bridge.名前", "Ωmega\u0000🚢");
    assert.equal(s.meta.get("bridge.名前"), "Ωmega\u0000🚢");
    assert.equal(s.meta.get("Host-Id"), undefined);
  }));
}

function txTests(open: OpenStore): void {
  test("tx commits and returns the callback's value", withStore(open, (s) => {
    const n = fullBridge("txn");
    assert.equal(s.tx(() => (s.networks.insert(n), 42)), 42);
    assert.deepStrictEqual(s.networks.get(n.id), n);
  }));

  test("a throw rolls back every change and rethrows the same error", withStore(open, (s) => {
    const kept = fullBridge("kept");
    s.networks.insert(kept);
    s.meta.set("k", "before");
    const boom = new Error("boom");
    assert.throws(() => s.tx(() => {
      s.networks.insert(fullBridge("a"));
      s.networks.update({ ...kept, labels: {} });
      s.networks.remove(kept.id);
      s.meta.set("k", "after");
      s.meta.set("new", "x");
      throw boom;
    }), (e: unknown) => e === boom);
    assert.deepStrictEqual(s.networks.all(), [kept]);
    assert.equal(s.meta.get("k"), "before");
    assert.equal(s.meta.get("new"), undefined);
  }));

  test("a Conflict inside tx rolls back the earlier inserts", withStore(open, (s) => {
    s.networks.insert(fullBridge("taken"));
    assertBerthError(() => s.tx(() => {
      s.networks.insert(fullBridge("fresh"));
      s.networks.insert(fullBridge("taken"));
    }), "Conflict", "network with name taken already exists");
    assert.deepEqual(s.networks.byName("fresh"), []);
  }));

  test("a nested tx that throws rolls back only itself", withStore(open, (s) => {
    s.tx(() => {
      s.networks.insert(fullBridge("outer"));
      assert.throws(() => s.tx(() => {
        s.networks.insert(fullBridge("inner"));
        throw new Error("inner fails");
      }), /inner fails/);
    });
    assert.deepEqual(s.networks.all().map((n) => n.name), ["outer"]);
  }));

  test("an async callback is refused and its synchronous part rolled back", withStore(open, (s) => {
    assertBerthError(() => s.tx(async () => {
      s.networks.insert(fullBridge("async"));
      return Promise.resolve(1);
    }), "System", /must be synchronous/);
    assert.deepEqual(s.networks.all(), []);
  }));

  test("close is idempotent", () => {
    const s = open();
    s.close();
    s.close();
  });
}
