import { test } from "node:test";
import assert from "node:assert/strict";
import { CURRENT_NETNS, type Netns } from "../../kernel/exec.js";
import { FakeSandboxKernel } from "../../kernel/fake-sandbox.js";
import type { Container } from "../../model/container.js";
import { emptyEndpointConfig } from "../../model/endpoint.js";
import { bareContainer } from "../../store/container-samples.js";
import { openMemoryStore } from "../../store/memory-store.js";
import { fullBridge } from "../../store/network-samples.js";
import { SandboxManager } from "./sandbox-manager.js";

/** A fake kernel whose veth deletions wait until `release()`, as the real kernel's take ~15 ms. */
class SlowDetachKernel extends FakeSandboxKernel {
  private gate: Promise<void> = Promise.resolve();
  release: () => void = () => undefined;
  hold(): void {
    this.gate = new Promise((r) => (this.release = r));
  }
  override async detach(host: Netns, sandbox: string, hostVeth: string, ifname: string): Promise<void> {
    await this.gate;
    return super.detach(host, sandbox, hostVeth, ifname);
  }
}

async function setup() {
  const store = openMemoryStore();
  const net = fullBridge("net1", { internal: false });
  store.tx(() => store.networks.insert(net));
  const attachment = { networkId: net.id, networkName: "net1", config: emptyEndpointConfig };
  const c: Container = { ...bareContainer("web"), hostConfig: { ...bareContainer("web").hostConfig, networkMode: "net1" }, attachments: [attachment] };
  store.tx(() => store.containers.insert(c));
  const kernel = new SlowDetachKernel();
  const logs: string[] = [];
  const mgr = new SandboxManager({ store, kernel, host: CURRENT_NETNS, sandboxPrefix: "berth-t-", log: (l) => logs.push(l) });
  await mgr.setup(c, () => undefined);
  return { store, net, attachment, c, kernel, mgr, logs };
}

test("a live disconnect returns before the veth pair is freed; the next attach waits for it and reuses the name", async () => {
  const { store, net, attachment, c, kernel, mgr } = await setup();
  const [ep] = mgr.endpoints(c);
  assert.ok(ep);
  kernel.hold();
  await mgr.detach(c, ep);
  assert.equal(store.endpoints.byContainer(c.id).length, 0, "the store no longer has the endpoint");
  assert.equal(kernel.hostVeths(CURRENT_NETNS).length, 1, "the pair is still being freed");
  let attached = false;
  const again = mgr.attach(c, attachment, net).then((e) => ((attached = true), e));
  await new Promise((r) => setImmediate(r));
  assert.equal(attached, false, "attach waits for the deletion");
  kernel.release();
  const next = await again;
  assert.equal(next.ifname, ep.ifname);
  assert.deepEqual(kernel.hostVeths(CURRENT_NETNS).map((l) => l.name), [next.hostVeth]);
  await mgr.settled();
});

test("teardown queues behind deferred deletions without waiting; a failed one is logged, not lost", async () => {
  const { c, kernel, mgr, logs } = await setup();
  const [ep] = mgr.endpoints(c);
  assert.ok(ep);
  kernel.hold();
  kernel.failNext("detach");
  await mgr.detach(c, ep);
  await mgr.teardown(c);
  assert.deepEqual(await kernel.listSandboxes("berth-t-"), ["berth-t-" + c.id.slice(0, 12)], "the namespace goes after the pair");
  kernel.release();
  await mgr.settled();
  assert.deepEqual(await kernel.listSandboxes("berth-t-"), []);
  assert.match(logs.join("\n"), /removing veth\w+ after disconnect of web: injected failure in detach/);
});

test("teardown drops the endpoints at once and frees the kernel objects in the background; setup waits for them", async () => {
  const { store, c, kernel, mgr } = await setup();
  kernel.hold();
  await mgr.teardown(c);
  assert.equal(store.endpoints.byContainer(c.id).length, 0);
  assert.equal(kernel.hostVeths(CURRENT_NETNS).length, 1, "still being freed");
  let ready = false;
  const again = mgr.setup(c, () => undefined).then(() => (ready = true));
  await new Promise((r) => setImmediate(r));
  assert.equal(ready, false, "setup waits: the namespace name is reused");
  kernel.release();
  await again;
  assert.equal(kernel.hostVeths(CURRENT_NETNS).length, 1);
  await mgr.teardown(c);
  await mgr.settled();
  assert.equal(kernel.hostVeths(CURRENT_NETNS).length, 0);
  assert.deepEqual(await kernel.listSandboxes("berth-t-"), []);
});

test("a sandbox left by a daemon that died while freeing it does not block the next start", async () => {
  const { store, c, kernel, mgr } = await setup();
  await mgr.teardown(c);
  await mgr.settled();
  await kernel.createSandbox(CURRENT_NETNS, "berth-t-" + c.id.slice(0, 12)); // what a crash mid-teardown leaves
  const restarted = new SandboxManager({ store, kernel, host: CURRENT_NETNS, sandboxPrefix: "berth-t-", log: () => undefined });
  await restarted.setup(c, () => undefined);
  assert.equal(restarted.endpoints(c).length, 1);
});
