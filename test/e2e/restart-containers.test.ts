/**
 * End-to-end: containers keep running, logging and recording their exit codes while berthd
 * is killed; after a restart the daemon sees them as they are, keeps their networks and
 * static addresses, and records exits that happened while it was down.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { dockerOk } from "../harness/cli-assert.js";
import { TestDaemon, hasDocker, isRoot } from "../harness/daemon.js";
import { hasBusybox, importBusybox } from "../harness/busybox.js";

const skip = !isRoot() ? "needs root" : !hasDocker() ? "needs the docker CLI" : !hasBusybox() ? "needs busybox-static" : false;

describe("containers across berthd restarts", { skip }, () => {
  let d: TestDaemon;
  before(async () => {
    d = new TestDaemon("rsc");
    await d.start();
    importBusybox(d);
  });
  after(async () => {
    await d?.dispose();
  });
  const ok = (args: string[]): string => dockerOk(d, args);

  test("kill -9 of berthd leaves containers running; exits while down are recorded", async () => {
    ok(["network", "create", "--subnet", "10.77.0.0/24", "keepnet"]);
    ok(["run", "-d", "--name", "stay", "--net", "keepnet", "--ip", "10.77.0.9", "busybox", "sh", "-c", "echo started; sleep 600"]);
    ok(["run", "-d", "--name", "short", "busybox", "sh", "-c", "sleep 2; echo bye; exit 7"]);
    await d.stop("SIGKILL");
    await new Promise((r) => setTimeout(r, 3000));
    await d.start();
    assert.equal(ok(["inspect", "-f", "{{.State.Status}}", "stay"]).trim(), "running");
    assert.equal(ok(["inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "short"]).trim(), "exited 7");
    assert.equal(ok(["logs", "short"]), "bye\n");
    assert.equal(ok(["logs", "stay"]), "started\n");
    assert.match(ok(["exec", "stay", "ip", "-4", "addr", "show", "eth0"]), /10\.77\.0\.9\/24/);
  });

  test("a restarted container keeps its networks and static address", () => {
    ok(["restart", "-t", "1", "stay"]);
    assert.equal(ok(["inspect", "-f", "{{.NetworkSettings.Networks.keepnet.IPAddress}}", "stay"]).trim(), "10.77.0.9");
    assert.match(ok(["exec", "stay", "ip", "-4", "addr", "show", "eth0"]), /10\.77\.0\.9\/24/);
  });
});
