/** The endpoints part of the store conformance suite, with transactions across both tables. */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import type { Endpoint } from "../model/endpoint.js";
import { containerArb, endpointsArb, fullContainer, sampleContainerId, sampleEndpoint, sampleEndpointId } from "./container-samples.js";
import { fullBridge, sampleId } from "./network-samples.js";
import { nameInUse } from "./store-suite-containers.js";
import { assertBerthError, withStore, type OpenStore } from "./suite-helpers.js";
import type { Store } from "./store.js";

const dup = (container: string, network: string): string =>
  `endpoint with name ${container} already exists in network ${network}`;

/** Two networks and two containers, as most endpoint tests start. */
function seed(s: Store) {
  const net1 = fullBridge("mynet");
  const net2 = fullBridge("mynet02");
  const c1 = fullContainer("pgserver");
  const c2 = fullContainer("client");
  s.networks.insert(net1);
  s.networks.insert(net2);
  s.containers.insert(c1);
  s.containers.insert(c2);
  return { net1, net2, c1, c2 };
}

export function endpointTests(open: OpenStore): void {
  roundTrips(open);
  writes(open);
  removal(open);
}

function roundTrips(open: OpenStore): void {
  test("an empty store has no endpoints", withStore(open, (s) => {
    assert.deepEqual(s.endpoints.all(), []);
    assert.deepEqual(s.endpoints.byContainer(sampleContainerId()), []);
    assert.deepEqual(s.endpoints.byNetwork(sampleId()), []);
  }));

  test("every field round-trips; byContainer and byNetwork select, in insertion order", withStore(open, (s) => {
    const { net1, net2, c1, c2 } = seed(s);
    const e1 = sampleEndpoint(c1, net1.id);
    const e2 = sampleEndpoint(c1, net2.id, { ifname: "eth1", ipv6Address: "", gateway6: "", hostVeth: "veth\u0000Ω" });
    const e3 = sampleEndpoint(c2, net1.id, { name: "", macAddress: "", ipv4Address: "", gateway4: "" });
    for (const e of [e2, e1, e3]) s.endpoints.insert(e);
    assert.deepStrictEqual(s.endpoints.all(), [e2, e1, e3]);
    assert.deepStrictEqual(s.endpoints.byContainer(c1.id), [e2, e1]);
    assert.deepStrictEqual(s.endpoints.byContainer(c2.id), [e3]);
    assert.deepStrictEqual(s.endpoints.byNetwork(net1.id), [e1, e3]);
    assert.deepStrictEqual(s.endpoints.byNetwork(net2.id), [e2]);
  }));

  test("any container's endpoints round-trip exactly, and go with it (property)", withStore(open, (s) => {
    fc.assert(
      fc.property(containerArb, endpointsArb, (c, drafts) => {
        const eps: Endpoint[] = drafts.map((d) => ({ ...d, containerId: c.id }));
        s.containers.insert(c);
        try {
          for (const e of eps) s.endpoints.insert(e);
          assert.deepStrictEqual(s.endpoints.byContainer(c.id), eps);
          for (const e of eps) assert.deepStrictEqual(s.endpoints.byNetwork(e.networkId), [e]);
        } finally {
          assert.equal(s.containers.remove(c.id), true);
        }
        assert.deepEqual(s.endpoints.all(), []);
      }),
      { numRuns: 100 },
    );
  }));
}

function writes(open: OpenStore): void {
  test("a second endpoint of a container on a network is Forbidden with Docker's text", withStore(open, (s) => {
    const { net1, c1, c2 } = seed(s);
    const first = sampleEndpoint(c1, net1.id);
    s.endpoints.insert(first);
    assertBerthError(() => s.endpoints.insert(sampleEndpoint(c1, net1.id)), "Forbidden", dup("pgserver", "mynet"));
    const other = sampleEndpoint(c2, net1.id);
    s.endpoints.insert(other);
    assert.deepStrictEqual(s.endpoints.byNetwork(net1.id), [first, other]);
  }));

  test("the duplicate text names the network id when its row is gone", withStore(open, (s) => {
    const { c1 } = seed(s);
    const ghost = sampleId();
    s.endpoints.insert(sampleEndpoint(c1, ghost));
    assertBerthError(() => s.endpoints.insert(sampleEndpoint(c1, ghost)), "Forbidden", dup("pgserver", ghost));
  }));

  test("an endpoint of an unknown container is NotFound; a taken id is a Conflict", withStore(open, (s) => {
    const { net1, net2, c1 } = seed(s);
    const stranger = fullContainer("stranger");
    assertBerthError(() => s.endpoints.insert(sampleEndpoint(stranger, net1.id)), "NotFound", `No such container: ${stranger.id}`);
    const e = sampleEndpoint(c1, net1.id);
    s.endpoints.insert(e);
    assertBerthError(() => s.endpoints.insert({ ...e, networkId: net2.id }), "Conflict", `endpoint with id ${e.id} already exists`);
    assert.deepStrictEqual(s.endpoints.all(), [e]);
  }));

  test("update replaces the endpoint; unknown id is NotFound; a duplicate stays Forbidden", withStore(open, (s) => {
    const { net1, net2, c1 } = seed(s);
    const a = sampleEndpoint(c1, net1.id);
    const b = sampleEndpoint(c1, net2.id, { ifname: "eth1" });
    s.endpoints.insert(a);
    s.endpoints.insert(b);
    const renamed = { ...a, name: "renamed", hostVeth: "veth9999999" };
    s.endpoints.update(renamed);
    assert.deepStrictEqual(s.endpoints.byContainer(c1.id), [renamed, b]);
    const ghost = sampleEndpoint(c1, sampleId());
    assertBerthError(() => s.endpoints.update(ghost), "NotFound", `endpoint ${ghost.id} not found`);
    assertBerthError(() => s.endpoints.update({ ...b, networkId: net1.id }), "Forbidden", dup(b.name, "mynet"));
    assert.deepStrictEqual(s.endpoints.byContainer(c1.id), [renamed, b]);
  }));
}

