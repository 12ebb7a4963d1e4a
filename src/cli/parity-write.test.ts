/**
 * Byte-for-byte parity with the real docker CLI for commands that change state (create, rm,
 * prune, connect, disconnect): same stdout/stderr/exit code and the same request bodies.
 * Skipped when /usr/local/bin/docker is absent.
 */
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { exec } from "../kernel/exec.js";
import { ParityRig, SKIP_NO_DOCKER, visible, wire, type Outcome } from "./testing/parity.js";

const rig = new ParityRig(exec);
after(() => rig.stop());

/** docker orders IPAM.Config by Go map iteration (random): sort it before comparing. */
function sortedConfig(o: Outcome): string[] {
  return o.requests.map((r) => {
    if (!r.url.includes("/networks/create")) return r.body;
    const body = JSON.parse(r.body) as { IPAM?: { Config?: { Subnet?: string }[] } };
    body.IPAM?.Config?.sort((a, b) => (a.Subnet ?? "").localeCompare(b.Subnet ?? ""));
    return JSON.stringify(body);
  });
}

async function same(args: string[], opts: { stdin?: string; unordered?: boolean } = {}): Promise<Outcome> {
  const { docker, berth } = await rig.both(args, opts.stdin);
  assert.deepEqual(visible(berth), visible(docker), `berth ${args.join(" ")}`);
  if (opts.unordered) assert.deepEqual(sortedConfig(berth), sortedConfig(docker));
  else assert.deepEqual(wire(berth), wire(docker), `requests of ${args.join(" ")}`);
  return berth;
}

describe("parity with docker: network create", { skip: SKIP_NO_DOCKER, concurrency: 4 }, () => {
  test("plain create sends docker's default body and prints the id", async () => {
    const o = await same(["network", "create", "n1"]);
    assert.equal(o.requests.length, 1);
    assert.match(o.stdout, /^[0-9a-f]{64}\n$/);
  });

  const cases: string[][] = [
    ["--ipv6", "--ipv4=false", "-d", "macvlan", "-o", "parent=eth0", "-o", "b=c", "--label", "x=1", "--label", "y", "--label", "z=a=b", "n2"],
    ["--subnet", "10.0.0.0/24", "--gateway", "10.0.0.1", "--ip-range", "10.0.0.128/25", "--aux-address", "host1=10.0.0.5", "--aux-address", "a=10.0.0.6", "n3"],
    ["--ipam-driver", "custom", "--ipam-opt", "foo=bar", "--ipam-opt", "=x", "--attachable", "--internal", "--scope", "local", "--config-from", "cfg", "n4"],
    ["--config-only", "--ingress", "--ipv6=true", "--internal=false", "--label", "html=<a&b>", "-o", "novalue", "-o", "k=v=w", "n5"],
    ["--subnet", "fd00:1::/64", "--gateway", "fd00:1::1", "--ipv6", "--label", "note=café ☕", "n6"],
    ["--subnet", "bogus", "n7"],
    ["--subnet", "10.1.0.0/16", "--gateway", "10.1.0.1/16", "n8"],
  ];
  for (const args of cases) test(args.join(" "), () => same(["network", "create", ...args]).then(() => undefined));

  test("several subnets (docker orders IPAM.Config randomly)", () =>
    same(["network", "create", "--subnet", "fd00::/64,10.2.0.0/16", "--subnet", "10.3.0.0/16", "--gateway", "10.3.0.1", "--gateway", "fd00::1", "n9"], { unordered: true }).then(() => undefined));

  const invalid: string[][] = [
    ["--ip-range", "10.0.0.0/24"],
    ["--gateway", "10.0.0.1"],
    ["--subnet", "10.0.0.0/16", "--subnet", "10.0.1.0/24"],
    ["--subnet", "10.0.0.0/16", "--gateway", "10.1.0.1"],
    ["--subnet", "10.0.0.0/16", "--subnet", "10.9.0.0/16", "--gateway", "10.0.0.1", "--gateway", "10.0.0.2"],
    ["--subnet", "10.0.0.0/16", "--aux-address", "a=10.1.0.1"],
    ["--aux-address", "a=1.2.3.4"],
    ["--subnet", "10.0.0.0/16", "--ip-range", "10.1.0.1/24"],
    ["--subnet", "10.0.0.0/16", "--subnet", "10.9.0.0/16", "--ip-range", "10.0.0.0/24", "--ip-range", "10.0.1.0/24"],
    ["--subnet", "10.0.0.0/16", "--gateway", "bogus"],
    ["--subnet", "10.0.0.0/16", "--ip-range", "bogus"],
    ["--subnet", "bogus", "--ip-range", "10.0.0.0/24"],
    ["--subnet", "bogus", "--subnet", "10.0.0.0/8"],
    ["--subnet", "10.0.0.0/16", "--aux-address", "bogus"],
    ["--label", "bad label"],
    ["--label", ""],
    ["--ipv6=maybe"],
    ["--bogus"],
    ["-x"],
    ["--subnet"],
  ];
  for (const args of invalid) test(`rejects ${args.join(" ")}`, () => same(["network", "create", ...args, "nx"]).then(() => undefined));

  test("argument count", () => same(["network", "create"]).then(() => same(["network", "create", "a", "b"])).then(() => undefined));
  test("daemon conflict (409) surfaces as docker prints it", async () => {
    // The fake daemon answers 500 with a message containing <, > and & for the name "teapot".
    await same(["network", "rm", "teapot"]);
  });
});

