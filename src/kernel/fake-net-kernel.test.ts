import { test } from "node:test";
import assert from "node:assert/strict";
import { isBerthError } from "../lib/errors.js";
import { CURRENT_NETNS, netnsAt } from "./exec.js";
import { FakeNetKernel } from "./fake-net-kernel.js";
import { netKernelSuite } from "./net-kernel-suite.js";

let n = 0;
netKernelSuite("FakeNetKernel conformance", async () => ({
  kernel: new FakeNetKernel(),
  ns: netnsAt(`/run/netns/fake-${n++}`),
  cleanup: async () => undefined,
}));

test("FakeNetKernel: namespaces are separate", async () => {
  const k = new FakeNetKernel();
  const a = netnsAt("/run/netns/a");
  await k.createBridge(a, { name: "br-0", alias: "", addresses: ["10.0.0.1/24"], ipv6: false });
  await k.createBridge(CURRENT_NETNS, { name: "br-0", alias: "", addresses: [], ipv6: false });
  assert.deepEqual((await k.listLinks(netnsAt("/run/netns/b"))).map((l) => l.name), ["lo"]);
  assert.deepEqual(await k.onLinkRoutes(a), ["10.0.0.0/24"]);
  assert.deepEqual(await k.onLinkRoutes(CURRENT_NETNS), []);
});

test("FakeNetKernel: failNext injects one failure into one method", async () => {
  const k = new FakeNetKernel();
  k.failNext("createBridge");
  const spec = { name: "br-0", alias: "", addresses: [], ipv6: false };
  await assert.rejects(k.createBridge(CURRENT_NETNS, spec), (e: unknown) => isBerthError(e, "System") && /injected/.test(e.message));
  assert.deepEqual((await k.listLinks(CURRENT_NETNS)).map((l) => l.name), ["lo"]);
  await k.createBridge(CURRENT_NETNS, spec);
  assert.equal((await k.listLinks(CURRENT_NETNS)).length, 2);
});

test("FakeNetKernel: listLinks returns copies", async () => {
  const k = new FakeNetKernel();
  await k.createBridge(CURRENT_NETNS, { name: "br-0", alias: "", addresses: ["10.0.0.1/24"], ipv6: false });
  const [, br] = await k.listLinks(CURRENT_NETNS);
  (br?.addresses as string[]).push("1.2.3.4/8");
  assert.deepEqual((await k.listLinks(CURRENT_NETNS))[1]?.addresses, ["10.0.0.1/24"]);
});
