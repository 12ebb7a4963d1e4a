/** The containers part of the store conformance suite. */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import type { Container } from "../model/container.js";
import { bareContainer, containerArb, fullContainer, sampleContainerId } from "./container-samples.js";
import { assertBerthError, withStore, type OpenStore } from "./suite-helpers.js";

/** Docker's text for a taken container name. */
export const nameInUse = (name: string, holder: string): string =>
  `Conflict. The container name "/${name}" is already in use by container "${holder}". ` +
  "You have to remove (or rename) that container to be able to reuse that name.";

export function containerTests(open: OpenStore): void {
  roundTrips(open);
  writes(open);
  updates(open);
}

function roundTrips(open: OpenStore): void {
  test("an empty store has no containers", withStore(open, (s) => {
    assert.deepEqual(s.containers.all(), []);
    assert.equal(s.containers.get(sampleContainerId()), undefined);
    assert.equal(s.containers.byName("pgserver"), undefined);
  }));

  test("every field round-trips: stopTimeout 0, entrypoint [], ports, unicode/NUL/__proto__", withStore(open, (s) => {
    const c = fullContainer("pgserver");
    s.containers.insert(c);
    assert.deepStrictEqual(s.containers.get(c.id), c);
    assert.deepStrictEqual(s.containers.byName("pgserver"), c);
    assert.deepStrictEqual(s.containers.all(), [c]);
    const got = s.containers.get(c.id);
    assert.deepStrictEqual(got?.config.entrypoint, []);
    assert.equal(got?.config.stopTimeout, 0);
    assert.ok(Object.hasOwn(got?.config.labels ?? {}, "__proto__"));
    assert.ok(Object.hasOwn(got?.attachments[0]?.config.driverOpts ?? {}, "__proto__"));
  }));

  test("the sparse end: null entrypoint, stopTimeout and endpoint-config fields absent, empty lists", withStore(open, (s) => {
    const bare = bareContainer("bare");
    const withEmptyAttachment = { ...fullContainer("empty-attachment"), attachments: [fullContainer("x").attachments[1]!] };
    s.containers.insert(bare);
    s.containers.insert(withEmptyAttachment);
    const got = s.containers.get(bare.id);
    assert.deepStrictEqual(got, bare);
    assert.equal(got?.config.entrypoint, null);
    assert.ok(got !== undefined && !("stopTimeout" in got.config));
    assert.deepStrictEqual(got.hostConfig.portBindings, {});
    const cfg = s.containers.get(withEmptyAttachment.id)?.attachments[0]?.config;
    assert.deepStrictEqual(cfg, { linkLocalIPs: [], links: [], aliases: [], driverOpts: {}, gwPriority: 0 });
    assert.ok(cfg !== undefined && !("ipv4Address" in cfg) && !("ipv6Address" in cfg) && !("macAddress" in cfg));
  }));

  test("any Container round-trips exactly (property)", withStore(open, (s) => {
    fc.assert(
      fc.property(containerArb, (c) => {
        s.containers.insert(c);
        try {
          assert.deepStrictEqual(s.containers.get(c.id), c);
          assert.deepStrictEqual(s.containers.byName(c.name), c);
        } finally {
          assert.equal(s.containers.remove(c.id), true);
        }
      }),
      { numRuns: 150 },
    );
  }));

  test("all() lists containers in insertion order, and update keeps the place", withStore(open, (s) => {
    const cs = ["zeta", "alpha", "mid"].map((n) => fullContainer(n));
    for (const c of cs) s.containers.insert(c);
    s.containers.update({ ...cs[0]!, name: "renamed" });
    assert.deepEqual(s.containers.all().map((c) => c.name), ["renamed", "alpha", "mid"]);
  }));
}

function writes(open: OpenStore): void {
  test("a taken name is a Conflict with Docker's text naming the holder; the holder is untouched", withStore(open, (s) => {
    const first = fullContainer("web");
    s.containers.insert(first);
    assertBerthError(() => s.containers.insert(fullContainer("web")), "Conflict", nameInUse("web", first.id));
    assert.deepStrictEqual(s.containers.all(), [first]);
  }));

  test("container names are case-sensitive", withStore(open, (s) => {
    s.containers.insert(fullContainer("web"));
    s.containers.insert(fullContainer("Web"));
    assert.equal(s.containers.byName("Web")?.name, "Web");
    assert.equal(s.containers.all().length, 2);
  }));

  test("a taken id is a Conflict", withStore(open, (s) => {
    const first = fullContainer("one");
    s.containers.insert(first);
    assertBerthError(() => s.containers.insert({ ...first, name: "two" }), "Conflict", `container with id ${first.id} already exists`);
    assert.deepStrictEqual(s.containers.all(), [first]);
  }));

}

function updates(open: OpenStore): void {
  test("update replaces every field; a rename frees the old name", withStore(open, (s) => {
    const c = fullContainer("old");
    s.containers.insert(c);
    const changed: Container = { ...bareContainer("new"), id: c.id };
    s.containers.update(changed);
    assert.deepStrictEqual(s.containers.get(c.id), changed);
    assert.equal(s.containers.byName("old"), undefined);
    s.containers.insert(fullContainer("old"));
  }));

  test("update to a taken name is Docker's Conflict; update of an unknown id is NotFound", withStore(open, (s) => {
    const a = fullContainer("a");
    const b = fullContainer("b");
    s.containers.insert(a);
    s.containers.insert(b);
    assertBerthError(() => s.containers.update({ ...b, name: "a" }), "Conflict", nameInUse("a", a.id));
    assert.deepStrictEqual(s.containers.get(b.id), b);
    const ghost = fullContainer("ghost");
    assertBerthError(() => s.containers.update(ghost), "NotFound", `No such container: ${ghost.id}`);
    assert.equal(s.containers.byName("ghost"), undefined);
  }));

  test("remove returns true once, then false; the name is free again", withStore(open, (s) => {
    const c = fullContainer("gone");
    s.containers.insert(c);
    assert.equal(s.containers.remove(c.id), true);
    assert.equal(s.containers.remove(c.id), false);
    assert.equal(s.containers.remove(sampleContainerId()), false);
    assert.equal(s.containers.get(c.id), undefined);
    s.containers.insert(fullContainer("gone"));
    assert.ok(s.containers.byName("gone") !== undefined);
  }));

  test("a number JSON cannot hold exactly is refused on write, and nothing is stored", withStore(open, (s) => {
    const c = fullContainer("numbers");
    const bad: Container[] = [
      { ...c, config: { ...c.config, stopTimeout: 1.5 } },
      { ...c, state: { ...c.state, pid: Number.NaN } },
      { ...c, restartCount: 2 ** 60 },
    ];
    for (const x of bad) assertBerthError(() => s.containers.insert(x), "System", /^store: insert container numbers: .* is not an integer$/);
    assert.deepEqual(s.containers.all(), []);
    s.containers.insert(c);
    assertBerthError(() => s.containers.update(bad[0]!), "System", /stopTimeout is not an integer/);
    assert.deepStrictEqual(s.containers.get(c.id), c);
  }));
}
