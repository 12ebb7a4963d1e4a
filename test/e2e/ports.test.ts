/**
 * End-to-end: published ports with the real docker CLI against a real berthd — reachable on
 * 127.0.0.1, the host's addresses, from another container (hairpin) and from an "outside"
 * namespace with the client address preserved; Docker's errors for clashes and bad specs,
 * with nothing half-applied; random host ports shown by `docker port`/`ps`; ranges as one map
 * element; rules back by themselves after `nft flush ruleset`.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { dockerFails, dockerOk } from "../harness/cli-assert.js";
import { TestDaemon, hasDocker, isRoot, run } from "../harness/daemon.js";
import { apiRequest } from "../harness/api-client.js";
import { hasBusybox, importBusybox } from "../harness/busybox.js";
import { Outside, UPLINK4, UPLINK6, eventually, fromContainer, httpIn, serveIn, webCommand } from "./ports-fixture.js";

const skip = !isRoot() ? "needs root" : !hasDocker() ? "needs the docker CLI" : !hasBusybox() ? "needs busybox-static" : false;

describe("published ports", { skip }, () => {
  let d: TestDaemon;
  let out: Outside;
  before(async () => {
    d = new TestDaemon("ports");
    out = new Outside(d);
    out.create();
    await d.start();
    importBusybox(d);
    dockerOk(d, ["network", "create", "--subnet", "10.90.0.0/24", "pnet"]);
    dockerOk(d, ["network", "create", "--subnet", "10.91.0.0/24", "other"]);
    dockerOk(d, ["run", "-d", "--name", "web", "--net", "pnet", "-p", "8080:80", "busybox", ...webCommand()]);
    assert.ok(await eventually(() => host(`http://127.0.0.1:8080/cgi-bin/ip`).code === 0), d.log.slice(-2000));
  });
  after(async () => {
    await d?.dispose();
    out?.dispose();
  });
  const ok = (args: string[]): string => dockerOk(d, args);
  const host = (url: string) => httpIn(d.netns, url);
  const mapText = (): string => d.nft(["list", "table", "inet", "berth"]).stdout;

  test("reachable from the host on 127.0.0.1, the uplink address and the bridge gateway", () => {
    assert.equal(host("http://127.0.0.1:8080/cgi-bin/ip").stdout, "10.90.0.1"); // loopback is masqueraded
    assert.equal(host(`http://${UPLINK4.host}:8080/cgi-bin/ip`).code, 0);
    assert.equal(host("http://10.90.0.1:8080/cgi-bin/ip").code, 0);
  });

  test("from outside, the client's own address reaches the container (no proxy)", () => {
    const r = out.get(`http://${UPLINK4.host}:8080/cgi-bin/ip`);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, UPLINK4.outside);
  });

  test("hairpin: another container on the same network and one on another network", () => {
    const same = fromContainer(d, ["--net", "pnet"], UPLINK4.host, 8080);
    assert.equal(same.code, 0, same.stderr);
    assert.equal(same.stdout, "10.90.0.1");
    const other = fromContainer(d, ["--net", "other"], UPLINK4.host, 8080);
    assert.equal(other.code, 0, other.stderr);
    // ... but not the container's address directly: the networks are isolated.
    const direct = fromContainer(d, ["--net", "other"], "10.90.0.2", 80);
    assert.notEqual(direct.code, 0);
  });

  test("inspect, ps and docker port show the host port", () => {
    assert.equal(ok(["port", "web", "80"]).trim(), "0.0.0.0:8080");
    assert.match(ok(["ps", "--format", "{{.Ports}}", "--filter", "name=web"]), /0\.0\.0\.0:8080->80\/tcp/);
    const ports = JSON.parse(ok(["inspect", "--format", "{{json .NetworkSettings.Ports}}", "web"])) as unknown;
    assert.deepEqual(ports, { "80/tcp": [{ HostIp: "0.0.0.0", HostPort: "8080" }] });
  });

  test("`berth network inspect --rules` shows the rules and published ports of that network only", () => {
    const r = d.berth(["network", "inspect", "--rules", "pnet"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /masquerade comment "berth net pnet \([0-9a-f]{12}\): masquerade 10\.90\.0\.0\/24"/);
    assert.match(r.stdout, /tcp \. 8080 comment "berth ctr web \([0-9a-f]{12}\) net pnet: 0\.0\.0\.0:8080\/tcp -> 80"/);
    assert.ok(!r.stdout.includes("net other"), r.stdout);
    assert.notEqual(d.berth(["network", "inspect", "--rules", "nosuchnet"]).code, 0);
  });

  test("a clash with another container: Docker's message, nothing applied", () => {
    const before = mapText();
    dockerFails(d, ["run", "-d", "--name", "web2", "--net", "pnet", "-p", "8080:80", "busybox", "sleep", "60"], "Bind for 0.0.0.0:8080 failed: port is already allocated");
    assert.equal(mapText(), before);
    assert.match(ok(["inspect", "--format", "{{.State.Status}}", "web2"]), /created|exited/);
    ok(["rm", "-f", "web2"]);
  });

  test("a port a host process listens on is refused", async () => {
    const listen = "require('node:net').createServer().listen(9090, '0.0.0.0'); setTimeout(() => process.exit(0), 20000);";
    const ncArgs = ["nsenter", `--net=/run/netns/${d.netns}`, "--", process.execPath, "-e", listen];
    const { spawn } = await import("node:child_process");
    const nc = spawn(ncArgs[0] ?? "nsenter", ncArgs.slice(1), { stdio: "ignore" });
    try {
      assert.ok(await eventually(() => run(["nsenter", `--net=/run/netns/${d.netns}`, "--", "cat", "/proc/net/tcp"]).stdout.includes(":2382 ")));
      dockerFails(d, ["run", "-d", "--name", "web3", "--net", "pnet", "-p", "9090:80", "busybox", "sleep", "60"], "failed to bind host port 0.0.0.0:9090/tcp: address already in use");
      ok(["rm", "-f", "web3"]);
    } finally {
      nc.kill();
    }
  });

  test("bad port specs: Docker's errors", async () => {
    dockerFails(d, ["run", "--rm", "-p", "70000:80", "busybox", "true"], "invalid hostPort: 70000");
    dockerFails(d, ["run", "--rm", "-p", "9000-8000:80", "busybox", "true"], /invalid (range|hostPort)/);
    const body = JSON.stringify({ Image: "busybox", HostConfig: { PortBindings: { "80/tcp": [{ HostIp: "", HostPort: "70000" }] } } });
    const r = await apiRequest(d.socket, "POST", "/v1.47/containers/create", body, { "Content-Type": "application/json" });
    assert.equal(r.status, 400, r.body);
    assert.match(r.body, /invalid port specification: \\"70000\\"/);
  });

  test("an ephemeral port (-p 80 / -P) from the ephemeral range, shown by docker port", () => {
    ok(["run", "-d", "--name", "eph", "--net", "pnet", "-p", "80", "--expose", "81", "-P", "busybox", ...webCommand()]);
    const lines = ok(["port", "eph"]).trim().split("\n").sort();
    assert.equal(lines.length, 2, lines.join("\n"));
    const m = /^80\/tcp -> 0\.0\.0\.0:(\d+)$/.exec(lines[0] ?? "");
    assert.ok(m, lines.join("\n"));
    const port = Number(m[1]);
    assert.ok(port >= 1024 && port <= 65535);
    assert.match(lines[1] ?? "", /^81\/tcp -> 0\.0\.0\.0:\d+$/);
    ok(["rm", "-f", "eph"]);
  });

  test("a range of 1,000 ports is one map element, and goes away at stop", () => {
    ok(["run", "-d", "--name", "rng", "--net", "pnet", "-p", "20000-20999:20000-20999/udp", "busybox", "sleep", "600"]);
    assert.equal((mapText().match(/udp \. 20000-20999/g) ?? []).length, 1);
    ok(["rm", "-f", "rng"]);
    assert.ok(!mapText().includes("20000-20999"));
  });

  test("127.0.0.1-only publishing: reachable on loopback, not on the uplink", async () => {
    ok(["run", "-d", "--name", "lo", "--net", "pnet", "-p", "127.0.0.1:8082:80", "busybox", ...webCommand()]);
    // run -d returns when the process starts, not when httpd listens (as with Docker).
    assert.ok(await eventually(() => host("http://127.0.0.1:8082/cgi-bin/ip").code === 0), d.log.slice(-1500));
    assert.notEqual(out.get(`http://${UPLINK4.host}:8082/cgi-bin/ip`).code, 0);
    ok(["rm", "-f", "lo"]);
  });

  test("IPv6: published on [::] of an --ipv6 network, source kept from outside, both families", async () => {
    ok(["network", "create", "--ipv6", "--subnet", "10.92.0.0/24", "--subnet", "fd00:92::/64", "v6net"]);
    ok(["run", "-d", "--name", "web6", "--net", "v6net", "-p", "8086:80", "busybox", ...webCommand()]);
    assert.ok(await eventually(() => out.get(`http://[${UPLINK6.host}]:8086/cgi-bin/ip`).code === 0));
    assert.equal(out.get(`http://[${UPLINK6.host}]:8086/cgi-bin/ip`).stdout, UPLINK6.outside);
    assert.equal(out.get(`http://${UPLINK4.host}:8086/cgi-bin/ip`).stdout, UPLINK4.outside);
    const ports = JSON.parse(ok(["inspect", "--format", "{{json .NetworkSettings.Ports}}", "web6"])) as unknown;
    assert.deepEqual(ports, { "80/tcp": [{ HostIp: "0.0.0.0", HostPort: "8086" }, { HostIp: "::", HostPort: "8086" }] });
    // From the host's ::1 the container sees the gateway, as through docker-proxy.
    const lo6 = host("http://[::1]:8086/cgi-bin/ip");
    assert.equal(lo6.code, 0, lo6.stderr);
    assert.equal(lo6.stdout, "fd00:92::1");
  });

  test("IPv6 loopback: [::1]-only publishing reaches the container, nothing else is rewritten", async () => {
    ok(["run", "-d", "--name", "web6lo", "--net", "v6net", "-p", "[::1]:8087:80", "busybox", ...webCommand()]);
    assert.ok(await eventually(() => host("http://[::1]:8087/cgi-bin/ip").code === 0), d.log.slice(-1500));
    assert.equal(host("http://[::1]:8087/cgi-bin/ip").stdout, "fd00:92::1");
    // Both with br_netfilter calling ip6tables for bridged frames (as once Docker ran) and without.
    const brnf = (v: string) => run(["nsenter", `--net=/run/netns/${d.netns}`, "sysctl", "-qw", `net.bridge.bridge-nf-call-ip6tables=${v}`]).code === 0;
    if (brnf("0")) {
      try {
        assert.equal(host("http://[::1]:8087/cgi-bin/ip").stdout, "fd00:92::1", "without br_netfilter");
      } finally {
        brnf("1");
      }
    }
    assert.notEqual(out.get(`http://[${UPLINK6.host}]:8087/cgi-bin/ip`).code, 0, "a ::1-only port is not reachable from outside");
    assert.notEqual(host(`http://[${UPLINK6.host}]:8087/cgi-bin/ip`).code, 0, "nor on the host's other addresses");
    // A host service on ::1 that is not published still sees ::1 as its client.
    const server = serveIn(d.netns, 8088);
    try {
      assert.ok(await eventually(() => host("http://[::1]:8088/").code === 0));
      assert.equal(host("http://[::1]:8088/").stdout, "::1");
    } finally {
      server.kill();
    }
    ok(["rm", "-f", "web6lo", "web6"]);
    assert.ok(!mapText().includes("8087"), "the loopback6 element goes with the container");
  });

  test("outbound: containers reach the outside namespace through masquerade", () => {
    const r = d.docker(["run", "--rm", "--net", "pnet", "busybox", "ping", "-c", "1", "-W", "2", UPLINK4.outside]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
  });

  test("a daemon restart keeps the running container's ports (same host port, rules re-rendered)", async () => {
    await d.stop("SIGTERM");
    assert.equal(d.nft(["flush", "ruleset"]).code, 0); // and the tables are gone meanwhile
    await d.start();
    assert.equal(ok(["port", "web", "80"]).trim(), "0.0.0.0:8080");
    assert.ok(await eventually(() => out.get(`http://${UPLINK4.host}:8080/cgi-bin/ip`).stdout === UPLINK4.outside), d.log.slice(-1500));
  });

  test("self-heal: after `nft flush ruleset` the rules come back without a restart", async () => {
    assert.equal(d.nft(["flush", "ruleset"]).code, 0);
    assert.ok(await eventually(() => out.get(`http://${UPLINK4.host}:8080/cgi-bin/ip`).stdout === UPLINK4.outside, 5000), d.log.slice(-1500));
    assert.match(d.log, /re-applied/);
  });
});
