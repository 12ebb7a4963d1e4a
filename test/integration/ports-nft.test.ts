/**
 * Published ports on the real kernel, in a scratch namespace: the whole table with port maps
 * applies; publishing and unpublishing are element deltas of one transaction whose size does
 * not depend on what is already published; isIntact sees the elements; a deleted map element
 * is noticed.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { exec } from "../../src/kernel/exec.js";
import { realNft } from "../../src/kernel/nft.js";
import { Firewall } from "../../src/firewall/firewall.js";
import { renderPortsDelta } from "../../src/firewall/render-ports.js";
import type { FirewallNetwork, FirewallPort, FirewallState } from "../../src/firewall/state.js";
import { kernelSkipReason } from "../harness/root.js";
import { suiteNetns } from "../harness/netns-fixture.js";

const NET: FirewallNetwork = {
  id: "5".repeat(64), name: "pnet", bridge: "br-it-ports", subnets4: ["10.77.0.0/24"], subnets6: ["fd00:77::/64"],
  masquerade: true, icc: true, internal: false,
};
const port = (c: number, hostStart: number, extra: Partial<FirewallPort> = {}): FirewallPort => ({
  networkId: NET.id, networkName: NET.name, containerId: c.toString(16).padStart(64, "0"), containerName: `c${c}`,
  family: 4, proto: "tcp", hostIp: "", hostStart, hostEnd: hostStart, target: `10.77.0.${(c % 250) + 2}`, targetStart: 80, ...extra,
});

describe("published ports in nftables (kernel)", { skip: kernelSkipReason() ?? false }, () => {
  const ns = suiteNetns("ports");
  const table = "berth_itports";

  test("element deltas on the live table; isIntact follows them; cost independent of what is published", async () => {
    const fw = new Firewall(realNft, ns().ns, table);
    const existing = Array.from({ length: 2000 }, (_, i) => port(i, 30000 + i));
    const base: FirewallState = { networks: [NET], ports: existing };
    await fw.apply(base);
    assert.equal(await fw.isIntact(base), true);

    const mine = [
      port(9999, 8080),
      port(9999, 20000, { proto: "udp", hostEnd: 20999, targetStart: 20000 }),
      port(9999, 8443, { family: 6, hostIp: "2001:db8::1", target: "fd00:77::9", targetStart: 443 }),
    ];
    const delta = renderPortsDelta(table, mine, []);
    assert.ok(!delta.includes("30000"), "the delta names none of the 2,000 ports already published");
    assert.equal(delta.length, renderPortsDelta(table, mine.map((p) => ({ ...p })), []).length);
    await fw.updatePorts(mine, []);
    const after: FirewallState = { networks: [NET], ports: [...existing, ...mine] };
    assert.equal(await fw.isIntact(after), true);
    const live = (await realNft.listTable("inet", table, ns().ns)) ?? "";
    assert.match(live, /0\.0\.0\.0\/0 \. udp \. 20000-20999 comment "berth ctr c9999/);
    assert.match(live, /2001:db8::1 \. tcp \. 8443 comment "[^"]*" : fd00:77::9 \. 443/);

    await fw.updatePorts([], mine);
    assert.equal(await fw.isIntact(base), true);
    assert.ok(!((await realNft.listTable("inet", table, ns().ns)) ?? "").includes("20000-20999"));

    // Someone deletes one element behind Berth's back: no longer intact.
    await exec(["nft", "delete", "element", "inet", table, "published4-any", "{ tcp . 30005 }"], { netns: ns().ns });
    assert.equal(await fw.isIntact(base), false);
    await fw.apply(base);
    assert.equal(await fw.isIntact(base), true);
  });

  test("a refused delta changes nothing (one transaction)", async () => {
    const fw = new Firewall(realNft, ns().ns, table);
    const base: FirewallState = { networks: [NET], ports: [port(1, 8080)] };
    await fw.apply(base);
    const before = await realNft.listTable("inet", table, ns().ns);
    // The last statement deletes an element that does not exist: the whole transaction is refused.
    await assert.rejects(fw.updatePorts([port(2, 9000), port(3, 9001, { hostIp: "127.0.0.1", target: "10.77.0.9" })], [port(1, 8080), port(4, 7777)]));
    assert.equal(await realNft.listTable("inet", table, ns().ns), before);
  });
});
