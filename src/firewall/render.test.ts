import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderRemove, renderReplace, renderRuleset, renderTables } from "./render.js";
import type { FirewallNetwork } from "./state.js";
import { GOLDEN_CASES, goldenDir } from "./testdata/golden-cases.js";

const UPDATE = process.env["UPDATE_GOLDEN"] === "1";
const dir = goldenDir();

for (const c of GOLDEN_CASES) {
  test(`golden: ${c.name}`, () => {
    const file = join(dir, `${c.name}.nft`);
    const got = renderRuleset(c.state, c.opts);
    if (UPDATE) writeFileSync(file, got);
    assert.equal(got, readFileSync(file, "utf8"), `${file} differs (UPDATE_GOLDEN=1 rewrites it)`);
  });
}

test("every golden file belongs to a case (no stale goldens)", () => {
  const files = readdirSync(dir).filter((f) => f.endsWith(".nft")).sort();
  assert.deepEqual(files, GOLDEN_CASES.map((c) => `${c.name}.nft`).sort());
});

const twoNets = GOLDEN_CASES.find((c) => c.name === "two-networks");
const all: FirewallNetwork[] = GOLDEN_CASES.flatMap((c) => c.state.networks).map((n, i) => ({
  ...n,
  id: `${i.toString(16).padStart(2, "0")}${n.id.slice(2)}`,
  bridge: `br-${i}`,
}));

test("output does not depend on the order of the input networks", () => {
  const forward = renderRuleset({ networks: all });
  assert.equal(renderRuleset({ networks: [...all].reverse() }), forward);
});

/** The rule lines of every chain (not the `type ...;` line of base chains). */
function chainRules(text: string): { chain: string; rule: string }[] {
  const rules: { chain: string; rule: string }[] = [];
  let chain: string | undefined;
  for (const line of text.split("\n")) {
    const head = /^\tchain (\S+) \{$/.exec(line);
    if (head) chain = head[1];
    else if (line === "\t}") chain = undefined;
    else if (chain !== undefined && !line.trim().startsWith("type ")) rules.push({ chain, rule: line.trim() });
  }
  return rules;
}

test("every rule carries a comment naming its network (name and 12-char id)", () => {
  const rules = chainRules(renderRuleset({ networks: all }));
  assert.ok(rules.length > 40, `only ${rules.length} rules`);
  for (const { rule } of rules) assert.match(rule, / comment "berth(: | net )[^"]+"$/, rule);
  for (const net of all) {
    const id12 = net.id.slice(0, 12);
    const own = rules.filter((r) => r.rule.includes(`"${net.bridge}"`) || r.chain.startsWith(`net-${id12}-`));
    assert.ok(own.length >= 2);
    for (const { rule } of own) assert.ok(rule.includes(`comment "berth net ${net.name} (${id12}): `), rule);
  }
});

test("isolation costs one rule per network, through the shared bridge set", () => {
  const text = renderRuleset({ networks: all });
  assert.equal(text.match(/oifname @bridges drop/g)?.length, all.length);
  for (const net of all) assert.ok(text.includes(`"${net.bridge}" : jump net-${net.id.slice(0, 12)}-from`));
});

test("no chain ever has a drop policy", () => {
  const text = renderRuleset({ networks: all });
  assert.ok(!text.includes("policy drop"));
  assert.equal(text.match(/policy accept;/g)?.length, 9);
});

test("the table name option renames both tables", () => {
  const text = renderRuleset({ networks: [] }, { table: "berth_test1" });
  assert.match(text, /^table inet berth_test1 \{$/m);
  assert.match(text, /^table bridge berth_test1 \{$/m);
  assert.ok(!/table \S+ berth \{/.test(text));
  assert.throws(() => renderRuleset({ networks: [] }, { table: "bad name" }), { name: "BerthError" });
});

test("renderTables holds exactly the two tables of renderRuleset", () => {
  const state = twoNets?.state ?? { networks: [] };
  const t = renderTables(state);
  assert.equal(t.inet + t.bridge, renderRuleset(state));
  assert.match(t.inet, /^table inet berth \{/);
  assert.match(t.bridge, /^table bridge berth \{/);
});

test("renderReplace creates-if-absent, deletes, then re-creates both tables in one script", () => {
  const state = twoNets?.state ?? { networks: [] };
  const script = renderReplace(state, { table: "t1" });
  const head = ["add table inet t1", "delete table inet t1", "add table bridge t1", "delete table bridge t1"];
  assert.deepEqual(script.split("\n").slice(0, 4), head);
  assert.equal(script, renderRemove({ table: "t1" }) + renderRuleset(state, { table: "t1" }));
});

test("ICC-off rules appear only for ICC-off networks; the bridge table always exists", () => {
  const on = renderTables({ networks: all.filter((n) => n.icc) }).bridge;
  assert.ok(!on.includes("drop"));
  assert.match(on, /chain forward \{/);
  const off = all.filter((n) => !n.icc);
  assert.ok(off.length > 0);
  const bridge = renderTables({ networks: all }).bridge;
  assert.equal(bridge.match(/meta ibrname/g)?.length, off.length);
  const bySubnet = renderTables({ networks: all }, { iccMatch: "subnet" }).bridge;
  assert.ok(!bySubnet.includes("ibrname"));
  for (const n of off) {
    const tag = `berth net ${n.name} (${n.id.slice(0, 12)}): icc off`;
    assert.ok(bySubnet.includes(`ip saddr ${n.subnets4.join(", ")}`) && bySubnet.includes(`${tag}, ipv4 by subnet"`), tag);
    assert.equal(bySubnet.includes(`${tag}, ipv6 by subnet"`), n.subnets6.length > 0, tag);
  }
});

/** NAT lines other than those for DNATed (published-port) connections. */
const outboundNat = (text: string): string[] =>
  text.split("\n").filter((l) => !l.includes("ct status dnat") && /masquerade|snat/.test(l.replace(/comment "[^"]*"/g, "")));

test("internal networks and masquerade-off networks get no outbound NAT", () => {
  const nets = all.map((n) => ({ ...n, masquerade: false }));
  assert.deepEqual(outboundNat(renderTables({ networks: nets }).inet), []);
  assert.ok(outboundNat(renderTables({ networks: all }).inet).length > 0);
  const internal = all.map((n) => ({ ...n, internal: true }));
  const text = renderTables({ networks: internal }).inet;
  assert.deepEqual(outboundNat(text), []);
  assert.ok(!text.includes("hairpin") && !text.includes("to published ports via a host address"));
});
