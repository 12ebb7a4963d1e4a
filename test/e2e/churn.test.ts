/**
 * End-to-end churn: 200 containers started and removed on one network, and 200
 * connect/disconnect pairs on one running container, leave no veth, sandbox, mount,
 * address or process behind.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { TestDaemon, hasDocker, isRoot, run } from "../harness/daemon.js";
import { hasBusybox, importBusybox } from "../harness/busybox.js";
import { apiRequest } from "../harness/api-client.js";

const skip = !isRoot() ? "needs root" : !hasDocker() ? "needs the docker CLI" : !hasBusybox() ? "needs busybox-static" : false;
const N = Number(process.env["BERTH_CHURN"] ?? 200);

describe(`churn (${N} containers, ${N} connect/disconnect pairs)`, { skip }, () => {
  let d: TestDaemon;
  before(async () => {
    d = new TestDaemon("churn");
    await d.start();
    importBusybox(d);
    assert.equal(d.docker(["network", "create", "--subnet", "10.66.0.0/16", "churnnet"]).code, 0);
    assert.equal(d.docker(["network", "create", "side"]).code, 0);
  });
  after(async () => {
    await d?.dispose();
  });

  /** What containers leave in the kernel and on disk. */
  function footprint(): string {
    const links = d.ip(["-br", "link"]).stdout.split("\n").map((l) => l.split(/[\s@]+/)[0] ?? "").filter((n) => n.startsWith("veth")).sort();
    const sandboxes = readdirSync("/run/netns").filter((n) => n.startsWith(d.sandboxPrefix)).sort();
    const mounts = readFileSync("/proc/mounts", "utf8").split("\n").map((l) => l.split(" ")[1] ?? "").filter((m) => m.startsWith(d.dir)).sort();
    const monitors = run(["pgrep", "-f", `^/usr/bin/conmon .*${d.execRoot}/`]).stdout.trim().split("\n").filter((s) => s !== "").length;
    const addrs = d.docker(["network", "inspect", "churnnet", "side", "-f", "{{len .Containers}}"]).stdout.trim();
    return JSON.stringify({ links, sandboxes, mounts, monitors, addrs }, null, 1);
  }

  const post = (path: string, body?: unknown) =>
    apiRequest(d.socket, "POST", `/v1.47${path}`, body === undefined ? "" : JSON.stringify(body), { "Content-Type": "application/json" });

  test(`${N} containers started and removed on one network`, async () => {
    const before = footprint();
    const batch = 4;
    for (let i = 0; i < N; i += batch) {
      await Promise.all(Array.from({ length: Math.min(batch, N - i) }, async (_, k) => {
        const created = await post("/containers/create", { Image: "busybox", Cmd: ["sleep", "600"], HostConfig: { NetworkMode: "churnnet" } });
        assert.equal(created.status, 201, created.body);
        const id = JSON.parse(created.body).Id as string;
        const started = await post(`/containers/${id}/start`);
        assert.equal(started.status, 204, `start ${i + k}: ${started.body}`);
        const removed = await apiRequest(d.socket, "DELETE", `/v1.47/containers/${id}?force=1`);
        assert.equal(removed.status, 204, removed.body);
      }));
    }
    assert.equal(d.docker(["ps", "-aq"]).stdout.trim(), "");
    assert.equal(footprint(), before);
  });

  test(`${N} connect/disconnect pairs on one running container`, async () => {
    assert.equal(d.docker(["run", "-d", "--name", "hub", "--net", "churnnet", "busybox", "sleep", "600"]).code, 0);
    const before = footprint();
    for (let i = 0; i < N; i++) {
      const c = await post("/networks/side/connect", { Container: "hub" });
      assert.equal(c.status, 200, `connect ${i}: ${c.body}`);
      const x = await post("/networks/side/disconnect", { Container: "hub" });
      assert.equal(x.status, 200, `disconnect ${i}: ${x.body}`);
    }
    assert.equal(footprint(), before);
    assert.deepEqual(d.docker(["exec", "hub", "ls", "/sys/class/net"]).stdout.trim().split(/\s+/).sort(), ["eth0", "lo"]);
    assert.equal(d.docker(["rm", "-f", "hub"]).code, 0);
  });
});
