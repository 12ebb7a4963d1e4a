import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { isBerthError } from "../lib/errors.js";
import { buildOciSpec, type OciSpecInput } from "./oci-spec.js";
import { DEFAULT_CAPABILITIES } from "./oci-defaults.js";

// Goldens live in the source tree (dist/src/runtime -> src/runtime/testdata).
const TESTDATA = fileURLToPath(new URL("../../../src/runtime/testdata/", import.meta.url));

const base: OciSpecInput = {
  args: ["sh", "-c", "echo hello"],
  env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOSTNAME=c0ffee000001"],
  hostname: "c0ffee000001",
  nofile: { soft: 1024, hard: 4096 },
  network: { kind: "netns", path: "/run/netns/berth-c0ffee000001" },
  files: {
    hosts: "/var/lib/berth/containers/c0ffee000001/hosts",
    hostname: "/var/lib/berth/containers/c0ffee000001/hostname",
    resolvConf: "/var/lib/berth/containers/c0ffee000001/resolv.conf",
  },
  cgroupsPath: "/berth/c0ffee000001",
};

function golden(name: string, input: OciSpecInput): void {
  const actual = JSON.stringify(buildOciSpec(input), null, 2) + "\n";
  const path = `${TESTDATA}${name}.json`;
  if (process.env["UPDATE_GOLDENS"] === "1") writeFileSync(path, actual);
  assert.equal(actual, readFileSync(path, "utf8"), `golden ${name}.json differs (UPDATE_GOLDENS=1 to rewrite)`);
}

test("golden: default container", () => golden("spec-default", base));

test("golden: host network has no network namespace and no netns sysctls", () => {
  golden("spec-host-network", { ...base, network: { kind: "host" } });
  const spec = buildOciSpec({ ...base, network: { kind: "host" } });
  assert.ok(!spec.linux.namespaces.some((n) => n.type === "network"));
  assert.equal(spec.linux.sysctl, undefined);
});

test("golden: a netns path is passed to the runtime", () => {
  golden("spec-netns-path", { ...base, network: { kind: "netns", path: "/run/netns/bt-example" } });
  const ns = buildOciSpec(base).linux.namespaces.find((n) => n.type === "network");
  assert.deepEqual(ns, { type: "network", path: "/run/netns/berth-c0ffee000001" });
});

test("golden: ro and rw binds, sorted by depth after the defaults", () => {
  const input: OciSpecInput = {
    ...base,
    binds: [
      { source: "/srv/data", destination: "/data/deep/er", readonly: false },
      { source: "/srv/conf", destination: "/conf", readonly: true },
    ],
  };
  golden("spec-binds", input);
  const dests = buildOciSpec(input).mounts.map((m) => m.destination);
  assert.deepEqual(dests.slice(-5), ["/conf", "/etc/resolv.conf", "/etc/hostname", "/etc/hosts", "/data/deep/er"]);
});

test("golden: tty", () => {
  golden("spec-tty", { ...base, terminal: true, env: [...base.env, "TERM=xterm"] });
  assert.equal(buildOciSpec({ ...base, terminal: true }).process.terminal, true);
});

test("capabilities are Docker's 14 in bounding, effective and permitted only", () => {
  const caps = buildOciSpec(base).process.capabilities;
  assert.equal(DEFAULT_CAPABILITIES.length, 14);
  assert.deepEqual(Object.keys(caps).sort(), ["bounding", "effective", "permitted"]);
  for (const set of Object.values(caps)) assert.deepEqual(set, DEFAULT_CAPABILITIES);
});

test("RLIMIT_NOFILE is exactly the current limits; soft above hard is refused", () => {
  const spec = buildOciSpec({ ...base, nofile: { soft: 20000, hard: 20000 } });
  assert.deepEqual(spec.process.rlimits, [{ type: "RLIMIT_NOFILE", hard: 20000, soft: 20000 }]);
  assert.throws(() => buildOciSpec({ ...base, nofile: { soft: 10, hard: 5 } }), (e) => isBerthError(e, "InvalidParameter"));
});

test("a user bind over a default or network-file destination replaces it", () => {
  const spec = buildOciSpec({
    ...base,
    binds: [
      { source: "/my/hosts", destination: "/etc/hosts", readonly: true },
      { source: "/my/shm", destination: "/dev/shm/", readonly: false },
    ],
  });
  const at = (d: string) => spec.mounts.filter((m) => m.destination === d);
  assert.deepEqual(at("/etc/hosts").map((m) => m.source), ["/my/hosts"]);
  assert.deepEqual(at("/dev/shm").map((m) => m.source), ["/my/shm"]);
});

test("binding /dev drops the default mounts below it", () => {
  const spec = buildOciSpec({ ...base, binds: [{ source: "/dev", destination: "/dev", readonly: false }] });
  assert.deepEqual(spec.mounts.filter((m) => m.destination.startsWith("/dev")).map((m) => m.source), ["/dev"]);
});

test("invalid input is rejected before any spec exists", () => {
  const bad: Partial<OciSpecInput>[] = [
    { args: [] },
    { cwd: "relative" },
    { network: { kind: "netns", path: "netns" } },
    { binds: [{ source: "rel", destination: "/x", readonly: false }] },
    { binds: [{ source: "/x", destination: "/", readonly: false }] },
  ];
  for (const b of bad) assert.throws(() => buildOciSpec({ ...base, ...b }), (e) => isBerthError(e, "InvalidParameter"), JSON.stringify(b));
});

test("user sysctls override Docker's netns defaults", () => {
  const spec = buildOciSpec({ ...base, sysctls: { "net.ipv4.ip_unprivileged_port_start": "1024", "net.ipv4.ip_forward": "1" } });
  assert.deepEqual(spec.linux.sysctl, {
    "net.ipv4.ip_unprivileged_port_start": "1024",
    "net.ipv4.ping_group_range": "0 2147483647",
    "net.ipv4.ip_forward": "1",
  });
});
