/**
 * The NetKernel conformance suite against the real kernel (each test in a fresh namespace),
 * plus what only the real adapter can show: how many processes an operation spawns.
 */
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { exec, type Exec } from "../../src/kernel/exec.js";
import { createNetKernel } from "../../src/kernel/net-kernel.js";
import { netKernelSuite } from "../../src/kernel/net-kernel-suite.js";
import { addNetns, deleteNetns, listNetns } from "../../src/kernel/netns.js";
import { isBerthError } from "../../src/lib/errors.js";
import { assertTestNetnsDisposed, createTestNetns, testNetns } from "../harness/netns-fixture.js";
import { kernelSkipReason } from "../harness/root.js";

const skip = kernelSkipReason() ?? false;

/** The real exec gateway, counting spawns by binary (the one after nsenter). */
function countingExec(): { run: Exec; spawns: string[] } {
  const spawns: string[] = [];
  const run: Exec = (argv, opts) => {
    spawns.push(argv.join(" "));
    return exec(argv, opts);
  };
  return { run, spawns };
}

describe("real kernel", { skip }, () => {
  after(assertTestNetnsDisposed);

  netKernelSuite("NetKernel conformance", async () => {
    const netns = await createTestNetns("nk");
    return { kernel: createNetKernel(), ns: netns.ns, cleanup: () => netns.dispose() };
  });

  test("createBridge costs one ip spawn (plus one sysctl spawn in another namespace)", async (t) => {
    const { ns } = await testNetns(t, "nk");
    const { run, spawns } = countingExec();
    const k = createNetKernel({ exec: run });
    await k.createBridge(ns, { name: "br-spawn", alias: "berth:x", mtu: 1450, addresses: ["10.77.0.1/24", "fd77::1/64"], ipv6: true });
    assert.deepEqual(spawns.map((s) => s.split(" ")[0]), ["ip", "sysctl"]);
    assert.equal(spawns[0], "ip -batch -");
    const br = (await createNetKernel().listLinks(ns)).find((l) => l.name === "br-spawn");
    assert.deepEqual([br?.mtu, br?.alias, br?.addresses], [1450, "berth:x", ["10.77.0.1/24", "fd77::1/64"]]);
  });

  test("an alias with spaces and quotes survives the batch quoting", async (t) => {
    const { ns } = await testNetns(t, "nk");
    const k = createNetKernel();
    const alias = "berth:it's a net";
    await k.createBridge(ns, { name: "br-q", alias, addresses: [], ipv6: false });
    assert.equal((await k.listLinks(ns)).find((l) => l.name === "br-q")?.alias, alias);
    assert.equal(await k.ensureBridge(ns, { name: "br-q", alias: 'say "hi"', addresses: [], ipv6: false }), "repaired");
    assert.equal((await k.listLinks(ns)).find((l) => l.name === "br-q")?.alias, 'say "hi"');
  });

  test("netns: add, list, add again is a Conflict, delete twice", async (t) => {
    const name = `bt-nk-raw-${process.pid}`;
    t.after(() => deleteNetns(name));
    await addNetns(name);
    assert.ok((await listNetns()).includes(name));
    await assert.rejects(addNetns(name), (e: unknown) => isBerthError(e, "Conflict"));
    await deleteNetns(name);
    await deleteNetns(name);
    assert.ok(!(await listNetns()).includes(name));
  });
});
