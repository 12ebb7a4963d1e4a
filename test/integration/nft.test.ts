/**
 * nftables against the real kernel, inside a scratch network namespace (root only).
 * The adapter/firewall conformance scenario also runs against FakeNft, so the fake and the
 * kernel are held to the same behaviour.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { exec, namedNetns, netnsAt, type Netns } from "../../src/kernel/exec.js";
import { FakeNft } from "../../src/kernel/fake-nft.js";
import { realNft, type NftOps } from "../../src/kernel/nft.js";
import { Firewall } from "../../src/firewall/firewall.js";
import { renderReplace } from "../../src/firewall/render.js";
import type { FirewallState } from "../../src/firewall/state.js";
import { GOLDEN_CASES, goldenDir, needsBridgeMeta } from "../../src/firewall/testdata/golden-cases.js";

async function kernelSkipReason(): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return "needs root (creates a network namespace and nftables tables)";
  for (const bin of [["nft", "--version"], ["ip", "-V"], ["nsenter", "--version"]]) {
    try {
      await exec(bin);
    } catch {
      return `${bin[0]} is not installed`;
    }
  }
  return undefined;
}

const skipReason = await kernelSkipReason();
const hex = (): string => randomBytes(4).toString("hex");

/** Every golden network at once, with distinct ids and bridges: isolation, NAT, internal, ICC-off. */
const BIG: FirewallState = {
  networks: GOLDEN_CASES.flatMap((c) => c.state.networks).map((n, i) => ({
    ...n,
    id: `${i.toString(16).padStart(2, "0")}${n.id.slice(2)}`,
    bridge: `br-it${i}`,
    subnets4: n.subnets4.map((_, j) => `10.${100 + i}.${j}.0/24`),
    subnets6: n.subnets6.map((_, j) => `fd00:${i}:${j}::/64`),
  })),
};
const SMALL: FirewallState = { networks: BIG.networks.slice(0, 2) };

const FOREIGN = "table inet host_fw {\n\tchain host_forward {\n\t\ttype filter hook forward priority 0; policy accept;\n\t}\n}\n";
const ours = async (nft: NftOps, ns: Netns, table: string): Promise<string[]> =>
  (await nft.listTables(ns)).filter((t) => t.name === table).map((t) => t.family).sort();

/** The adapter verbs: structured listing, absence, idempotent delete, check without commit, typed errors. */
async function adapterScenario(nft: NftOps, ns: Netns): Promise<void> {
  const t = `bt_ad_${hex()}`;
  assert.equal(await nft.listTable("inet", t, ns), undefined);
  await nft.deleteTable("inet", t, ns); // absent: still success
  await nft.check(`table inet ${t} {\n}\n`, ns);
  assert.deepEqual(await ours(nft, ns, t), [], "check commits nothing");
  await nft.apply(`table inet ${t} {\n\tchain c {\n\t}\n}\n`, ns);
  assert.deepEqual(await ours(nft, ns, t), ["inet"]);
  assert.match((await nft.listTable("inet", t, ns)) ?? "", /chain c \{/);
  await nft.deleteTable("inet", t, ns);
  await nft.deleteTable("inet", t, ns);
  assert.deepEqual(await ours(nft, ns, t), []);
  await assert.rejects(nft.apply("this is not nft\n", ns), { name: "BerthError" });
}

/** Firewall lifecycle: apply, list, atomic change, flush detection, re-apply, remove. */
async function firewallScenario(nft: NftOps, ns: Netns): Promise<void> {
  const table = `berth_it_${hex()}`;
  const fw = new Firewall(nft, ns, table);
  await nft.apply(FOREIGN, ns);

  await fw.apply(BIG);
  assert.deepEqual(await ours(nft, ns, table), ["bridge", "inet"]);
  const inet = (await nft.listTable("inet", table, ns)) ?? "";
  for (const n of BIG.networks) assert.ok(inet.includes(`berth net ${n.name} (${n.id.slice(0, 12)}): `), n.name);
  assert.equal(await fw.isIntact(BIG), true, "freshly applied state is intact");

  // A transaction that replaces the tables and then fails changes nothing.
  const opts = { table, iccMatch: fw.iccMatch ?? "bridge-name" } as const;
  await assert.rejects(nft.apply(`${renderReplace(SMALL, opts)}add rule inet ${table} nat-output jump no-such-chain\n`, ns));
  assert.equal(await fw.isIntact(BIG), true, "failed replace left the old tables");

  await fw.apply(SMALL);
  assert.equal(await fw.isIntact(SMALL), true);
  assert.equal(await fw.isIntact(BIG), false);
  assert.ok((await nft.listTable("inet", "host_fw", ns)) !== undefined, "another table is untouched");

  await nft.apply("flush ruleset\n", ns);
  assert.equal(await fw.isIntact(SMALL), false, "flush detected");
  await fw.apply(SMALL);
  assert.equal(await fw.isIntact(SMALL), true, "re-applied");

  await nft.apply(FOREIGN, ns);
  await fw.remove();
  await fw.remove();
  assert.deepEqual(await ours(nft, ns, table), []);
  assert.equal(await fw.isIntact(SMALL), false);
  assert.ok((await nft.listTable("inet", "host_fw", ns)) !== undefined, "remove leaves other tables");
  await nft.deleteTable("inet", "host_fw", ns);
}

describe("conformance scenarios against FakeNft", () => {
  test("adapter verbs", () => adapterScenario(new FakeNft(), netnsAt("/fake/a")));
  test("firewall lifecycle", () => firewallScenario(new FakeNft(), netnsAt("/fake/b")));
  test("firewall lifecycle without nft_meta_bridge", () => firewallScenario(new FakeNft({ bridgeMeta: false }), netnsAt("/fake/c")));
});

describe("nftables in a scratch network namespace (real kernel)", { skip: skipReason ?? false }, () => {
  const name = `bt-nft-${hex()}`;
  const ns = namedNetns(name);
  let bridgeMeta = false;

  before(async () => {
    await exec(["ip", "netns", "add", name]);
    const probe = 'table bridge bt_probe {\n\tchain f {\n\t\ttype filter hook forward priority 0;\n\t\tmeta ibrname "lo" drop\n\t}\n}\n';
    bridgeMeta = await realNft.check(probe, ns).then(() => true, () => false);
  });
  after(async () => {
    await exec(["ip", "netns", "del", name], { okCodes: [0, 1] });
    const left = await exec(["ip", "netns", "list"]);
    assert.ok(!left.stdout.includes(name), `netns ${name} leaked`);
  });

  test("nft -c accepts every golden file", async (t) => {
    for (const c of GOLDEN_CASES) {
      await t.test(c.name, async (st) => {
        const text = readFileSync(join(goldenDir(), `${c.name}.nft`), "utf8");
        if (needsBridgeMeta(c) && !bridgeMeta) {
          await assert.rejects(realNft.check(text, ns), "probe said meta ibrname is unsupported");
          st.skip("kernel lacks nft_meta_bridge (CONFIG_NFT_BRIDGE_META): meta ibrname unsupported; Firewall uses the subnet fallback");
          return;
        }
        await realNft.check(text, ns);
      });
    }
    assert.deepEqual(await realNft.listTables(ns), [], "nft -c committed nothing");
  });

  test("adapter verbs", () => adapterScenario(realNft, ns));

  test("firewall lifecycle: apply, list, atomic change, flush, re-apply, remove", async (t) => {
    await firewallScenario(realNft, ns);
    t.diagnostic(`ICC-off matched by ${bridgeMeta ? "bridge name (meta ibrname)" : "subnet (no nft_meta_bridge)"}`);
  });
});
