import { test } from "node:test";
import assert from "node:assert/strict";
import { CURRENT_NETNS } from "../kernel/exec.js";
import { reconcile } from "./reconciler.js";
import { OWNER, spec, testEngine } from "./engine-fixture.js";

test("predefined networks exist; the default bridge avoids reserved host routes", async () => {
  const e = testEngine(["172.17.0.0/16"]);
  const names = (await e.networks.list()).map((d) => d.network.name).sort();
  assert.deepEqual(names, ["bridge", "host", "none"]);
  const bridge = (await e.networks.inspect("bridge")).network;
  assert.equal(bridge.ipam.config?.[0]?.subnet, "172.18.0.0/16");
});

test("create realises a bridge, rules and a row; rm removes all three", async () => {
  const e = testEngine();
  const { id } = await e.networks.create(spec("mynet", { ipam: { driver: "default", options: {}, config: [{ subnet: "192.168.0.0/16", gateway: "192.168.0.1" }] } }));
  const br = `br-${id.slice(0, 12)}`;
  const links = await e.kernel.listLinks(CURRENT_NETNS);
  const link = links.find((l) => l.name === br);
  assert.deepEqual(link?.addresses, ["192.168.0.1/16"]);
  assert.equal(link?.alias, OWNER + id);
  assert.match(e.nft.applied.at(-1) ?? "", /192\.168\.0\.0\/16/);
  await e.networks.remove("mynet");
  await e.networks.settle();
  assert.ok(!(await e.kernel.listLinks(CURRENT_NETNS)).some((l) => l.name === br));
  assert.doesNotMatch(e.nft.applied.at(-1) ?? "", /192\.168\.0\.0\/16/);
  await assert.rejects(e.networks.remove("mynet"), { kind: "NotFound", message: "network mynet not found" });
});

test("a firewall failure rolls the bridge back and stores nothing", async () => {
  const e = testEngine();
  const before = (await e.kernel.listLinks(CURRENT_NETNS)).map((l) => l.name);
  e.nft.failNextApply();
  await assert.rejects(e.networks.create(spec("boom")), /injected nft failure/);
  assert.deepEqual((await e.kernel.listLinks(CURRENT_NETNS)).map((l) => l.name), before);
  assert.equal(e.store.networks.byName("boom").length, 0);
});

test("parallel creates get distinct subnets and a name is taken once", async () => {
  const e = testEngine();
  const ids = await Promise.all(Array.from({ length: 20 }, (_, i) => e.networks.create(spec(`n${i}`))));
  const subnets = new Set(ids.map((r) => e.store.networks.get(r.id as never)?.ipam.config?.[0]?.subnet));
  assert.equal(subnets.size, 20);
  const same = await Promise.allSettled(Array.from({ length: 10 }, () => e.networks.create(spec("same"))));
  assert.equal(same.filter((r) => r.status === "fulfilled").length, 1);
  assert.ok(same.every((r) => r.status === "fulfilled" || (r.reason as { kind: string }).kind === "Conflict"));
});

test("Docker's create errors, in Docker's order", async () => {
  const e = testEngine();
  await assert.rejects(e.networks.create(spec("bridge")), { kind: "Forbidden", message: "operation is not permitted on predefined bridge network " });
  await e.networks.create(spec("dup"));
  await assert.rejects(e.networks.create(spec("dup")), { kind: "Conflict", message: "network with name dup already exists" });
  await assert.rejects(e.networks.create(spec("x", { driver: "weird" })), { kind: "NotFound", message: 'plugin "weird" not found' });
  await assert.rejects(e.networks.create(spec("x", { scope: "swarm" })), { kind: "Forbidden" });
  await assert.rejects(e.networks.create(spec("x", { enableIPv4: false })), { kind: "InvalidParameter", message: "IPv4 or IPv6 must be enabled" });
  await assert.rejects(e.networks.remove("host"), { kind: "Forbidden", message: "host is a pre-defined network and cannot be removed" });
});

test("config-only networks and config-from", async () => {
  const e = testEngine();
  await e.networks.create(spec("cfg", { configOnly: true, ipam: { driver: "default", options: {}, config: [{ subnet: "10.9.0.0/24" }] } }));
  const cfg = (await e.networks.inspect("cfg")).network;
  assert.equal(cfg.driver, "null");
  assert.equal(cfg.configOnly, true);
  await e.networks.create(spec("user", { configFrom: "cfg" }));
  const user = (await e.networks.inspect("user")).network;
  assert.equal(user.ipam.config?.[0]?.subnet, "10.9.0.0/24");
  await assert.rejects(e.networks.remove("cfg"), { kind: "Forbidden", message: 'configuration network "cfg" is in use' });
  await assert.rejects(e.networks.create(spec("u2", { configFrom: "nope" })), { kind: "NotFound", message: 'configuration network "nope" does not exist' });
});

test("reconcile recreates missing bridges and removes only its own orphans", async () => {
  const e = testEngine();
  const { id } = await e.networks.create(spec("keep"));
  await e.kernel.deleteLink(CURRENT_NETNS, `br-${id.slice(0, 12)}`);
  await e.kernel.createBridge(CURRENT_NETNS, { name: "br-orphan", alias: OWNER + "f".repeat(64), addresses: [], ipv6: false });
  await e.kernel.createBridge(CURRENT_NETNS, { name: "stranger", alias: "", addresses: [], ipv6: false });
  const r = await reconcile({ store: e.store, drivers: e.drivers, kernel: e.kernel, netns: CURRENT_NETNS, owner: OWNER, firewall: e.firewall });
  assert.deepEqual(r.created, ["bridge", "keep"]);
  assert.deepEqual(r.removedOrphans, ["br-orphan"]);
  const names = (await e.kernel.listLinks(CURRENT_NETNS)).map((l) => l.name);
  assert.ok(names.includes("stranger"));
  assert.ok(names.includes(`br-${id.slice(0, 12)}`));
});

test("prune removes unused matching user networks only", async () => {
  const e = testEngine();
  await e.networks.create(spec("a", { labels: { tmp: "1" } }));
  await e.networks.create(spec("b"));
  const deleted = await e.networks.prune((n) => n.labels["tmp"] === "1");
  assert.deepEqual(deleted, ["a"]);
  assert.deepEqual((await e.networks.list()).map((d) => d.network.name).sort(), ["b", "bridge", "host", "none"]);
});
