/**
 * End-to-end: the real docker CLI drives a real berthd (in its own network namespace) through
 * the network command set, and the kernel is checked directly (bridges, addresses, nft rules).
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { dockerOk } from "../harness/cli-assert.js";
import { TestDaemon, hasDocker, isRoot } from "../harness/daemon.js";

const skip = !isRoot() ? "needs root" : !hasDocker() ? "needs the docker CLI" : false;

interface LinkJson { ifname: string; mtu: number; flags: string[]; operstate: string; addr_info?: { local: string; prefixlen: number; family: string }[] }

describe("docker network commands against berthd", { skip }, () => {
  let d: TestDaemon;
  before(async () => {
    d = new TestDaemon("net");
    await d.start();
  });
  after(async () => {
    await d?.dispose();
  });

  const ok = (args: string[]): string => dockerOk(d, args);
  const link = (name: string): LinkJson | undefined => {
    const r = d.ip(["-j", "addr", "show", "dev", name]);
    if (r.code !== 0) return undefined;
    return (JSON.parse(r.stdout) as LinkJson[])[0];
  };
  /** The bridge goes in the background after rm answers (the kernel takes ~40 ms): wait up to 2 s. */
  const gone = async (name: string): Promise<void> => {
    for (let i = 0; i < 40 && link(name) !== undefined; i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(link(name), undefined, `${name} still exists`);
  };
  const inspect = (name: string): Record<string, unknown> => {
    const arr = JSON.parse(ok(["network", "inspect", name])) as Record<string, unknown>[];
    assert.equal(arr.length, 1);
    return arr[0] as Record<string, unknown>;
  };

  test("network ls shows the predefined networks like Docker", () => {
    const out = ok(["network", "ls"]);
    const lines = out.trim().split("\n");
    assert.match(lines[0] ?? "", /^NETWORK ID\s+NAME\s+DRIVER\s+SCOPE$/);
    const rows = lines.slice(1).map((l) => l.split(/\s+/));
    assert.deepEqual(rows.map((r) => [r[1], r[2], r[3]]), [["bridge", "bridge", "local"], ["host", "host", "local"], ["none", "null", "local"]]);
    for (const r of rows) assert.match(r[0] ?? "", /^[0-9a-f]{12}$/);
    assert.equal(ok(["network", "ls", "-q", "--no-trunc"]).trim().split("\n").every((l) => /^[0-9a-f]{64}$/.test(l)), true);
  });

  test("the default bridge network is berth0 on 172.17.0.0/16", () => {
    const n = inspect("bridge");
    const ipam = n["IPAM"] as { Config: { Subnet: string; Gateway: string }[] };
    assert.deepEqual(ipam.Config, [{ Subnet: "172.17.0.0/16", Gateway: "172.17.0.1" }]);
    const l = link("berth0");
    assert.ok(l, "berth0 exists");
    assert.ok(l.addr_info?.some((a) => a.local === "172.17.0.1" && a.prefixlen === 16));
  });

  test("create with --subnet and --gateway makes a real bridge, up, with the gateway address", () => {
    const id = ok(["network", "create", "--driver", "bridge", "--subnet", "192.168.0.0/16", "--gateway", "192.168.0.1", "mynet"]).trim();
    assert.match(id, /^[0-9a-f]{64}$/);
    const l = link(`br-${id.slice(0, 12)}`);
    assert.ok(l, "bridge exists");
    assert.ok(l.flags.includes("UP"));
    assert.ok(l.addr_info?.some((a) => a.local === "192.168.0.1" && a.prefixlen === 16));
    const rules = d.nft(["list", "ruleset"]).stdout;
    assert.match(rules, /192\.168\.0\.0\/16/);
    assert.match(rules, /masquerade/);
  });

  test("inspect prints Docker's fields in Docker's order with Docker's types", () => {
    const n = inspect("mynet");
    assert.deepEqual(Object.keys(n), [
      "Name", "Id", "Created", "Scope", "Driver", "EnableIPv6", "IPAM", "Internal", "Attachable",
      "Ingress", "ConfigFrom", "ConfigOnly", "Containers", "Options", "Labels",
    ]);
    assert.equal(n["Name"], "mynet");
    assert.match(String(n["Id"]), /^[0-9a-f]{64}$/);
    assert.match(String(n["Created"]), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:\d\d)$/);
    assert.deepEqual(n["IPAM"], { Driver: "default", Options: {}, Config: [{ Subnet: "192.168.0.0/16", Gateway: "192.168.0.1" }] });
    assert.deepEqual(n["ConfigFrom"], { Network: "" });
    assert.deepEqual(n["Containers"], {});
    const id = String(n["Id"]);
    assert.equal(inspect(id.slice(0, 7))["Name"], "mynet", "found by unique id prefix");
  });

  test("create without options picks a free default pool that overlaps nothing", () => {
    ok(["network", "create", "mynet2"]);
    const cfg = (inspect("mynet2")["IPAM"] as { Config: { Subnet: string; Gateway: string }[] }).Config;
    assert.deepEqual(cfg, [{ Subnet: "172.18.0.0/16", Gateway: "172.18.0.1" }]);
  });

  test("rm removes the bridge and its rules; a second rm is Docker's not-found error", async () => {
    const id = inspect("mynet2")["Id"] as string;
    assert.equal(ok(["network", "rm", "mynet2"]).trim(), "mynet2");
    await gone(`br-${id.slice(0, 12)}`);
    assert.doesNotMatch(d.nft(["list", "ruleset"]).stdout, /172\.18\.0\.0\/16/);
    const r = d.docker(["network", "rm", "mynet2"]);
    assert.equal(r.code, 1);
    // docker CLI 28 prints "exit status 1" after the errors of `network rm`.
    assert.equal(r.stderr.trim().split("\n")[0], "Error response from daemon: network mynet2 not found");
  });

  test("options: internal, icc off, mtu, bridge name, labels, ip-range and aux-address", async () => {
    ok([
      "network", "create", "--internal", "-o", "com.docker.network.bridge.enable_icc=false", "-o", "com.docker.network.driver.mtu=1400",
      "-o", "com.docker.network.bridge.name=bt-opts0", "--label", "team=net", "--subnet", "10.77.0.0/16", "--ip-range", "10.77.1.0/24",
      "--gateway", "10.77.1.254", "--aux-address", "router=10.77.0.5", "optnet",
    ]);
    const l = link("bt-opts0");
    assert.ok(l);
    assert.equal(l.mtu, 1400);
    const n = inspect("optnet");
    assert.equal(n["Internal"], true);
    assert.deepEqual(n["Labels"], { team: "net" });
    assert.deepEqual((n["IPAM"] as { Config: unknown[] }).Config, [
      { Subnet: "10.77.0.0/16", IPRange: "10.77.1.0/24", Gateway: "10.77.1.254", AuxiliaryAddresses: { router: "10.77.0.5" } },
    ]);
    const rules = d.nft(["list", "ruleset"]).stdout;
    assert.match(rules, /bt-opts0/);
    ok(["network", "rm", "optnet"]);
    await gone("bt-opts0");
  });

  test("--ipv6 without a subnet gets a ULA /64 and the bridge gets its gateway", () => {
    ok(["network", "create", "--ipv6", "v6net"]);
    const n = inspect("v6net");
    const cfg = (n["IPAM"] as { Config: { Subnet: string; Gateway: string }[] }).Config;
    assert.equal(n["EnableIPv6"], true);
    assert.equal(cfg.length, 2);
    assert.match(cfg[1]?.Subnet ?? "", /^fd[0-9a-f]{2}:[0-9a-f]{1,4}:[0-9a-f]{1,4}:[0-9a-f]{0,4}:?:\/64$|^fd[0-9a-f:]+\/64$/);
    const l = link(`br-${String(n["Id"]).slice(0, 12)}`);
    assert.ok(l?.addr_info?.some((a) => a.family === "inet6" && a.local === cfg[1]?.Gateway));
    ok(["network", "rm", "v6net"]);
  });

  test("prune removes unused user networks matching the filter and prints their names", () => {
    ok(["network", "create", "--label", "tmp=1", "p1"]);
    ok(["network", "create", "p2"]);
    const out = ok(["network", "prune", "-f", "--filter", "label=tmp"]);
    assert.equal(out, "Deleted Networks:\np1\n\n");
    const names = ok(["network", "ls", "--format", "{{.Name}}"]).trim().split("\n");
    assert.ok(!names.includes("p1"));
    assert.ok(names.includes("p2"));
    ok(["network", "rm", "p2"]);
  });

  test("ls filters and formats", () => {
    assert.equal(ok(["network", "ls", "--filter", "driver=null", "--format", "{{.Name}}"]).trim(), "none");
    assert.equal(ok(["network", "ls", "--filter", "type=custom", "--format", "{{.Name}}"]).trim(), "mynet");
    assert.equal(ok(["network", "ls", "--filter", "name=ynet", "--format", "{{.Name}}"]).trim(), "mynet");
  });
});
