import { test } from "node:test";
import assert from "node:assert/strict";
import { isBerthError } from "../lib/errors.js";
import { commandForm, parseEnv, parseExpose, parseImageChanges, splitWords } from "./image-changes.js";
import { repoTagReference } from "./image-codec.js";
import { globRegExp } from "./image-filters.js";

const invalid = (fn: () => unknown, message: string): void =>
  assert.throws(fn, (e: unknown) => isBerthError(e, "InvalidParameter") && e.message === message, message);

test("CMD and ENTRYPOINT: exec (JSON) form, else shell form", () => {
  assert.deepEqual(commandForm('["sh", "-c", "echo hi"]'), ["sh", "-c", "echo hi"]);
  assert.deepEqual(commandForm("echo hi there"), ["/bin/sh", "-c", "echo hi there"]);
  assert.deepEqual(commandForm("[not json"), ["/bin/sh", "-c", "[not json"]);
  assert.deepEqual(commandForm("[1, 2]"), ["/bin/sh", "-c", "[1, 2]"]);
});

test("ENV: name=value pairs with quotes, and the legacy `name value` form", () => {
  assert.deepEqual(parseEnv('A=1 B="x y" C=\'z\' D=a\\ b'), [["A", "1"], ["B", "x y"], ["C", "z"], ["D", "a b"]]);
  assert.deepEqual(parseEnv("PATH /usr/bin:/bin extra"), [["PATH", "/usr/bin:/bin extra"]]);
  invalid(() => parseEnv("A=1 B"), `Syntax error - can't find = in "B". Must be of the form: name=value`);
  invalid(() => parseEnv("LONELY"), "ENV must have two arguments");
});

test("EXPOSE: ports, protocols and ranges", () => {
  assert.deepEqual(parseExpose("80 53/udp 8000-8002/TCP"), ["80/tcp", "53/udp", "8000/tcp", "8001/tcp", "8002/tcp"]);
  invalid(() => parseExpose("http"), "invalid containerPort: http");
  invalid(() => parseExpose("80/icmp"), "invalid proto: icmp");
});

test("a full set of changes, as `docker import -c` sends them", () => {
  const changes = parseImageChanges([
    'CMD ["sh"]',
    "ENV A=1 B=2",
    "env A=3",
    "WORKDIR /app",
    "WORKDIR sub",
    "EXPOSE 80",
    "EXPOSE 80 443",
    "ENTRYPOINT /entry.sh",
  ]);
  assert.deepEqual(changes, {
    cmd: ["sh"],
    env: ["A=3", "B=2"],
    workingDir: "/app/sub",
    exposedPorts: ["80/tcp", "443/tcp"],
    entrypoint: ["/bin/sh", "-c", "/entry.sh"],
  });
  assert.deepEqual(parseImageChanges([]), {});
});

test("instructions dockerd refuses, and valid ones Berth cannot carry", () => {
  invalid(() => parseImageChanges(["RUN echo"]), "run is not a valid change command");
  invalid(() => parseImageChanges(["LABEL a=b"]), "LABEL is not supported in an import change by Berth");
});

test("splitWords keeps quoted spaces and drops the quotes", () => {
  assert.deepEqual(splitWords(`a "b c" 'd e' f\\ g`), ["a", "b c", "d e", "f g"]);
  assert.deepEqual(splitWords(`echo ""`), ["echo", ""]);
});

test("repoTagReference: default tag, explicit tag, familiar names, errors", () => {
  assert.equal(repoTagReference("busybox", ""), "busybox:latest");
  assert.equal(repoTagReference("myimg:1.0", ""), "myimg:1.0");
  assert.equal(repoTagReference("myimg:1.0", "2.0"), "myimg:2.0");
  assert.equal(repoTagReference("docker.io/library/busybox", "x"), "busybox:x");
  assert.equal(repoTagReference("localhost:5000/team/app", ""), "localhost:5000/team/app:latest");
  invalid(() => repoTagReference("Busybox", ""), "invalid reference format: repository name (Busybox) must be lowercase");
  invalid(() => repoTagReference("bad name", ""), "invalid reference format");
  invalid(() => repoTagReference("busybox", "bad tag"), "invalid reference format");
  invalid(() => repoTagReference("busybox@sha256:abc", ""), "cannot import digest reference");
});

test("reference filter globs follow path.Match", () => {
  assert.ok(globRegExp("busy*")?.test("busybox:latest"));
  assert.ok(!globRegExp("busy*")?.test("team/busybox"));
  assert.ok(globRegExp("*/busy?ox")?.test("team/busybox"));
  assert.ok(globRegExp("[ab]*")?.test("app"));
  assert.equal(globRegExp("[oops"), null);
});
