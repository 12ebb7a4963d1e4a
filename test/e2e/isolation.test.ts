/**
 * End-to-end isolation matrix with the real docker CLI: which containers reach which, in both
 * directions, over TCP (and ICMP for the internal network): same network, different networks,
 * internal, enable_icc=false, a container on two networks, host and none. Also outbound
 * masquerade on/off, and internal networks cut off from the outside in both directions.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { dockerOk } from "../harness/cli-assert.js";
import { TestDaemon, hasDocker, isRoot } from "../harness/daemon.js";
import { hasBusybox, importBusybox } from "../harness/busybox.js";
import { Outside, UPLINK4, eventually, fromContainer, httpIn, serveIn, webCommand } from "./ports-fixture.js";

const skip = !isRoot() ? "needs root" : !hasDocker() ? "needs the docker CLI" : !hasBusybox() ? "needs busybox-static" : false;

/** name -> [network args, address to reach it at] */
const SERVERS: Record<string, { readonly args: string[]; readonly ip: string }> = {
  a1: { args: ["--net", "neta", "--ip", "10.61.0.11"], ip: "10.61.0.11" },
  a2: { args: ["--net", "neta", "--ip", "10.61.0.12"], ip: "10.61.0.12" },
  b1: { args: ["--net", "netb", "--ip", "10.62.0.11"], ip: "10.62.0.11" },
  i1: { args: ["--net", "neti", "--ip", "10.63.0.11"], ip: "10.63.0.11" },
  i2: { args: ["--net", "neti", "--ip", "10.63.0.12"], ip: "10.63.0.12" },
  n1: { args: ["--net", "netn", "--ip", "10.64.0.11"], ip: "10.64.0.11" },
  n2: { args: ["--net", "netn", "--ip", "10.64.0.12"], ip: "10.64.0.12" },
};

/** [client, server, reachable]; every pair is checked in both directions by listing both. */
const MATRIX: ReadonlyArray<readonly [string, string, boolean]> = [
  ["a1", "a2", true], ["a2", "a1", true], // same network
  ["a1", "b1", false], ["b1", "a1", false], // different networks
  ["i1", "i2", true], ["i2", "i1", true], // internal: inside the network
  ["i1", "a1", false], ["a1", "i1", false], // internal <-> others
  ["n1", "n2", false], ["n2", "n1", false], // enable_icc=false
  ["ab", "b1", true], ["ab", "a1", true], // a container on both networks reaches both
  ["b1", "a1", false],
  ["none", "a1", false], ["host", "a1", true], // --net none / --net host
];

describe("isolation matrix", { skip }, () => {
  let d: TestDaemon;
  let out: Outside;
  before(async () => {
    d = new TestDaemon("iso");
    out = new Outside(d);
    out.create();
    out.serve(8000);
    hostServer = serveIn(d.netns, 8001);
    await d.start();
    importBusybox(d);
    const ok = (args: string[]): string => dockerOk(d, args);
    ok(["network", "create", "--subnet", "10.61.0.0/24", "neta"]);
    ok(["network", "create", "--subnet", "10.62.0.0/24", "netb"]);
    ok(["network", "create", "--internal", "--subnet", "10.63.0.0/24", "neti"]);
    ok(["network", "create", "--subnet", "10.64.0.0/24", "-o", "com.docker.network.bridge.enable_icc=false", "netn"]);
    ok(["network", "create", "--subnet", "10.65.0.0/24", "-o", "com.docker.network.bridge.enable_ip_masquerade=false", "netm"]);
    for (const [name, s] of Object.entries(SERVERS)) ok(["run", "-d", "--name", name, ...s.args, "busybox", ...webCommand()]);
    assert.ok(await eventually(() => fromContainer(d, ["--net", "neta"], "10.61.0.11", 80).code === 0, 8000), d.log.slice(-1500));
  });
  let hostServer: { kill(): void } | undefined;
  after(async () => {
    hostServer?.kill();
    await d?.dispose();
    out?.dispose();
  });

  const clientArgs = (client: string): string[] => {
    const s = SERVERS[client];
    if (s) return ["--net", `container:${client}`];
    if (client === "ab") return ["--net", "netb"]; // connected to neta too, below
    return ["--net", client];
  };

  test("the matrix, both directions", (t) => {
    // "ab": a long-lived client on netb and neta.
    dockerOk(d, ["run", "-d", "--name", "ab", "--net", "netb", "busybox", "sleep", "600"]);
    dockerOk(d, ["network", "connect", "neta", "ab"]);
    const wrong: string[] = [];
    for (const [client, server, expected] of MATRIX) {
      const target = SERVERS[server]?.ip ?? "";
      const args = client === "ab" ? ["--net", "container:ab"] : clientArgs(client);
      let r = fromContainer(d, args, target, 80);
      if (r.code !== 0 && expected) {
        // One more try for a path that should work, so a slow start cannot pass for a block;
        // what the first try said stays in the test's diagnostics.
        t.diagnostic(`${client} -> ${server}: first try failed (exit ${r.code}): ${r.stderr.trim().slice(0, 300)}`);
        r = fromContainer(d, args, target, 80);
      }
      const got = r.code === 0;
      if (got !== expected) wrong.push(`${client} -> ${server} (${target}): ${got ? "reached" : "blocked"}, expected ${expected ? "reached" : "blocked"} ${r.stderr.trim().slice(0, 200)}`);
    }
    assert.deepEqual(wrong, []);
  });

  test("internal networks: no way out, not reachable from outside or through a published port", () => {
    assert.equal(fromContainer(d, ["--net", "neta"], UPLINK4.outside, 8000).code, 0, "the outside server answers");
    assert.notEqual(fromContainer(d, ["--net", "container:i1"], UPLINK4.outside, 8000).code, 0);
    assert.notEqual(d.docker(["exec", "i1", "ping", "-c", "1", "-W", "1", UPLINK4.outside]).code, 0);
    // Not even the host's address on its own bridge (a server in the daemon's namespace).
    assert.equal(fromContainer(d, ["--net", "neta"], "10.61.0.1", 8001).code, 0, "the host server answers a normal network");
    assert.notEqual(fromContainer(d, ["--net", "container:i1"], "10.63.0.1", 8001).code, 0);
    assert.equal(httpIn(d.netns, "http://10.63.0.11/cgi-bin/ip").code, 0, "the host still reaches internal containers");
    assert.notEqual(out.get("http://10.63.0.11/cgi-bin/ip").code, 0);
    dockerOk(d, ["run", "-d", "--name", "ipub", "--net", "neti", "-p", "8090:80", "busybox", ...webCommand()]);
    assert.notEqual(out.get(`http://${UPLINK4.host}:8090/cgi-bin/ip`).code, 0, "published ports are ignored on internal networks");
  });

  test("outbound: masquerade by default, the container's own address with enable_ip_masquerade=false", () => {
    const masq = fromContainer(d, ["--net", "neta"], UPLINK4.outside, 8000);
    assert.equal(masq.stdout, UPLINK4.host, masq.stderr);
    const plain = fromContainer(d, ["--net", "netm", "--ip", "10.65.0.20"], UPLINK4.outside, 8000);
    assert.equal(plain.stdout, "10.65.0.20", plain.stderr);
    assert.equal(httpIn(d.netns, "http://10.61.0.11/cgi-bin/ip").code, 0, "the host reaches containers directly");
  });
});
