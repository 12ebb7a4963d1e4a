/**
 * End-to-end: after kill -9 and a restart every network is back exactly, and the kernel is
 * made to match the store (missing bridges and rules recreated, Berth's orphans removed,
 * other people's links untouched). A second daemon cannot take the same root.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { ownerId } from "../../src/daemon/owner.js";
import { REPO, TestDaemon, hasDocker, isRoot, run } from "../harness/daemon.js";

const skip = !isRoot() ? "needs root" : !hasDocker() ? "needs the docker CLI" : false;

describe("restarts and crashes", { skip }, () => {
  let d: TestDaemon;
  before(async () => {
    d = new TestDaemon("rst");
    await d.start();
  });
  after(async () => {
    await d?.dispose();
  });

  const inspectAll = (): string => {
    const ids = d.docker(["network", "ls", "-q", "--no-trunc"]).stdout.trim().split("\n").sort();
    return d.docker(["network", "inspect", ...ids]).stdout;
  };

  test("kill -9, hand-made damage, restart: networks identical and the kernel repaired", async () => {
    assert.equal(d.docker(["network", "create", "--subnet", "10.50.0.0/24", "--gateway", "10.50.0.1", "keep1"]).code, 0);
    assert.equal(d.docker(["network", "create", "--label", "a=b", "-o", "com.docker.network.bridge.enable_icc=false", "keep2"]).code, 0);
    const before = inspectAll();
    const id1 = JSON.parse(d.docker(["network", "inspect", "keep1"]).stdout)[0].Id as string;

    await d.stop("SIGKILL");
    // Damage while the daemon is down: a bridge and the whole ruleset gone, an orphan of ours, a stranger's link.
    assert.equal(d.ip(["link", "del", `br-${id1.slice(0, 12)}`]).code, 0);
    assert.equal(d.nft(["flush", "ruleset"]).code, 0);
    const owner = `berth:${ownerId(d.root)}:`;
    assert.equal(d.ip(["link", "add", "br-orphan", "type", "bridge"]).code, 0);
    assert.equal(d.ip(["link", "set", "br-orphan", "alias", `${owner}${"f".repeat(64)}`]).code, 0);
    assert.equal(d.ip(["link", "add", "bt-stranger", "type", "bridge"]).code, 0);

    await d.start();
    assert.equal(inspectAll(), before, "every network is back exactly");
    const br = JSON.parse(d.ip(["-j", "addr", "show", "dev", `br-${id1.slice(0, 12)}`]).stdout)[0];
    assert.ok(br.addr_info.some((a: { local: string }) => a.local === "10.50.0.1"), "deleted bridge recreated with its gateway");
    assert.notEqual(d.ip(["link", "show", "br-orphan"]).code, 0, "orphan removed");
    assert.equal(d.ip(["link", "show", "bt-stranger"]).code, 0, "a link Berth did not make is untouched");
    const rules = d.nft(["list", "ruleset"]).stdout;
    assert.match(rules, /10\.50\.0\.0\/24/, "rules re-applied");
  });

  test("a second daemon on the same root is refused", () => {
    const r = run(["nsenter", `--net=/run/netns/${d.netns}`, "--", "node", `${REPO}/dist/src/daemon/main.js`,
      "--root", d.root, "--exec-root", `${d.execRoot}2`, "--socket", `${d.socket}2`]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /another berthd/);
  });
});
