import { test } from "node:test";
import assert from "node:assert/strict";
import { FakeNft } from "../kernel/fake-nft.js";
import { netnsAt } from "../kernel/exec.js";
import { Firewall, fingerprint } from "./firewall.js";
import { renderReplace } from "./render.js";
import type { FirewallNetwork, FirewallState } from "./state.js";

const NS = netnsAt("/run/netns/bt-unit");

const mk = (id: string, name: string, extra: Partial<FirewallNetwork> = {}): FirewallNetwork => ({
  id: id.repeat(64).slice(0, 64),
  name,
  bridge: `br-${id.repeat(12).slice(0, 12)}`,
  subnets4: [`10.${id.charCodeAt(0) % 250}.0.0/24`],
  subnets6: [],
  masquerade: true,
  icc: true,
  internal: false,
  ...extra,
});

const A = mk("a", "front");
const B = mk("b", "back");
const S1: FirewallState = { networks: [A] };
const S2: FirewallState = { networks: [A, B] };

test("apply is one transaction and produces intact tables in the given namespace", async () => {
  const nft = new FakeNft();
  const fw = new Firewall(nft, NS, "berth_u");
  await fw.apply(S2);
  assert.equal(nft.applied.length, 1);
  assert.deepEqual(await nft.listTables(NS), [
    { family: "inet", name: "berth_u" },
    { family: "bridge", name: "berth_u" },
  ]);
  assert.deepEqual(await nft.listTables(), [], "the daemon's own namespace is untouched");
  assert.equal(await fw.isIntact(S2), true);
  assert.equal(await fw.isIntact(S1), false, "a different state is not intact");
});

test("applying a changed state replaces the tables whole", async () => {
  const nft = new FakeNft();
  const fw = new Firewall(nft, NS);
  await fw.apply(S2);
  await fw.apply(S1);
  const inet = (await nft.listTable("inet", "berth", NS)) ?? "";
  assert.ok(inet.includes("berth net front ("));
  assert.ok(!inet.includes("berth net back ("));
  assert.equal(await fw.isIntact(S1), true);
});

test("isIntact detects a flushed ruleset, a flushed table and a deleted rule; apply repairs", async () => {
  const nft = new FakeNft();
  const fw = new Firewall(nft, NS);
  await fw.apply(S2);
  nft.flushRuleset(NS);
  assert.equal(await fw.isIntact(S2), false);
  await fw.apply(S2);
  assert.equal(await fw.isIntact(S2), true);

  await nft.apply("add table inet berth\ndelete table inet berth\ntable inet berth {\n}\n", NS);
  assert.equal(await fw.isIntact(S2), false, "empty inet table");

  const script = renderReplace(S2);
  const withoutIsolation = script
    .split("\n")
    .filter((l) => !(l.includes("isolation") && l.includes(B.bridge)))
    .join("\n");
  assert.notEqual(withoutIsolation, script);
  await nft.apply(withoutIsolation, NS);
  assert.equal(await fw.isIntact(S2), false, "one rule missing");
});

test("remove deletes both tables and is idempotent", async () => {
  const nft = new FakeNft();
  const fw = new Firewall(nft, NS);
  await fw.remove();
  await fw.apply(S1);
  await fw.remove();
  await fw.remove();
  assert.deepEqual(await nft.listTables(NS), []);
  assert.equal(await fw.isIntact(S1), false);
});

test("ICC off uses meta ibrname when the kernel has it, and asks the kernel only once", async () => {
  const nft = new FakeNft();
  let checks = 0;
  const check = nft.check.bind(nft);
  nft.check = async (script, netns) => {
    checks++;
    return check(script, netns);
  };
  const fw = new Firewall(nft, NS);
  await fw.apply(S2);
  assert.equal(fw.iccMatch, undefined, "no probe without an ICC-off network");
  const off: FirewallState = { networks: [A, { ...B, icc: false }] };
  await fw.apply(off);
  await fw.apply(off);
  assert.equal(fw.iccMatch, "bridge-name");
  assert.equal(checks, 1);
  assert.match((await nft.listTable("bridge", "berth", NS)) ?? "", /meta ibrname "br-bbbbbbbbbbbb" .* drop/);
  assert.equal(await fw.isIntact(off), true);
});

test("without nft_meta_bridge, ICC off falls back to matching by subnet", async () => {
  const nft = new FakeNft({ bridgeMeta: false });
  const fw = new Firewall(nft, NS);
  const off: FirewallState = { networks: [{ ...B, icc: false }] };
  await fw.apply(off);
  assert.equal(fw.iccMatch, "subnet");
  const bridge = (await nft.listTable("bridge", "berth", NS)) ?? "";
  assert.ok(bridge.includes(`ip saddr ${B.subnets4[0]} ip daddr ${B.subnets4[0]} drop`), bridge);
  assert.ok(!bridge.includes("ibrname"));
  assert.equal(await fw.isIntact(off), true);
});

test("concurrent applies reach the kernel in call order", async () => {
  const nft = new FakeNft();
  const fw = new Firewall(nft, NS);
  // The first apply needs an ICC probe, so it would finish last if calls were not serialised.
  const first = fw.apply({ networks: [{ ...A, icc: false }] });
  const second = fw.apply(S2);
  await Promise.all([first, second]);
  assert.equal(await fw.isIntact(S2), true);
});

test("a failed apply leaves the previous tables in place", async () => {
  const nft = new FakeNft();
  const fw = new Firewall(nft, NS);
  await fw.apply(S1);
  await assert.rejects(fw.apply({ networks: [{ ...B, bridge: 'br"bad' }] }), { name: "BerthError" });
  await assert.rejects(nft.apply(`${renderReplace(S2)}add rule inet berth missing jump nowhere\n`, NS));
  assert.equal(await fw.isIntact(S1), true);
  await fw.apply(S2); // the queue keeps working after a failure
  assert.equal(await fw.isIntact(S2), true);
});

test("fingerprint ignores formatting and # comments but not content", () => {
  const a = 'table inet t {\n\t# note "x"\n\tchain c {\n\t\toifname "br-a" drop comment "berth: x"\n\t}\n}\n';
  const b = 'table inet t {\n  chain c {\n    oifname "br-a" drop comment "berth: x"\n  }\n}';
  assert.deepEqual(fingerprint(a), fingerprint(b));
  assert.notDeepEqual(fingerprint(a), fingerprint(b.replace("br-a", "br-b")));
  assert.notDeepEqual(fingerprint(a), fingerprint(b.replace("berth: x", "berth: y")));
});

test("the constructor refuses a table name nft could not parse", () => {
  assert.throws(() => new Firewall(new FakeNft(), NS, "no spaces"), { name: "BerthError" });
});
