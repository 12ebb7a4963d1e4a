/**
 * Byte-for-byte parity with the real docker CLI for `run` and `create`: the create body for
 * many option sets (Env and Binds compared sorted: docker orders them by Go map iteration),
 * the attach/wait/start flow and its output and exit codes, and docker's error texts.
 * Skipped when /usr/local/bin/docker is absent.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { exec } from "../kernel/exec.js";
import { ParityRig, SKIP_NO_DOCKER } from "./testing/parity.js";
import { cases, same } from "./testing/parity-compare.js";

const rig = new ParityRig(exec);
const dir = mkdtempSync(path.join(tmpdir(), "berth-run-"));
const envFile = path.join(dir, "app.env");
const badEnvFile = path.join(dir, "bad.env");
before(() => {
  writeFileSync(envFile, "\ufeff# settings\nA=from-file\n  D=with=equals \nPATH\nUNSET_IN_ENV\n\nE=\n");
  writeFileSync(badEnvFile, "bad var=1\n");
});
after(() => {
  rig.stop();
  rmSync(dir, { recursive: true, force: true });
});

const RUN_D: string[][] = [
  [],
  ["-h", "short-h-is-hostname", "--name=eq-form"],
  ["--name", "srv", "--hostname", "h1", "--domainname", "example.com", "-w", "/work", "-u", "1000:1000"],
  ["-e", "A=1", "-e", "B", "-e", "PATH", "-e", "C=3", "-e", "A=2", "--env-file", envFile, "--env", "X=<&>"],
  ["-v", "/data:/data", "-v", "/a:/b:ro", "-v", "./rel:/rel", "-v", "vol:/v", "-v", "/anon", "-v", "/data:/data", "-v", "a::b"],
  ["--entrypoint", "/bin/sh", "--label", "a=1", "--label", "b", "-l", "c=x=y", "--label", "html=<b>"],
  ["--entrypoint", ""],
  ["--net", "mynet", "--ip", "10.0.0.5", "--ip6", "2001:DB8::1", "--network-alias", "db", "--net-alias", "pg", "--link", "c1:al", "--mac-address", "02:42:AC:11:00:02"],
  ["--network", "name=mynet,alias=a1,alias=a2,ip=10.0.0.5,ip6=fd00::5,driver-opt=k=v,mac-address=02:42:ac:11:00:02,gw-priority=5,link-local-ip=169.254.1.1"],
  ["--network", "n1", "--network", "n2", "--network-alias", "al", "--link-local-ip", "169.254.0.5"],
  ["--network", "host", "--link", "a"],
  ["--network", "none"],
  ["--network", "mynet"],
  ["--network", "container:web1"],
  ["--link", "db:al", "--link", "web1", "--ip", "1.2.3.4"],
  ["--add-host", "a=1.2.3.4", "--add-host", "b:::1", "--add-host", "c:[fe80::1]", "--add-host", "host.docker.internal:host-gateway"],
  ["--dns", "8.8.8.8", "--dns", "::ffff:1.2.3.4", "--dns", " 1.1.1.1 ", "--dns", "2001:DB8::53", "--dns-search", "example.com.", "--dns-search", ".", "--dns-option", "ndots:2", "--dns-opt", "a"],
  ["--dns", "127.0.0.1"],
  ["-p", "80", "-p", "8080:80", "-p", "127.0.0.1:53:53/udp", "-p", "1000-1002:2000-2002", "-p", "[::1]:81:81", "-p", "9000-9010:90", "--expose", "90", "--expose", "100-101/udp", "-P"],
  ["-p", "published=8080,target=80", "-p", "published=53,target=53,protocol=udp", "--publish-all=false"],
  ["--restart", "always"],
  ["--restart", "on-failure:3"],
  ["--restart", "unless-stopped", "--rm=false"],
  ["-i", "-t", "--rm", "--privileged", "--read-only", "--stop-signal", "SIGINT", "--stop-timeout", "5"],
  ["-it", "--pull", "never", "--sig-proxy=false", "--detach-keys", "ctrl-x"],
  ["--label", "fake.warning=careful"],
];

describe("parity with docker: run -d bodies", { skip: SKIP_NO_DOCKER, concurrency: 4 }, () => {
  for (const opts of RUN_D) {
    test(opts.join(" ") || "(defaults)", () => same(rig, ["run", "-d", ...opts, "busybox"]).then((o) => assert.match(o.stdout, /^[0-9a-f]{64}\n$/)));
  }
  cases(rig, test, [
    ["run", "--detach", "busybox", "sh", "-c", "echo hi; exit 3"],
    ["run", "-d", "--entrypoint", "/bin/sh", "busybox", "-c", "echo hi"],
    ["run", "-d", "busybox", "--rm", "-e", "X=1"],
    ["container", "run", "-d", "alpine:3.19", "true"],
    ["create", "--name", "c1", "-e", "A=1", "-p", "80:80", "busybox", "echo", "hi"],
    ["container", "create", "-t", "-i", "busybox"],
  ]);
});

describe("parity with docker: run attached", { skip: SKIP_NO_DOCKER, concurrency: 4 }, () => {
  cases(rig, test, [
    ["run", "busybox", "sh", "-c", "echo hello; echo oops >&2; exit 3"],
    ["run", "--rm", "busybox", "echo", "hi", "there"],
    ["run", "-t", "busybox", "sh", "-c", "echo out; echo err >&2"],
    ["run", "busybox", "false"],
    ["run", "-a", "stdout", "busybox", "sh", "-c", "echo seen; echo unseen >&2; exit 7"],
    ["run", "-a", "stderr", "busybox", "sh", "-c", "echo unseen; echo seen >&2"],
    ["run", "busybox", "nosuchcmd", "a"],
    ["run", "--rm", "busybox", "nosuchcmd"],
  ]);
  test("-i forwards stdin (cat echoes it), then the exit code", () =>
    same(rig, ["run", "-i", "busybox", "cat"], { stdin: "first line\nsecond line\n" }).then((o) => assert.equal(o.stdout, "first line\nsecond line\n")));
  test("-i with --rm and a script", () => same(rig, ["run", "-i", "--rm", "busybox", "sh", "-c", "cat; exit 5"], { stdin: "data\n" }).then(() => undefined));
  test("-it without a terminal", () => same(rig, ["run", "-it", "busybox", "sh"]).then(() => undefined));
});

describe("parity with docker: run errors", { skip: SKIP_NO_DOCKER, concurrency: 4 }, () => {
  cases(rig, test, [
    ["run", "--name", "web1", "busybox", "echo"],
    ["run", "nope"],
    ["run", "--pull", "never", "nope"],
    ["run", "Bad:Ref"],
    ["run", "-d", "-a", "stdout", "busybox"],
    ["run", "--rm", "--restart", "always", "busybox"],
    ["run", "--add-host", "a", "busybox"],
    ["run", "--add-host", "a:1.2.3", "busybox"],
    ["run", "--dns", "bogus", "busybox"],
    ["run", "--dns-search", "-bad", "busybox"],
    ["run", "-e", "=x", "busybox"],
    ["run", "--env-file", badEnvFile, "busybox"],
    ["run", "--env-file", path.join(dir, "missing.env"), "busybox"],
    ["run", "-a", "bogus", "busybox"],
    ["run", "--mac-address", "bogus", "busybox"],
    ["run", "--network-alias", "x", "busybox"],
    ["run", "--network", "n1", "--network", "n1", "busybox"],
    ["run", "--network", "host", "--network", "n1", "busybox"],
    ["run", "--network", "my=net", "busybox"],
    ["run", "--network", "name=,alias=x", "busybox"],
    ["run", "--network", "name=n1,alias=a", "--network-alias", "b", "busybox"],
    ["run", "--network", "name=n1,ip=10.0.0.1", "--ip", "10.0.0.2", "busybox"],
    ["run", "-v", "", "busybox"],
    ["run", "-p", "99999", "busybox"],
    ["run", "-p", "bogus", "busybox"],
    ["run", "-p", "1-3:4-5", "busybox"],
    ["run", "-p", "80/bogus", "busybox"],
    ["run", "-p", "1.2.3:80:80", "busybox"],
    ["run", "-p", "published=80,bad", "busybox"],
    ["run", "--expose", "x", "busybox"],
    ["run", "--restart", ":3", "busybox"],
    ["run", "--restart", "always:x", "busybox"],
    ["run", "--pull", "sometimes", "busybox"],
    ["run", "--rm=maybe", "busybox"],
    ["run", "--stop-timeout", "x", "busybox"],
    ["run", "--bogus", "busybox"],
    ["run"],
    ["create"],
    ["create", "--rm", "--restart", "always", "busybox"],
    ["create", "nope"],
    ["create", "--name", "web1", "busybox"],
  ]);
});
