/**
 * End-to-end: bad input gets Docker's status and text and leaves nothing behind
 * (no bridge, row or rule), and concurrent creates are serialised correctly.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { TestDaemon, hasDocker, isRoot } from "../harness/daemon.js";
import { apiRequest } from "../harness/api-client.js";

const skip = !isRoot() ? "needs root" : !hasDocker() ? "needs the docker CLI" : false;

describe("bad network input", { skip }, () => {
  let d: TestDaemon;
  let baseline = "";
  before(async () => {
    d = new TestDaemon("err");
    await d.start();
    assert.equal(d.docker(["network", "create", "--subnet", "10.10.0.0/16", "taken"]).code, 0);
    baseline = snapshot();
  });
  after(async () => {
    await d?.dispose();
  });

  /** Everything that a failed create could have left: links, nft ruleset, network list. */
  function snapshot(): string {
    const links = d.ip(["-br", "link"]).stdout.split("\n").map((l) => l.split(/\s+/)[0]).sort().join(",");
    const rules = d.nft(["list", "ruleset"]).stdout;
    const nets = d.docker(["network", "ls", "-q", "--no-trunc"]).stdout.split("\n").sort().join(",");
    return `${links}\n${nets}\n${rules}`;
  }

  /** Bridges go in the background after rm answers: wait (up to 3 s) for the kernel to match. */
  async function settled(): Promise<void> {
    for (let i = 0; i < 60 && snapshot() !== baseline; i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(snapshot(), baseline, "nothing was left behind");
  }

  const cases: [string, string[], RegExp | string][] = [
    ["invalid CIDR", ["--subnet", "10.0.0.300/24", "x1"], /invalid/i],
    ["non-canonical subnet", ["--subnet", "10.1.2.3/24", "x2"], "Error response from daemon: invalid network config:\ninvalid subnet 10.1.2.3/24: it should be 10.1.2.0/24"],
    ["gateway outside subnet", ["--subnet", "10.2.0.0/24", "--gateway", "10.3.0.1", "x3"], /no matching subnet for gateway 10\.3\.0\.1/],
    ["overlapping another network", ["--subnet", "10.10.5.0/24", "x4"], "Error response from daemon: invalid pool request: Pool overlaps with other one on this address space"],
    ["duplicate name", ["taken"], "Error response from daemon: network with name taken already exists"],
    ["predefined name", ["bridge"], "Error response from daemon: operation is not permitted on predefined bridge network"],
    ["unknown driver", ["-d", "nosuch", "x5"], 'Error response from daemon: plugin "nosuch" not found'],
    ["bridge name too long", ["-o", "com.docker.network.bridge.name=abcdefghijklmnop", "x6"], /at most 15 characters/],
    ["MTU out of range", ["-o", "com.docker.network.driver.mtu=70000", "x7"], /invalid MTU number: 70000/],
    ["bad boolean option", ["-o", "com.docker.network.bridge.enable_icc=maybe", "x8"], /failed to parse com\.docker\.network\.bridge\.enable_icc value: maybe/],
    ["two IPv4 subnets on a bridge", ["--subnet", "10.20.0.0/24", "--subnet", "10.21.0.0/24", "x9"], "Error response from daemon: bridge driver doesn't support multiple subnets"],
    ["swarm scope", ["--scope", "swarm", "x10"], "Error response from daemon: cannot create a swarm scoped network when swarm is not active"],
    ["ingress", ["--ingress", "x11"], /Ingress network can only be global scope network|swarm/],
    ["unknown IPAM driver", ["--ipam-driver", "nosuch", "x12"], 'Error response from daemon: plugin "nosuch" not found'],
  ];

  for (const [what, args, expected] of cases) {
    test(`create: ${what}`, () => {
      const r = d.docker(["network", "create", ...args]);
      assert.notEqual(r.code, 0, `expected failure, got: ${r.stdout}`);
      if (typeof expected === "string") assert.equal(r.stderr.trim(), expected.trim());
      else assert.match(r.stderr, expected);
      assert.equal(snapshot(), baseline, "nothing was left behind");
    });
  }

  test("removing a predefined network is forbidden", () => {
    for (const name of ["bridge", "host", "none"]) {
      const r = d.docker(["network", "rm", name]);
      assert.equal(r.code, 1);
      assert.equal(r.stderr.trim().split("\n")[0], `Error response from daemon: ${name} is a pre-defined network and cannot be removed`);
    }
  });

  test("malformed JSON and wrong field types get 400", async () => {
    const bad = await apiRequest(d.socket, "POST", "/v1.47/networks/create", "{not json", { "Content-Type": "application/json" });
    assert.equal(bad.status, 400);
    assert.match(JSON.parse(bad.body).message, /^invalid JSON: /);
    const typed = await apiRequest(d.socket, "POST", "/v1.47/networks/create", JSON.stringify({ Name: 42 }), { "Content-Type": "application/json" });
    assert.equal(typed.status, 400);
    const empty = await apiRequest(d.socket, "POST", "/v1.47/networks/create", JSON.stringify({ Name: "  " }), { "Content-Type": "application/json" });
    assert.equal(empty.status, 400);
    assert.equal(JSON.parse(empty.body).message, "invalid name: name is empty");
    assert.equal(snapshot(), baseline);
  });

  test("20 parallel creates with automatic subnets get 20 distinct, non-overlapping subnets", async () => {
    const names = Array.from({ length: 20 }, (_, i) => `par${i}`);
    const results = await Promise.all(names.map((n) =>
      apiRequest(d.socket, "POST", "/v1.47/networks/create", JSON.stringify({ Name: n }), { "Content-Type": "application/json" })));
    assert.deepEqual(results.map((r) => r.status), names.map(() => 201));
    const subnets = names.map((n) => {
      const cfg = JSON.parse(d.docker(["network", "inspect", n]).stdout)[0].IPAM.Config as { Subnet: string }[];
      return cfg[0]?.Subnet;
    });
    assert.equal(new Set(subnets).size, 20, `distinct: ${subnets.join(" ")}`);
    for (const n of names) assert.equal(d.docker(["network", "rm", n]).code, 0);
    await settled();
  });

  test("20 parallel creates of one name leave exactly one network", async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () =>
      apiRequest(d.socket, "POST", "/v1.47/networks/create", JSON.stringify({ Name: "same" }), { "Content-Type": "application/json" })));
    const statuses = results.map((r) => r.status).sort();
    assert.equal(statuses.filter((s) => s === 201).length, 1);
    assert.equal(statuses.filter((s) => s === 409).length, 19);
    assert.equal(d.docker(["network", "ls", "--filter", "name=^same$", "-q"]).stdout.trim().split("\n").length, 1);
    assert.equal(d.docker(["network", "rm", "same"]).code, 0);
  });
});
