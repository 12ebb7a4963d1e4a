/**
 * End-to-end: network modes, --link, /etc files, live connect/disconnect, and Docker's
 * errors for bad container input, with the real docker CLI against a real berthd.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { dockerOk, dockerFails } from "../harness/cli-assert.js";
import { TestDaemon, hasDocker, isRoot } from "../harness/daemon.js";
import { apiRequest } from "../harness/api-client.js";
import { hasBusybox, importBusybox } from "../harness/busybox.js";

const skip = !isRoot() ? "needs root" : !hasDocker() ? "needs the docker CLI" : !hasBusybox() ? "needs busybox-static" : false;

describe("containers on networks", { skip }, () => {
  let d: TestDaemon;
  before(async () => {
    d = new TestDaemon("ctr");
    await d.start();
    importBusybox(d);
    assert.equal(d.docker(["network", "create", "--subnet", "10.88.0.0/24", "net1"]).code, 0);
    assert.equal(d.docker(["network", "create", "net2"]).code, 0);
  });
  after(async () => {
    await d?.dispose();
  });
  const ok = (args: string[]): string => dockerOk(d, args);
  const fails = (args: string[], status: RegExp | string, code?: number): void => dockerFails(d, args, status, code);

  test("run --rm streams output and returns the exit code", () => {
    const r = d.docker(["run", "--rm", "busybox", "sh", "-c", "echo out; echo err >&2; exit 3"]);
    assert.equal(r.code, 3);
    assert.equal(r.stdout, "out\n");
    assert.equal(r.stderr, "err\n");
  });

  test("run --rm of a quick command never loses its output (the log outlives the removal)", () => {
    // In another container's namespace there is no network to tear down, so the removal
    // follows the exit at once: the race that lost output.
    ok(["run", "-d", "--name", "nshost", "busybox", "sleep", "600"]);
    for (let i = 0; i < 30; i++) {
      const r = d.docker(["run", "--rm", "--net", "container:nshost", "busybox", "echo", `round ${i}`]);
      assert.equal(`${r.code} ${r.stdout}`, `0 round ${i}\n`, r.stderr);
    }
    ok(["rm", "-f", "nshost"]);
  });

  test("a command missing from the image exits 127 as Docker", () => {
    const r = d.docker(["run", "--rm", "busybox", "/no/such/binary"]);
    assert.equal(r.code, 127, r.stderr);
  });

  test("exec of a missing command exits 127; resize of a stopped container is refused (409)", async () => {
    ok(["run", "-d", "--name", "execme", "busybox", "sleep", "600"]);
    assert.equal(d.docker(["exec", "execme", "/no/such/binary"]).code, 127);
    assert.equal(d.docker(["exec", "execme", "sh", "-c", "exit 5"]).code, 5);
    ok(["stop", "-t", "0", "execme"]);
    const r = await apiRequest(d.socket, "POST", "/v1.47/containers/execme/resize?h=24&w=80");
    assert.equal(r.status, 409, r.body);
    assert.match(r.body, /is not running/);
    ok(["rm", "execme"]);
  });

  test("--net none has only lo; --net host sees the daemon's interfaces", () => {
    assert.equal(ok(["run", "--rm", "--net", "none", "busybox", "ls", "/sys/class/net"]).trim().split(/\s+/).join(","), "lo");
    assert.match(ok(["run", "--rm", "--net", "host", "busybox", "ls", "/sys/class/net"]), /berth0/);
  });

  test("container:<name> joins that container's namespace: same interfaces and addresses", () => {
    ok(["run", "-d", "--name", "base", "--net", "net1", "busybox", "sleep", "600"]);
    const own = ok(["exec", "base", "ip", "-4", "addr", "show", "eth0"]);
    const joined = ok(["run", "--rm", "--net", "container:base", "busybox", "ip", "-4", "addr", "show", "eth0"]);
    assert.equal(joined, own);
    fails(["run", "--rm", "--net", "container:base", "-p", "80:80", "busybox", "true"], "conflicting options: port publishing and the container type network mode");
    fails(["run", "--rm", "--net", "container:base", "--hostname", "x", "busybox", "true"], "conflicting options: hostname and the network mode");
  });

  test("a container on two networks: eth0 and eth1, default route via the first", () => {
    ok(["run", "-d", "--name", "multi", "--net", "net1", "busybox", "sleep", "600"]);
    ok(["network", "connect", "--alias", "m2", "net2", "multi"]);
    const ifs = ok(["exec", "multi", "ls", "/sys/class/net"]).trim().split(/\s+/).sort();
    assert.deepEqual(ifs, ["eth0", "eth1", "lo"]);
    assert.match(ok(["exec", "multi", "ip", "route"]), /default via 10\.88\.0\.1 dev eth0/);
    fails(["network", "connect", "net2", "multi"], "endpoint with name multi already exists in network net2");
    ok(["network", "disconnect", "net2", "multi"]);
    assert.deepEqual(ok(["exec", "multi", "ls", "/sys/class/net"]).trim().split(/\s+/).sort(), ["eth0", "lo"]);
    fails(["network", "disconnect", "net2", "multi"], /is not connected to network net2/);
    fails(["network", "connect", "host", "multi"], "cannot connect container to host network - container must be created in host network mode");
  });

  test("the root filesystem: detached from the host once running, the writable layer kept across a restart", async () => {
    const id = ok(["run", "-d", "--name", "keeper", "busybox", "sh", "-c", "echo kept > /data.txt; sleep 600"]).trim();
    const mounts = await readFile("/proc/self/mountinfo", "utf8");
    assert.ok(!mounts.includes(id), "the host keeps no mount of a running container's root");
    assert.equal(ok(["exec", "keeper", "cat", "/data.txt"]).trim(), "kept");
    ok(["restart", "-t", "0", "keeper"]);
    assert.equal(ok(["exec", "keeper", "cat", "/data.txt"]).trim(), "kept", "the writable layer survives the restart");
    ok(["rm", "-f", "keeper"]);
  });

  test("a stopped container connected to a network gets it at next start", () => {
    ok(["create", "--name", "later", "--net", "net1", "busybox", "sleep", "600"]);
    ok(["network", "connect", "net2", "later"]);
    ok(["start", "later"]);
    assert.deepEqual(ok(["exec", "later", "ls", "/sys/class/net"]).trim().split(/\s+/).sort(), ["eth0", "eth1", "lo"]);
    ok(["rm", "-f", "later"]);
  });

  test("--link on the default bridge: /etc/hosts entry and legacy env vars", () => {
    ok(["run", "-d", "--name", "db", "--expose", "5432", "-e", "SECRET=s3", "busybox", "sleep", "600"]);
    const dbIp = ok(["inspect", "-f", "{{.NetworkSettings.IPAddress}}", "db"]).trim();
    assert.match(dbIp, /^172\.\d+\.0\.\d+$/);
    const hosts = ok(["run", "--rm", "--link", "db:pg", "busybox", "cat", "/etc/hosts"]);
    assert.match(hosts, new RegExp(`^${dbIp.replace(/\./g, "\\.")}\\tpg [0-9a-f]{12} db$`, "m"));
    const env = ok(["run", "--rm", "--link", "db:pg", "busybox", "env"]);
    assert.match(env, /^PG_NAME=\/[a-z_0-9]+\/pg$/m);
    assert.match(env, new RegExp(`^PG_PORT_5432_TCP=tcp://${dbIp.replace(/\./g, "\\.")}:5432$`, "m"));
    assert.match(env, /^PG_ENV_SECRET=s3$/m);
  });

  test("/etc/hosts and /etc/hostname as Docker writes them; --add-host and --hostname", () => {
    const out = ok(["run", "--rm", "--net", "net1", "--hostname", "web", "--add-host", "gw:10.0.0.9", "busybox", "sh", "-c", "cat /etc/hostname /etc/hosts"]);
    assert.match(out, /^web\n/);
    assert.match(out, /^127\.0\.0\.1\tlocalhost$/m);
    assert.match(out, /^10\.0\.0\.9\tgw$/m);
    assert.match(out, /^10\.88\.0\.\d+\tweb$/m);
  });

  test("static --ip on a user subnet; Docker's errors for bad addresses", () => {
    ok(["run", "-d", "--name", "fixed", "--net", "net1", "--ip", "10.88.0.50", "busybox", "sleep", "600"]);
    assert.equal(ok(["inspect", "-f", "{{.NetworkSettings.Networks.net1.IPAddress}}", "fixed"]).trim(), "10.88.0.50");
    fails(["run", "--rm", "--net", "net1", "--ip", "10.88.0.50", "busybox", "true"], "Address already in use");
    fails(["run", "--rm", "--net", "net1", "--ip", "10.99.0.5", "busybox", "true"], /no configured subnet/);
    fails(["run", "--rm", "--ip", "172.17.0.50", "busybox", "true"], /user specified IP address is supported on user defined networks only/);
    fails(["run", "--rm", "--net", "net2", "--ip", "172.18.0.50", "busybox", "true"],
      "user specified IP address is supported only when connecting to networks with user configured subnets");
  });

  test("bad input: unknown image, network, container; name in use; rm of a running container", () => {
    fails(["run", "--rm", "nosuchimage", "true"], /nosuchimage/);
    fails(["run", "--rm", "--net", "nosuchnet", "busybox", "true"], "network nosuchnet not found");
    fails(["network", "connect", "net1", "nosuchctr"], "No such container: nosuchctr");
    ok(["run", "-d", "--name", "holder", "busybox", "sleep", "600"]);
    fails(["run", "-d", "--name", "holder", "busybox", "true"], 'The container name "/holder" is already in use');
    fails(["rm", "holder"], 'cannot remove container "holder": container is running: stop the container before removing or force remove');
    ok(["rm", "-f", "holder"]);
    fails(["run", "--rm", "-v", "relative:/x", "busybox", "true"], /mount path must be absolute|invalid/);
  });
});