function removal(open: OpenStore): void {
  test("remove returns true once, then false", withStore(open, (s) => {
    const { net1, c1 } = seed(s);
    const e = sampleEndpoint(c1, net1.id);
    s.endpoints.insert(e);
    assert.equal(s.endpoints.remove(e.id), true);
    assert.equal(s.endpoints.remove(e.id), false);
    assert.equal(s.endpoints.remove(sampleEndpointId()), false);
    s.endpoints.insert(sampleEndpoint(c1, net1.id));
  }));

  test("removeByContainer removes that container's endpoints only and counts them", withStore(open, (s) => {
    const { net1, net2, c1, c2 } = seed(s);
    for (const e of [sampleEndpoint(c1, net1.id), sampleEndpoint(c1, net2.id)]) s.endpoints.insert(e);
    const kept = sampleEndpoint(c2, net1.id);
    s.endpoints.insert(kept);
    assert.equal(s.endpoints.removeByContainer(c1.id), 2);
    assert.equal(s.endpoints.removeByContainer(c1.id), 0);
    assert.deepStrictEqual(s.endpoints.all(), [kept]);
  }));

  test("removing a container removes its endpoints (cascade), nothing else", withStore(open, (s) => {
    const { net1, net2, c1, c2 } = seed(s);
    for (const e of [sampleEndpoint(c1, net1.id), sampleEndpoint(c1, net2.id)]) s.endpoints.insert(e);
    const kept = sampleEndpoint(c2, net1.id);
    s.endpoints.insert(kept);
    assert.equal(s.containers.remove(c1.id), true);
    assert.deepStrictEqual(s.endpoints.all(), [kept]);
    assert.deepEqual(s.endpoints.byContainer(c1.id), []);
    assert.deepStrictEqual(s.networks.all(), [net1, net2]);
    assert.deepStrictEqual(s.containers.all(), [c2]);
  }));

  test("a network row may go while endpoints name it; they stay listed for the reconciler", withStore(open, (s) => {
    const { net1, c1 } = seed(s);
    const e = sampleEndpoint(c1, net1.id);
    s.endpoints.insert(e);
    assert.equal(s.networks.remove(net1.id), true);
    assert.deepStrictEqual(s.endpoints.byNetwork(net1.id), [e]);
  }));
}

export function endpointTxTests(open: OpenStore): void {
  test("a throw rolls back container and endpoint writes, including a cascade", withStore(open, (s) => {
    const { net1, net2, c1, c2 } = seed(s);
    const e1 = sampleEndpoint(c1, net1.id);
    const e2 = sampleEndpoint(c2, net1.id);
    s.endpoints.insert(e1);
    s.endpoints.insert(e2);
    const boom = new Error("boom");
    assert.throws(() => s.tx(() => {
      const c3 = fullContainer("new");
      s.containers.insert(c3);
      s.endpoints.insert(sampleEndpoint(c3, net2.id));
      s.containers.update({ ...c2, name: "renamed" });
      s.endpoints.update({ ...e2, hostVeth: "vethchanged" });
      s.containers.remove(c1.id);
      s.endpoints.removeByContainer(c2.id);
      throw boom;
    }), (e: unknown) => e === boom);
    assert.deepStrictEqual(s.containers.all(), [c1, c2]);
    assert.deepStrictEqual(s.endpoints.all(), [e1, e2]);
  }));

  test("a duplicate endpoint inside tx rolls back the container created with it", withStore(open, (s) => {
    const { net1, c1 } = seed(s);
    s.endpoints.insert(sampleEndpoint(c1, net1.id));
    assertBerthError(() => s.tx(() => {
      const c3 = fullContainer("fresh");
      s.containers.insert(c3);
      s.endpoints.insert(sampleEndpoint(c3, net1.id));
      s.endpoints.insert(sampleEndpoint(c1, net1.id));
    }), "Forbidden", dup("pgserver", "mynet"));
    assert.equal(s.containers.byName("fresh"), undefined);
    assert.equal(s.endpoints.byNetwork(net1.id).length, 1);
  }));

  test("a name Conflict in a nested tx rolls back only the inner part", withStore(open, (s) => {
    const { net1, c1 } = seed(s);
    const e = sampleEndpoint(c1, net1.id);
    s.tx(() => {
      s.endpoints.insert(e);
      assertBerthError(() => s.tx(() => {
        s.containers.remove(c1.id);
        s.containers.insert(fullContainer("client"));
      }), "Conflict", nameInUse("client", s.containers.byName("client")?.id ?? "?"));
    });
    assert.deepStrictEqual(s.endpoints.all(), [e]);
    assert.deepStrictEqual(s.containers.get(c1.id), c1);
  }));
}
