/**
 * End-to-end: the embedded DNS at 127.0.0.11 inside each container's namespace, driven with
 * the real docker CLI. Queries are made with dig entering a container's network namespace
 * (answers and status codes exactly) and with busybox inside containers (what users see).
 * Other names go to a fake upstream in the daemon's namespace; nothing reaches a real resolver.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { TEST_UPSTREAM, TestDaemon, hasDocker, isRoot, run } from "../harness/daemon.js";
import { hasBusybox, importBusybox } from "../harness/busybox.js";
import { dockerFails, dockerOk } from "../harness/cli-assert.js";
import { startFakeDns, type FakeDns } from "../harness/fake-dns.js";

const skip = !isRoot() ? "needs root" : !hasDocker() ? "needs the docker CLI" : !hasBusybox() ? "needs busybox-static" : false;

describe("embedded DNS", { skip }, () => {
  let d: TestDaemon;
  let upstream: FakeDns;
  before(async () => {
    d = new TestDaemon("dns");
    await d.start();
    importBusybox(d);
    upstream = await startFakeDns(d.netns, { "outside.example": "203.0.113.7" });
    ok(["network", "create", "--subnet", "10.91.0.0/24", "net1"]);
    ok(["network", "create", "--subnet", "10.92.0.0/24", "net2"]);
    ok(["network", "create", "--internal", "--subnet", "10.93.0.0/24", "inside"]);
    ok(["run", "-d", "--name", "c1", "--net", "net1", "--network-alias", "web", "--hostname", "h1", "busybox", "sleep", "600"]);
    ok(["run", "-d", "--name", "c2", "--net", "net1", "busybox", "sleep", "600"]);
    ok(["run", "-d", "--name", "c3", "--net", "net2", "busybox", "sleep", "600"]);
  });
  after(async () => {
    await upstream?.close();
    await d?.dispose();
  });
  const ok = (args: string[]): string => dockerOk(d, args);
  const idOf = (name: string): string => ok(["inspect", "-f", "{{.Id}}", name]).trim();
  const ipOn = (name: string, net: string): string => ok(["inspect", "-f", `{{(index .NetworkSettings.Networks "${net}").IPAddress}}`, name]).trim();
  /** dig inside the container's namespace: returns the status and the answer lines. */
  const dig = (ctr: string, args: string[]): { status: string; answers: string[] } => {
    const ns = `/run/netns/${d.sandboxPrefix}${idOf(ctr).slice(0, 12)}`;
    const r = run(["nsenter", `--net=${ns}`, "--", "dig", "+time=3", "+tries=1", "@127.0.0.11", ...args]);
    const status = /status: ([A-Z]+)/.exec(r.stdout)?.[1] ?? `no answer: ${r.stdout}${r.stderr}`;
    const section = r.stdout.split(";; ANSWER SECTION:\n")[1]?.split("\n\n")[0] ?? "";
    return { status, answers: section.split("\n").filter((l) => l !== "").map((l) => l.split(/\s+/).pop() ?? "") };
  };
  const resolves = (ctr: string, name: string, type = "A"): string[] => {
    const r = dig(ctr, [name, type]);
    assert.equal(r.status, "NOERROR", `${ctr} asking ${name}`);
    return r.answers.sort();
  };

  test("resolv.conf: 127.0.0.11 with ndots:0 on user networks; the host's servers on the default bridge", () => {
    const user = ok(["exec", "c1", "cat", "/etc/resolv.conf"]);
    assert.match(user, /^nameserver 127\.0\.0\.11$/m);
    assert.match(user, /^options ndots:0$/m);
    assert.match(user, new RegExp(`# ExtServers: \\[host\\(${TEST_UPSTREAM.replace(/\./g, "\\.")}\\)\\]`));
    const legacy = ok(["run", "--rm", "busybox", "cat", "/etc/resolv.conf"]);
    assert.match(legacy, new RegExp(`^nameserver ${TEST_UPSTREAM.replace(/\./g, "\\.")}$`, "m"));
    assert.doesNotMatch(legacy, /127\.0\.0\.11/);
  });

  test("container name, alias, short id, hostname and name.network resolve on a shared network", () => {
    const ip = ipOn("c1", "net1");
    for (const name of ["c1", "web", "h1", idOf("c1").slice(0, 12), "c1.net1", "C1", "c1."]) {
      assert.deepEqual(resolves("c2", name), [ip], name);
    }
    assert.equal(ok(["exec", "c2", "ping", "-c1", "-W2", "c1"]).includes(`(${ip})`), true);
  });

  test("UDP and TCP; a name without an IPv6 address has an empty AAAA answer; PTR names the container", () => {
    const ip = ipOn("c1", "net1");
    assert.deepEqual(resolves("c2", "c1", "A"), [ip]);
    assert.deepEqual(dig("c2", ["+tcp", "c1"]).answers, [ip]);
    const aaaa = dig("c2", ["c1", "AAAA"]);
    assert.equal(aaaa.status, "NOERROR");
    assert.deepEqual(aaaa.answers, []);
    const ptr = dig("c2", ["-x", ip]);
    assert.equal(ptr.status, "NOERROR");
    assert.match(ptr.answers[0] ?? "", /^c1(\.net1)?\.$/);
  });

  test("names do not leak across networks", () => {
    const r = dig("c3", ["c1"]);
    assert.equal(r.status, "NXDOMAIN");
    assert.deepEqual(r.answers, []);
    assert.equal(dig("c1", ["c3"]).status, "NXDOMAIN");
  });

  test("other names are forwarded to the upstream, over UDP and TCP", () => {
    assert.deepEqual(resolves("c2", "outside.example"), ["203.0.113.7"]);
    assert.deepEqual(dig("c2", ["+tcp", "outside.example"]).answers, ["203.0.113.7"]);
    assert.ok(upstream.queries().includes("outside.example"));
    assert.equal(dig("c2", ["nowhere.example"]).status, "NXDOMAIN");
  });

  test("an internal network never forwards", () => {
    ok(["run", "-d", "--name", "in1", "--net", "inside", "busybox", "sleep", "600"]);
    ok(["run", "-d", "--name", "in2", "--net", "inside", "busybox", "sleep", "600"]);
    const before = upstream.queries().length;
    assert.notEqual(dig("in1", ["outside.example"]).status, "NOERROR");
    assert.equal(upstream.queries().length, before);
    assert.deepEqual(resolves("in1", "in2"), [ipOn("in2", "inside")]);
  });

  test("an alias held by several containers returns all their addresses", () => {
    ok(["run", "-d", "--name", "s1", "--net", "net2", "--network-alias", "svc", "busybox", "sleep", "600"]);
    ok(["run", "-d", "--name", "s2", "--net", "net2", "--network-alias", "svc", "busybox", "sleep", "600"]);
    assert.deepEqual(resolves("c3", "svc"), [ipOn("s1", "net2"), ipOn("s2", "net2")].sort());
  });

  test("--link on a user network: an alias only the linking container resolves", () => {
    ok(["run", "-d", "--name", "linker", "--net", "net1", "--link", "c1:db", "busybox", "sleep", "600"]);
    assert.deepEqual(resolves("linker", "db"), [ipOn("c1", "net1")]);
    assert.equal(dig("c2", ["db"]).status, "NXDOMAIN");
  });

  test("connect, disconnect, rename, stop and start change what resolves at once", () => {
    ok(["network", "connect", "--alias", "bridged", "net2", "c1"]);
    assert.deepEqual(resolves("c3", "bridged"), [ipOn("c1", "net2")]);
    assert.deepEqual(resolves("c3", "c1"), [ipOn("c1", "net2")]);
    ok(["network", "disconnect", "net2", "c1"]);
    assert.equal(dig("c3", ["c1"]).status, "NXDOMAIN");
    ok(["rename", "c2", "c2new"]);
    assert.deepEqual(resolves("c1", "c2new"), [ipOn("c2new", "net1")]);
    assert.equal(dig("c1", ["c2"]).status, "NXDOMAIN");
    ok(["rename", "c2new", "c2"]);
    ok(["stop", "-t", "0", "c2"]);
    assert.equal(dig("c1", ["c2"]).status, "NXDOMAIN");
    ok(["start", "c2"]);
    assert.deepEqual(resolves("c1", "c2"), [ipOn("c2", "net1")]);
  });

  test("a container on the default bridge gets a resolver when connected to a user network", () => {
    ok(["run", "-d", "--name", "late", "busybox", "sleep", "600"]);
    const r = d.docker(["exec", "late", "ping", "-c1", "-W1", "c1"]);
    assert.notEqual(r.code, 0, "the default bridge has no service discovery");
    ok(["network", "connect", "net1", "late"]);
    assert.match(ok(["exec", "late", "cat", "/etc/resolv.conf"]), /^nameserver 127\.0\.0\.11$/m);
    assert.deepEqual(resolves("late", "c1"), [ipOn("c1", "net1")]);
  });

  test("the resolvers come back after a daemon restart, with running containers untouched", async () => {
    await d.stop("SIGKILL");
    await d.start();
    assert.deepEqual(resolves("c2", "c1"), [ipOn("c1", "net1")]);
    assert.deepEqual(resolves("c2", "outside.example"), ["203.0.113.7"]);
  });

  test("bad --dns is refused with Docker's message", () => {
    dockerFails(d, ["run", "--rm", "--dns", "not-an-ip", "--net", "net1", "busybox", "true"], /not-an-ip/);
  });
});
