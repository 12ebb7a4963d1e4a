/**
 * Upgrading an existing database: a version-1 database (networks and meta only, as the first
 * berthd wrote it) opened by this code gains the container and endpoint tables and keeps
 * every network.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { fullContainer, sampleEndpoint } from "./container-samples.js";
import { fullBridge, nullIpam } from "./network-samples.js";
import { nameInUse } from "./store-suite-containers.js";
import { assertBerthError, type OpenStoreFrom } from "./suite-helpers.js";

export function upgradeTests(openFrom: OpenStoreFrom): void {
  test("a version-1 database keeps its networks and gains containers and endpoints", () => {
    const nets = [fullBridge("mynet"), nullIpam("host"), fullBridge("mynet02")];
    const s = openFrom(1, (networks, version) => {
      assert.equal(version, 1);
      for (const n of nets) networks.insert(n);
      assert.deepStrictEqual(networks.all(), nets);
    });
    try {
      assert.deepStrictEqual(s.networks.all(), nets);
      assert.deepEqual(s.containers.all(), []);
      assert.deepEqual(s.endpoints.all(), []);
      assertBerthError(() => s.networks.insert(fullBridge("mynet")), "Conflict", "network with name mynet already exists");

      const c = fullContainer("pgserver");
      s.containers.insert(c);
      const e = sampleEndpoint(c, nets[0]!.id);
      s.endpoints.insert(e);
      assert.deepStrictEqual(s.containers.byName("pgserver"), c);
      assert.deepStrictEqual(s.endpoints.byNetwork(nets[0]!.id), [e]);
      assertBerthError(() => s.containers.insert(fullContainer("pgserver")), "Conflict", nameInUse("pgserver", c.id));
      assertBerthError(() => s.endpoints.insert(sampleEndpoint(c, nets[0]!.id)), "Forbidden",
        "endpoint with name pgserver already exists in network mynet");
      s.containers.remove(c.id);
      assert.deepEqual(s.endpoints.all(), [], "the cascade works on an upgraded database");
    } finally {
      s.close();
    }
  });

  test("an empty version-1 database upgrades too", () => {
    const s = openFrom(1, (_networks, version) => assert.equal(version, 1));
    try {
      assert.deepEqual(s.networks.all(), []);
      s.containers.insert(fullContainer("first"));
      assert.equal(s.containers.all().length, 1);
    } finally {
      s.close();
    }
  });
}
