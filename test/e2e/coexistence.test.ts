/**
 * Beside Docker: in the daemon's namespace this test plays what dockerd 20.10 does to a host
 * (iptables FORWARD policy DROP, a DOCKER-USER chain jumped to first, a docker0-like bridge
 * with a container and Docker's accept and masquerade rules), then checks that Berth's
 * networks still work (out through masquerade, a published port from outside with the
 * client's address), that Docker's still do, that Berth opened no way into Docker's bridge,
 * that the policy and Docker's rules are untouched, and that Berth's accept comes back by
 * itself when Docker re-creates its chain. Without Berth's DOCKER-USER rule the first check
 * fails: the DROP policy drops every forwarded packet.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { dockerOk } from "../harness/cli-assert.js";
import { TestDaemon, hasDocker, isRoot, run } from "../harness/daemon.js";
import { hasBusybox, importBusybox } from "../harness/busybox.js";
import { onPath } from "../harness/root.js";
import { Outside, UPLINK4, eventually, webCommand } from "./ports-fixture.js";

const skip = !isRoot() ? "needs root" : !hasDocker() ? "needs the docker CLI" : !hasBusybox() ? "needs busybox-static" : !onPath("iptables") ? "needs iptables" : false;
const DK = { bridge: "bt-dk0", gw: "172.31.250.1", ctr: "172.31.250.2", subnet: "172.31.250.0/24" } as const;

describe("beside Docker's firewall (FORWARD DROP, DOCKER-USER)", { skip }, () => {
  let d: TestDaemon;
  let out: Outside;
  const dockerNs = `bt-dkc-${Math.random().toString(16).slice(2, 8)}`;
  const inNs = (argv: string[]) => run(["nsenter", `--net=/run/netns/${d.netns}`, "--", ...argv]);
  const must = (argv: string[]): string => {
    const r = inNs(argv);
    if (r.code !== 0) throw new Error(`${argv.join(" ")}: ${r.stderr}`);
    return r.stdout;
  };
  const dockerUser = (): string[] => must(["iptables", "-S", "DOCKER-USER"]).trim().split("\n");

  /** What dockerd does when it starts: its chain first in FORWARD, its bridge's rules, policy DROP. */
  const playDockerStart = (): void => {
    must(["iptables", "-N", "DOCKER-USER"]);
    must(["iptables", "-A", "DOCKER-USER", "-j", "RETURN"]);
    must(["iptables", "-I", "FORWARD", "-j", "DOCKER-USER"]);
  };

  before(async () => {
    d = new TestDaemon("coexist");
    out = new Outside(d);
    out.create();
    // The docker0 stand-in and one "Docker container" behind it.
    for (const s of [
      ["ip", "-n", d.netns, "link", "add", DK.bridge, "type", "bridge"],
      ["ip", "-n", d.netns, "addr", "add", `${DK.gw}/24`, "dev", DK.bridge],
      ["ip", "-n", d.netns, "link", "set", DK.bridge, "up"],
      ["ip", "netns", "add", dockerNs],
      ["ip", "-n", d.netns, "link", "add", "vethdk0", "type", "veth", "peer", "name", "eth0", "netns", dockerNs],
      ["ip", "-n", d.netns, "link", "set", "vethdk0", "master", DK.bridge, "up"],
      ["ip", "-n", dockerNs, "addr", "add", `${DK.ctr}/24`, "dev", "eth0"],
      ["ip", "-n", dockerNs, "link", "set", "eth0", "up"],
      ["ip", "-n", dockerNs, "route", "add", "default", "via", DK.gw],
    ]) {
      const r = run(s);
      if (r.code !== 0) throw new Error(`${s.join(" ")}: ${r.stderr}`);
    }
    must(["iptables", "-P", "FORWARD", "DROP"]);
    playDockerStart();
    must(["iptables", "-A", "FORWARD", "-o", DK.bridge, "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-j", "ACCEPT"]);
    must(["iptables", "-A", "FORWARD", "-i", DK.bridge, "!", "-o", DK.bridge, "-j", "ACCEPT"]);
    must(["iptables", "-t", "nat", "-A", "POSTROUTING", "-s", DK.subnet, "!", "-o", DK.bridge, "-j", "MASQUERADE"]);
    await d.start();
    importBusybox(d);
    dockerOk(d, ["network", "create", "--subnet", "10.93.0.0/24", "bnet"]);
    dockerOk(d, ["run", "-d", "--name", "web", "--net", "bnet", "-p", "8080:80", "busybox", ...webCommand()]);
  });
  after(async () => {
    await d?.dispose();
    run(["ip", "netns", "delete", dockerNs]);
    out?.dispose();
  });

  const berthPing = (target: string): number => d.docker(["run", "--rm", "--net", "bnet", "busybox", "ping", "-c", "1", "-W", "2", target]).code;
  const dockerPing = (target: string): number => run(["ip", "netns", "exec", dockerNs, "busybox", "ping", "-c", "1", "-W", "2", target]).code;

  test("Berth's containers go out, and its published port answers from outside with the client's address", async () => {
    assert.equal(berthPing(UPLINK4.outside), 0, d.log.slice(-1500));
    assert.ok(await eventually(() => out.get(`http://${UPLINK4.host}:8080/cgi-bin/ip`).stdout === UPLINK4.outside), d.log.slice(-1500));
  });

  test("Docker's container still goes out; Berth opened no way into Docker's bridge", () => {
    assert.equal(dockerPing(UPLINK4.outside), 0);
    assert.notEqual(berthPing(DK.ctr), 0, "Docker's policy still decides what enters its bridge");
  });

  test("the policy and Docker's rules are untouched; Berth added exactly one accept, first in DOCKER-USER", () => {
    assert.match(must(["iptables", "-S", "FORWARD"]), /^-P FORWARD DROP$/m);
    const rules = dockerUser();
    assert.equal(rules.filter((r) => r.includes("--mark 0x1000000/0x1000000")).length, 1, rules.join("\n"));
    assert.match(rules[1] ?? "", /connmark --mark 0x1000000\/0x1000000 .*-j ACCEPT$/);
    assert.equal(rules.at(-1), "-A DOCKER-USER -j RETURN");
    assert.match(d.log, /DOCKER-USER \(Docker\) found/);
  });

  test("Docker re-creating its chain after Berth started: the accept comes back by itself", async () => {
    must(["iptables", "-D", "FORWARD", "-j", "DOCKER-USER"]);
    must(["iptables", "-F", "DOCKER-USER"]);
    must(["iptables", "-X", "DOCKER-USER"]);
    assert.notEqual(berthPing(UPLINK4.outside), 0, "without DOCKER-USER, the DROP policy stops Berth's traffic (the check can fail)");
    playDockerStart();
    assert.ok(await eventually(() => dockerUser().some((r) => r.includes("--mark 0x1000000/0x1000000")), 5000), d.log.slice(-1500));
    assert.equal(berthPing(UPLINK4.outside), 0);
  });
});