describe("parity with docker: network rm", { skip: SKIP_NO_DOCKER, concurrency: 4 }, () => {
  test("success prints the name", () => same(["network", "rm", "db2"]).then(() => undefined));
  test("alias remove, several names", () => same(["network", "remove", "db2", "db10"]).then(() => undefined));
  test("not found: error on stderr, exit 1", async () => {
    const o = await same(["network", "rm", "nope"]);
    assert.equal(o.code, 1);
    assert.equal(o.stderr, "Error response from daemon: network nope not found\nexit status 1\n");
  });
  test("409 and 403 errors, others still removed", () => same(["network", "rm", "db2", "backend", "nope", "bridge", "db10"]).then(() => undefined));
  test("-f ignores not found only", () => same(["network", "rm", "-f", "nope", "db2", "backend"]).then(() => undefined));
  test("no arguments", () => same(["network", "rm"]).then(() => undefined));
});

describe("parity with docker: network prune", { skip: SKIP_NO_DOCKER, concurrency: 4 }, () => {
  test("-f", () => same(["network", "prune", "-f"]).then(() => undefined));
  test("answer y", () => same(["network", "prune"], { stdin: "y\n" }).then(() => undefined));
  test("answer n", () => same(["network", "prune"], { stdin: "n\n" }).then(() => undefined));
  test("answer yes is a no", () => same(["network", "prune"], { stdin: "yes\n" }).then(() => undefined));
  test("no input", () => same(["network", "prune"], { stdin: "" }).then(() => undefined));
  test("filters", () => same(["network", "prune", "-f", "--filter", "until=24h", "--filter", "label=a b", "--filter", "LABEL = c "]).then(() => undefined));
  test("extra argument", () => same(["network", "prune", "-f", "x"]).then(() => undefined));
});

describe("parity with docker: connect and disconnect", { skip: SKIP_NO_DOCKER, concurrency: 4 }, () => {
  const cases: string[][] = [
    ["connect", "frontend", "ctr1"],
    ["connect", "--alias", "a1", "--alias", "a2,a3", "--driver-opt", "x=y", "--driver-opt", " k = v ", "--gw-priority", "-5", "--ip", "172.20.10.9",
      "--ip6", "fd00:dead:beef::9", "--link", "c1:al", "--link", "c2", "--link-local-ip", "169.254.1.1", "--link-local-ip", "fe80::1", "frontend", "ctr1"],
    ["connect", "--gw-priority", "0x10", "frontend", "ctr1"],
    ["connect", "--driver-opt", "novalue", "frontend", "ctr1"],
    ["connect", "--link", "a:b:c", "frontend", "ctr1"],
    ["connect", "--gw-priority", "x", "frontend", "ctr1"],
    ["connect", "nope", "ctr1"],
    ["connect", "frontend"],
    ["disconnect", "frontend", "ctr1"],
    ["disconnect", "-f", "frontend", "ctr1"],
    ["disconnect", "--force=false", "nope", "ctr1"],
  ];
  for (const args of cases) test(args.join(" "), () => same(["network", ...args]).then(() => undefined));
});
