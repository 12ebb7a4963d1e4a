/**
 * The nft co-process (`nft -i`, one `include` per script) against the real kernel, inside a
 * scratch namespace: an include is one transaction, errors are attributed to their script,
 * nft's cache follows changes made by other processes, restarts, and the Firewall on top.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { exec, type Netns } from "../../src/kernel/exec.js";
import { createNftOps, parseTablesJson } from "../../src/kernel/nft.js";
import { NftSession } from "../../src/kernel/nft-session.js";
import { Firewall } from "../../src/firewall/firewall.js";
import type { FirewallState } from "../../src/firewall/state.js";
import { assertTestNetnsDisposed, createTestNetns, type TestNetns } from "../harness/netns-fixture.js";
import { kernelSkipReason } from "../harness/root.js";

const skip = kernelSkipReason() ?? false;

/** Tables as another process sees them (a spawn, not the session). */
async function tables(ns: Netns): Promise<string[]> {
  const { stdout } = await exec(["nft", "-j", "list", "tables"], { netns: ns });
  return parseTablesJson(stdout).map((t) => `${t.family} ${t.name}`).sort();
}

const listTable = async (ns: Netns, family: string, name: string): Promise<string> =>
  (await exec(["nft", "list", "table", family, name], { netns: ns })).stdout;

const STATE: FirewallState = {
  networks: [
    { id: "a".repeat(64), name: "front", bridge: "br-front", subnets4: ["10.80.0.0/24"], subnets6: [], masquerade: true, icc: true, internal: false },
  ],
};

describe("nft session on the real kernel", { skip }, () => {
  let netns: TestNetns;
  let session: NftSession;
  const ns = (): Netns => netns.ns;

  before(async () => {
    netns = await createTestNetns("cop-nft");
    session = new NftSession({ netns: netns.ns, timeoutMs: 10_000 });
  });
  after(async () => {
    await session?.close();
    await netns?.dispose();
    await assertTestNetnsDisposed();
  });

  test("one include is one transaction: a script whose last command fails leaves nothing applied", async () => {
    await session.apply("table inet bt_keep {\n\tchain c1 {\n\t}\n}\n");
    const keep = await listTable(ns(), "inet", "bt_keep");
    const script = [
      "table inet bt_new {\n\tchain c {\n\t}\n}",
      "add table ip bt_other",
      "flush table inet bt_keep",
      "add chain inet bt_keep c2",
      "add rule inet bt_new c jump no_such_chain",
      "",
    ].join("\n");
    await assert.rejects(session.apply(script), (e: unknown) => {
      assert.ok(e instanceof Error && "stderr" in e && typeof e.stderr === "string");
      assert.match(e.stderr, /^script:8:\d+-\d+: Error: .*No such file or directory.*\nadd rule inet bt_new c jump no_such_chain\n/);
      return true;
    });
    assert.deepEqual(await tables(ns()), ["inet bt_keep"]);
    assert.equal(await listTable(ns(), "inet", "bt_keep"), keep);
    await session.apply("delete table inet bt_keep\n");
    assert.deepEqual(await tables(ns()), []);
    assert.equal(session.starts, 1, "errors do not cost a restart");
  });

  test("changes made by another process between two requests are seen", async () => {
    await session.apply("table inet bt_ext {\n\tchain c {\n\t}\n}\n");
    await exec(["nft", "delete", "table", "inet", "bt_ext"], { netns: ns() });
    await exec(["nft", "add", "table", "inet", "bt_theirs"], { netns: ns() });
    await session.apply("add chain inet bt_theirs c\n");
    await assert.rejects(session.apply("add chain inet bt_ext c2\n"), /No such file or directory/);
    assert.match(await listTable(ns(), "inet", "bt_theirs"), /chain c \{/);
    await exec(["nft", "flush", "ruleset"], { netns: ns() });
  });

  test("concurrent applies are serialised and each lands", async () => {
    const names = Array.from({ length: 10 }, (_, i) => `bt_c${i}`);
    await Promise.all(names.map((n) => session.apply(`table inet ${n} {\n\tchain c {\n\t}\n}\n`)));
    assert.deepEqual(await tables(ns()), names.map((n) => `inet ${n}`).sort());
    await exec(["nft", "flush", "ruleset"], { netns: ns() });
  });

  test("Firewall over the session: apply, flush by someone else detected, re-apply, remove", async () => {
    const nft = createNftOps(exec, { session });
    const fw = new Firewall(nft, ns(), "berth_cop");
    await fw.apply(STATE);
    assert.equal(await fw.isIntact(STATE), true);
    await exec(["nft", "flush", "ruleset"], { netns: ns() });
    assert.equal(await fw.isIntact(STATE), false);
    await fw.apply(STATE);
    assert.equal(await fw.isIntact(STATE), true);
    await fw.remove();
    await fw.remove();
    assert.deepEqual(await tables(ns()), []);
  });

  test("an nft killed between requests is replaced transparently", async () => {
    const starts = session.starts;
    const pid = session.pid;
    assert.ok(pid !== undefined);
    process.kill(pid, "SIGKILL");
    for (let i = 0; i < 200 && session.pid === pid; i++) await new Promise((r) => setTimeout(r, 5));
    await session.apply("add table inet bt_again\n");
    assert.equal(session.starts, starts + 1);
    assert.deepEqual(await tables(ns()), ["inet bt_again"]);
    await session.apply("delete table inet bt_again\n");
  });
});
