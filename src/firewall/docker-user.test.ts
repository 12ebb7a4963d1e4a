import { test } from "node:test";
import assert from "node:assert/strict";
import type { ChainView, Iptables, IptablesBinary } from "../kernel/iptables.js";
import { parseChain } from "../kernel/iptables.js";
import { DOCKER_USER, DockerCoexistence, acceptRule, isAcceptRule } from "./docker-user.js";

/** iptables in memory: chains per binary, rules as `iptables -S` prints them. */
function fakeIptables(chains: Partial<Record<IptablesBinary, Record<string, ChainView>>>): Iptables & { calls: string[] } {
  const calls: string[] = [];
  const print = (rule: readonly string[]): string => rule.map((a) => (a.includes(" ") ? `"${a}"` : a)).join(" ").replace("0x01000000/0x01000000", "0x1000000/0x1000000");
  return {
    calls,
    chain: async (bin, chain) => chains[bin]?.[chain],
    insert: async (bin, chain, rule) => {
      calls.push(`${bin} -I ${chain}`);
      const c = chains[bin]?.[chain];
      if (!c) throw new Error(`no chain ${chain}`);
      (chains[bin] as Record<string, ChainView>)[chain] = { ...c, rules: [print(rule), ...c.rules] };
    },
    delete: async (bin, chain) => {
      calls.push(`${bin} -D ${chain}`);
      const c = chains[bin]?.[chain];
      if (c) (chains[bin] as Record<string, ChainView>)[chain] = { ...c, rules: c.rules.filter((r) => !isAcceptRule(r)) };
    },
  };
}

const dockerChains = (): Record<string, ChainView> => ({
  FORWARD: { policy: "DROP", rules: ["-j DOCKER-USER", "-j DOCKER-ISOLATION-STAGE-1"] },
  [DOCKER_USER]: { policy: undefined, rules: ["-j RETURN"] },
});

test("with Docker's DOCKER-USER: one accept for Berth's mark, added once, for each family that has the chain", async () => {
  const ipt = fakeIptables({ iptables: dockerChains() });
  const logs: string[] = [];
  const c = new DockerCoexistence({ iptables: ipt, log: (l) => logs.push(l) });
  assert.deepEqual(await c.ensure(), { iptables: "accept-in-docker-user", ip6tables: "no-forward-drop" });
  assert.deepEqual(await c.ensure(), { iptables: "accept-in-docker-user", ip6tables: "no-forward-drop" });
  assert.deepEqual(ipt.calls, ["iptables -I DOCKER-USER"], "inserted once, at the top");
  const user = await ipt.chain("iptables", DOCKER_USER);
  assert.equal(user?.rules.length, 2);
  assert.ok(isAcceptRule(user?.rules[0] ?? ""));
  assert.equal(user?.rules[1], "-j RETURN", "Docker's own rule stays");
  assert.equal((await ipt.chain("iptables", "FORWARD"))?.policy, "DROP", "the policy is never changed");
  assert.equal(logs.length, 1);
  await c.remove();
  assert.deepEqual((await ipt.chain("iptables", DOCKER_USER))?.rules, ["-j RETURN"]);
});

test("FORWARD DROP without DOCKER-USER: nothing is changed, one warning that says what to run", async () => {
  const ipt = fakeIptables({ iptables: { FORWARD: { policy: "DROP", rules: [] } } });
  const logs: string[] = [];
  const c = new DockerCoexistence({ iptables: ipt, log: (l) => logs.push(l) });
  assert.equal((await c.ensure()).iptables, "forward-drop-without-docker-user");
  await c.ensure();
  assert.deepEqual(ipt.calls, []);
  assert.equal(logs.length, 1, "warned once");
  assert.match(logs[0] ?? "", /iptables -I FORWARD -m connmark --mark 0x1000000\/0x1000000 -m comment --comment "berth: .*" -j ACCEPT/);
});

test("no iptables at all, or an accepting FORWARD: nothing to do; a failing iptables is logged, not thrown", async () => {
  assert.deepEqual(await new DockerCoexistence({ iptables: fakeIptables({}), log: () => undefined }).ensure(), {
    iptables: "no-forward-drop",
    ip6tables: "no-forward-drop",
  });
  const logs: string[] = [];
  const broken: Iptables = { chain: () => Promise.reject(new Error("xtables lock")), insert: async () => undefined, delete: async () => undefined };
  await new DockerCoexistence({ iptables: broken, log: (l) => logs.push(l) }).ensure();
  assert.equal(logs.length, 2);
  assert.match(logs[0] ?? "", /xtables lock/);
});

test("acceptRule matches what iptables -S prints back", () => {
  const printed = '-m connmark --mark 0x1000000/0x1000000 -m comment --comment "berth: connections filtered by the berth nftables table" -j ACCEPT';
  assert.ok(isAcceptRule(printed));
  assert.ok(!isAcceptRule("-m connmark --mark 0x1000000/0x1000000 -j DROP"));
  assert.deepEqual(acceptRule().slice(0, 4), ["-m", "connmark", "--mark", "0x1000000/0x1000000"]);
  const view = parseChain("FORWARD", "-P FORWARD DROP\n-A FORWARD -j DOCKER-USER\n-A FORWARD -o docker0 -j DOCKER\n");
  assert.deepEqual(view, { policy: "DROP", rules: ["-j DOCKER-USER", "-o docker0 -j DOCKER"] });
});
