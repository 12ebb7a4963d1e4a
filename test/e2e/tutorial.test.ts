/**
 * End-to-end: the tutorial (../shared/seed) with busybox in place of postgres:11, driven by
 * the real docker CLI against a real berthd, with real containers under runc.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { dockerOk } from "../harness/cli-assert.js";
import { TestDaemon, hasDocker, isRoot } from "../harness/daemon.js";
import { hasBusybox, importBusybox } from "../harness/busybox.js";

const skip = !isRoot() ? "needs root" : !hasDocker() ? "needs the docker CLI" : !hasBusybox() ? "needs busybox-static" : false;

describe("the tutorial, word for word", { skip }, () => {
  let d: TestDaemon;
  let data: string;
  before(async () => {
    d = new TestDaemon("tut");
    await d.start();
    importBusybox(d);
    data = mkdtempSync(path.join(tmpdir(), "berth-pgdata-"));
  });
  after(async () => {
    if (d) for (const c of ["pgserver", "client"]) d.docker(["rm", "-f", c]);
    await d?.dispose();
    rmSync(data, { recursive: true, force: true });
  });
  const ok = (args: string[]): string => dockerOk(d, args);

  test("create mynet, run pgserver on it, reach it from another container", () => {
    ok(["network", "create", "--driver", "bridge", "--subnet", "192.168.0.0/16", "--gateway", "192.168.0.1", "mynet"]);
    ok(["run", "-itd", "-v", `${data}/pg_data/:/data`, "-w", "/data", "-e", "POSTGRES_PASSWORD=password", "--net", "mynet",
      "--name", "pgserver", "-p", "5432:5432", "busybox", "sh"]);
    const ip = ok(["inspect", "-f", "{{.NetworkSettings.Networks.mynet.IPAddress}}", "pgserver"]).trim();
    assert.equal(ip, "192.168.0.2");
    assert.equal(ok(["exec", "pgserver", "sh", "-c", "pwd; echo $POSTGRES_PASSWORD"]), "/data\npassword\n");
    const ping = d.docker(["run", "--rm", "--net", "mynet", "busybox", "ping", "-c", "1", "-W", "2", ip]);
    assert.equal(ping.code, 0, ping.stdout + ping.stderr);
    assert.match(ping.stdout, /1 packets received/);
    assert.match(ok(["ps"]), /pgserver/);
  });

  test("mynet02, network connect, inspect lists pgserver, eth1 in 192.167.0.0/16, reachable", () => {
    ok(["network", "create", "--driver", "bridge", "--subnet", "192.167.0.0/16", "--gateway", "192.167.0.1", "mynet02"]);
    ok(["network", "connect", "mynet02", "pgserver"]);
    const containers = JSON.parse(ok(["network", "inspect", "mynet02", "-f", "{{json .Containers}}"])) as Record<string, { Name: string; IPv4Address: string }>;
    const eps = Object.values(containers);
    assert.equal(eps.length, 1);
    assert.equal(eps[0]?.Name, "pgserver");
    assert.equal(eps[0]?.IPv4Address, "192.167.0.2/16");
    assert.match(ok(["exec", "pgserver", "ip", "addr", "show", "eth1"]), /inet 192\.167\.0\.2\/16/);
    const ping = d.docker(["run", "--rm", "--net", "mynet02", "busybox", "ping", "-c", "1", "-W", "2", "192.167.0.2"]);
    assert.equal(ping.code, 0, ping.stdout + ping.stderr);
  });

  test("disconnect removes eth1 at once; networks of different bridges cannot reach each other", () => {
    ok(["network", "disconnect", "mynet02", "pgserver"]);
    assert.notEqual(d.docker(["exec", "pgserver", "ip", "addr", "show", "eth1"]).code, 0);
    const cross = d.docker(["run", "--rm", "--net", "mynet02", "busybox", "ping", "-c", "1", "-W", "1", "192.168.0.2"]);
    assert.notEqual(cross.code, 0, `isolation between bridge networks: ${cross.stdout}\n${d.nft(["list", "ruleset"]).stdout}\n${d.ip(["-br", "addr"]).stdout}`);
  });
});
