import { test } from "node:test";
import assert from "node:assert/strict";
import { FirewallWatch, touchesForeignForward, touchesTable } from "./firewall-watch.js";
import { PassThrough } from "node:stream";
import { CURRENT_NETNS, type PersistentChild } from "../../kernel/exec.js";

test("deletions and flushes in Berth's tables are noticed; other tables and additions are not", () => {
  assert.equal(touchesTable("delete table inet berth", "berth"), true);
  assert.equal(touchesTable("delete chain bridge berth forward", "berth"), true);
  assert.equal(touchesTable("delete rule inet berth nat-output handle 7", "berth"), true);
  assert.equal(touchesTable("add element inet berth published4 { 1 }", "berth"), false);
  assert.equal(touchesTable("delete element inet berth published4-any { tcp . 80 }", "berth"), false);
  assert.equal(touchesTable("delete table inet berth_test", "berth"), false);
  assert.equal(touchesTable("delete table ip filter", "berth"), false);
});

test("check() repairs only when the tables are not intact, and counts it", async () => {
  let intact = true;
  let repaired = 0;
  const logs: string[] = [];
  const w = new FirewallWatch({
    spawn: () => { throw new Error("not spawned in this test"); },
    netns: CURRENT_NETNS, table: "berth",
    isIntact: async () => intact,
    repair: async () => { repaired++; intact = true; },
    log: (l) => logs.push(l),
  });
  await w.check();
  assert.equal(repaired, 0);
  intact = false;
  await w.check();
  assert.equal(repaired, 1);
  assert.equal(w.repairs, 1);
  assert.match(logs.join("\n"), /re-applied/);
});

test("the monitor schedules a check for outside deletions only, not for Berth's own transactions", async () => {
  const out = new PassThrough();
  let checks = 0;
  const child: PersistentChild = {
    argv: ["nft", "monitor"], pid: 1, stdin: new PassThrough(), stdout: out, stderr: new PassThrough(),
    exited: new Promise(() => undefined), kill: () => undefined, unref: () => undefined,
  };
  const w = new FirewallWatch({
    spawn: () => child,
    netns: CURRENT_NETNS, table: "berth",
    isIntact: async () => { checks++; return true; },
    repair: async () => undefined,
    log: () => undefined,
    ownPids: () => new Set([4242]),
    debounceMs: 1,
    periodMs: 60_000,
  });
  w.start();
  const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 30));
  out.write("flush table inet berth\nadd table inet berth\n# new generation 5 by process 4242 (nft)\n");
  await settle();
  assert.equal(checks, 0, "Berth's own replace of its table");
  out.write("add table ip filter\n# new generation 6 by process 77 (nft)\n");
  await settle();
  assert.equal(checks, 0, "someone else's change elsewhere");
  out.write("delete table inet berth\n# new generation 7 by process 77 (nft)\n");
  await settle();
  assert.equal(checks, 1, "someone else deleted Berth's table");
  w.stop();
});

test("touchesForeignForward: iptables-nft changes to FORWARD or DOCKER-USER (Docker starting, a flush), not Docker's other chains", () => {
  for (const line of [
    "add chain ip filter DOCKER-USER",
    "add rule ip filter FORWARD counter packets 0 bytes 0 jump DOCKER-USER",
    "flush chain ip6 filter DOCKER-USER",
    "delete table ip filter",
    "add table ip filter",
    "delete rule ip filter DOCKER-USER handle 12",
  ])
    assert.equal(touchesForeignForward(line), true, line);
  for (const line of ["add rule ip filter DOCKER counter accept", "add rule ip nat POSTROUTING masquerade", "add rule inet berth filter-forward accept", "# new generation 3 by process 9 (iptables)"])
    assert.equal(touchesForeignForward(line), false, line);
});
