/**
 * The ip co-process (`ip -force -batch -`) against the real kernel, each test in a fresh
 * namespace: the NetKernel conformance suite through it, fail-fast attribution, restarts, and
 * that bridge creation then spawns no ip at all.
 */
import { after, describe, test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { CoprocessError } from "../../src/kernel/coprocess.js";
import { exec, type Exec, type Netns } from "../../src/kernel/exec.js";
import { IpSession } from "../../src/kernel/ip-session.js";
import { readLinks } from "../../src/kernel/links.js";
import { createNetKernel } from "../../src/kernel/net-kernel.js";
import { netKernelSuite } from "../../src/kernel/net-kernel-suite.js";
import { assertTestNetnsDisposed, createTestNetns, testNetns } from "../harness/netns-fixture.js";
import { kernelSkipReason } from "../harness/root.js";

const skip = kernelSkipReason() ?? false;

/** A namespace for one test with a session in it; the session ends before the namespace goes. */
async function sessionIn(t: TestContext): Promise<{ ns: Netns; session: IpSession }> {
  const { ns } = await testNetns(t, "cop-ip");
  const session = new IpSession({ netns: ns, timeoutMs: 10_000 });
  t.after(() => session.close());
  return { ns, session };
}

const linkNames = async (ns: Netns): Promise<string[]> => (await readLinks(exec, ns)).map((l) => l.name);

describe("ip session on the real kernel", { skip }, () => {
  after(assertTestNetnsDisposed);

  netKernelSuite("NetKernel conformance through the ip session", async () => {
    const netns = await createTestNetns("cop-nk");
    const session = new IpSession({ netns: netns.ns });
    const cleanup = async (): Promise<void> => {
      await session.close();
      await netns.dispose();
    };
    return { kernel: createNetKernel({ ipSession: session }), ns: netns.ns, cleanup };
  });

  test("createBridge through the session spawns no ip (only sysctl, as this is another namespace)", async (t) => {
    const { ns, session } = await sessionIn(t);
    const spawns: string[] = [];
    const run: Exec = (argv, opts) => {
      spawns.push(argv.join(" "));
      return exec(argv, opts);
    };
    const k = createNetKernel({ exec: run, ipSession: session });
    await k.createBridge(ns, { name: "br-cop", alias: "berth:it's", mtu: 1450, addresses: ["10.78.0.1/24", "fd78::1/64"], ipv6: true });
    assert.deepEqual(spawns.map((s) => s.split(" ")[0]), ["sysctl"]);
    const br = (await readLinks(exec, ns)).find((l) => l.name === "br-cop");
    assert.deepEqual([br?.mtu, br?.alias, br?.up, br?.addresses], [1450, "berth:it's", true, ["10.78.0.1/24", "fd78::1/64"]]);
  });

  test("a failing line is named with ip's own message, and the lines after it do not run", async (t) => {
    const { ns, session } = await sessionIn(t);
    const r = await session.tryBatch([
      ["link", "add", "name", "br-ok", "type", "bridge"],
      ["link", "set", "dev", "br-nosuch", "up"],
      ["link", "add", "name", "br-after", "type", "bridge"],
    ]);
    assert.ok(!r.ok);
    assert.equal(r.index, 1);
    assert.match(r.error.stderr, /^Cannot find device "br-nosuch"\nCommand failed -:3\n$/);
    const names = await linkNames(ns);
    assert.ok(names.includes("br-ok") && !names.includes("br-after"), names.join(" "));
    assert.deepEqual(await session.tryBatch([["link", "del", "dev", "br-ok"]]), { ok: true });
    assert.equal(session.starts, 1, "failures do not cost a restart");
  });

  test("ip exits on an invalid argument: that line fails, the next batch runs in a new ip", async (t) => {
    const { ns, session } = await sessionIn(t);
    const r = await session.tryBatch([["link", "set", "dev", "lo", "mtu", "abc"]]);
    assert.ok(!r.ok && r.index === 0 && r.error instanceof CoprocessError && r.error.failure === "exited");
    assert.match(r.error.stderr, /argument "abc" is wrong/);
    assert.deepEqual(await session.tryBatch([["link", "add", "name", "br-next", "type", "bridge"]]), { ok: true });
    assert.ok((await linkNames(ns)).includes("br-next"));
    assert.equal(session.starts, 2);
  });

  test("an ip killed between batches is replaced transparently", async (t) => {
    const { ns, session } = await sessionIn(t);
    assert.deepEqual(await session.tryBatch([["link", "add", "name", "br-k1", "type", "bridge"]]), { ok: true });
    const pid = session.pid;
    assert.ok(pid !== undefined);
    process.kill(pid, "SIGKILL");
    for (let i = 0; i < 200 && session.pid === pid; i++) await new Promise((r) => setTimeout(r, 5));
    assert.deepEqual(await session.tryBatch([["link", "add", "name", "br-k2", "type", "bridge"]]), { ok: true });
    assert.equal(session.starts, 2);
    const names = await linkNames(ns);
    assert.ok(names.includes("br-k1") && names.includes("br-k2"));
  });

  test("concurrent bridge creations through one session all complete intact", async (t) => {
    const { ns, session } = await sessionIn(t);
    const k = createNetKernel({ ipSession: session });
    const specs = Array.from({ length: 8 }, (_, i) => ({ name: `br-c${i}`, alias: `berth:c${i}`, addresses: [`10.79.${i}.1/24`], ipv6: false }));
    await Promise.all(specs.map((s) => k.createBridge(ns, s)));
    const links = await readLinks(exec, ns);
    for (const s of specs) {
      const l = links.find((x) => x.name === s.name);
      assert.deepEqual([l?.alias, l?.up, l?.addresses], [s.alias, true, s.addresses], s.name);
    }
    assert.equal(session.starts, 1);
  });
});
