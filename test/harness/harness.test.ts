import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { exec } from "../../src/kernel/exec.js";
import { listNetns } from "../../src/kernel/netns.js";
import { guardDrops, guardIsOn, guardOff, guardOn, guardRuleset } from "./egress-guard.js";
import { assertNoLeaks, leftovers, snapshotKernel, type KernelSnapshot } from "./leak-check.js";
import { createTestNetns, testNetns, type TestNetns } from "./netns-fixture.js";
import { kernelSkipReason } from "./root.js";

const empty: KernelSnapshot = { netns: [], links: [], nftTables: [], mounts: [], processes: [] };

test("leftovers: only what appeared, per kind; assertNoLeaks lists it", () => {
  const before = { ...empty, netns: ["a"], links: ["br-1"] };
  const after = { ...empty, netns: ["a", "bt-x-1"], links: [], nftTables: ["inet berth"] };
  assert.deepEqual(leftovers(before, after), { ...empty, netns: ["bt-x-1"], nftTables: ["inet berth"] });
  assert.throws(() => assertNoLeaks(before, after), /netns: bt-x-1\nnftTables: inet berth/);
  assertNoLeaks(after, { ...after, netns: ["a"] }); // what went away is no leak
});

test("guardRuleset: forward hook at -150, one counted drop per uplink", () => {
  assert.equal(
    guardRuleset(["eth0"]),
    "table inet berth_test_egress_guard {\n\tchain guardforward {\n\t\ttype filter hook forward priority -150; policy accept;\n" +
      '\t\toifname "eth0" counter drop comment "egress guard: no forwarded traffic leaves via the uplink"\n\t}\n}\n',
  );
  assert.throws(() => guardRuleset(['eth0" accept']), /unexpected uplink/);
});

describe("on the kernel", { skip: kernelSkipReason() ?? false }, () => {
  test("createTestNetns: unique bt- name, lo up, dispose idempotent; the census sees it", async () => {
    const a = await createTestNetns("hx");
    try {
      assert.match(a.name, /^bt-hx-[0-9a-f]{6}$/);
      const { stdout } = await exec(["ip", "-j", "link", "show", "dev", "lo"], { netns: a.ns });
      assert.ok((JSON.parse(stdout) as Array<{ flags: string[] }>)[0]?.flags.includes("UP"));
      assert.ok((await snapshotKernel()).netns.includes(a.name));
    } finally {
      await a.dispose();
    }
    await a.dispose();
    assert.ok(!(await listNetns()).includes(a.name));
    assert.ok(!(await snapshotKernel()).netns.includes(a.name));
  });

  test("egress guard: drops forwarded traffic leaving by the uplink, and only while on", async (t) => {
    const [client, gw, peer] = [await testNetns(t, "hx-a"), await testNetns(t, "hx-g"), await testNetns(t, "hx-b")];
    await buildRouter(client, gw, peer);
    const peerRx = async (): Promise<number> => {
      const { stdout } = await exec(["ip", "-j", "-s", "link", "show", "dev", "b0"], { netns: peer.ns });
      return (JSON.parse(stdout) as Array<{ stats64: { rx: { packets: number } } }>)[0]?.stats64.rx.packets ?? -1;
    };
    const send = () => exec([process.execPath, "-e", SEND_UDP], { netns: client.ns });

    assert.deepEqual(await guardOn({ ns: gw.ns }), { state: "on", uplinks: ["u0"] });
    assert.deepEqual(await guardOn({ ns: gw.ns }), { state: "already-on" });
    const rx0 = await peerRx();
    await send();
    assert.ok(((await guardDrops({ ns: gw.ns })) ?? 0) >= 1, "the guard counted the drop");
    assert.equal(await peerRx(), rx0, "nothing reached the uplink's far side");

    assert.equal(await guardOff({ ns: gw.ns }), true);
    assert.equal(await guardIsOn({ ns: gw.ns }), false);
    await send();
    assert.ok((await peerRx()) > rx0, "without the guard the packet leaves by the uplink");
    assert.equal(await guardOff({ ns: gw.ns }), false);
    assert.deepEqual(await guardOn({ ns: peer.ns }), { state: "no-uplink" });
  });
});

/** One UDP datagram to a documentation address; the peer namespace has no route beyond itself. */
const SEND_UDP = `const s = require("node:dgram").createSocket("udp4"); s.send("x", 9, "203.0.113.7", () => s.close());`;

/** client(a0) -- (g0)gw(u0, default route) -- (b0)peer; IPv4 only, forwarding on in gw. */
async function buildRouter(client: TestNetns, gw: TestNetns, peer: TestNetns): Promise<void> {
  for (const n of [client, gw, peer]) {
    await exec(["sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1"], { netns: n.ns });
  }
  await exec(["sysctl", "-q", "-w", "net.ipv4.ip_forward=1"], { netns: gw.ns });
  const batch = (n: TestNetns, lines: string[]) => exec(["ip", "-batch", "-"], { netns: n.ns, stdin: lines.join("\n") + "\n" });
  await batch(gw, [
    `link add name g0 type veth peer name a0 netns ${client.name}`,
    `link add name u0 type veth peer name b0 netns ${peer.name}`,
    "address add 10.61.0.1/24 dev g0", "address add 10.62.0.1/24 dev u0",
    "link set dev g0 up", "link set dev u0 up", "route add default via 10.62.0.2 dev u0",
  ]);
  await batch(client, ["address add 10.61.0.2/24 dev a0", "link set dev a0 up", "route add default via 10.61.0.1"]);
  await batch(peer, ["address add 10.62.0.2/24 dev b0", "link set dev b0 up"]);
}
