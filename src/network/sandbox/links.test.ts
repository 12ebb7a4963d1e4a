import { test } from "node:test";
import assert from "node:assert/strict";
import { isBerthError } from "../../lib/errors.js";
import {
  formatLinkForInspect,
  linkEnvAlias,
  linkEnvVars,
  linkHostNames,
  linkNotOnDefaultNetworkMessage,
  linkNotRunningMessage,
  parseLink,
} from "./links.js";

test("parseLink: name, name:alias and the stored /name:/parent/alias form", () => {
  assert.deepEqual(parseLink("db"), { name: "db", alias: "db" });
  assert.deepEqual(parseLink("pgserver:db"), { name: "pgserver", alias: "db" });
  assert.deepEqual(parseLink("/pgserver:/web/db"), { name: "pgserver", alias: "db" });
});

test("parseLink: Docker's error texts", () => {
  assert.throws(() => parseLink(""), (e: unknown) => isBerthError(e, "InvalidParameter") && e.message === "empty string specified for links");
  assert.throws(() => parseLink("a:b:c"), (e: unknown) => isBerthError(e, "InvalidParameter") && e.message === "bad format for links: a:b:c");
});

test("formatLinkForInspect: /child:/parent/alias", () => {
  assert.equal(formatLinkForInspect("db", "web", "db"), "/db:/web/db");
  assert.equal(formatLinkForInspect("pgserver", "app", "pg"), "/pgserver:/app/pg");
});

test("linkHostNames: alias, hostname, then the name unless it equals the alias", () => {
  assert.equal(linkHostNames({ alias: "db", name: "pgserver", hostname: "5d9e1f2a3b4c" }), "db 5d9e1f2a3b4c pgserver");
  assert.equal(linkHostNames({ alias: "db", name: "db", hostname: "5d9e1f2a3b4c" }), "db 5d9e1f2a3b4c");
});

test("linkEnvVars: one TCP port (Docker's TestLinkEnv), exact order", () => {
  const env = linkEnvVars({
    parentName: "web",
    alias: "docker",
    childIp: "172.0.17.2",
    childEnv: ["PASSWORD=gordon", "PATH=/usr/bin", "HOME=/root", "NOVALUE"],
    exposedPorts: ["6379/tcp"],
  });
  assert.deepEqual(env, [
    "DOCKER_PORT=tcp://172.0.17.2:6379",
    "DOCKER_PORT_6379_TCP=tcp://172.0.17.2:6379",
    "DOCKER_PORT_6379_TCP_ADDR=172.0.17.2",
    "DOCKER_PORT_6379_TCP_PORT=6379",
    "DOCKER_PORT_6379_TCP_PROTO=tcp",
    "DOCKER_NAME=/web/docker",
    "DOCKER_ENV_PASSWORD=gordon",
  ]);
});

test("linkEnvVars: consecutive ports make a range (Docker's TestLinkMultipleEnv)", () => {
  const env = linkEnvVars({
    parentName: "web",
    alias: "docker",
    childIp: "172.0.17.2",
    childEnv: [],
    exposedPorts: ["6381/tcp", "6379/tcp", "6380/tcp"],
  });
  const map = new Map(env.map((e) => [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)]));
  assert.equal(map.get("DOCKER_PORT"), "tcp://172.0.17.2:6379");
  assert.equal(map.get("DOCKER_PORT_6379_TCP_START"), "tcp://172.0.17.2:6379");
  assert.equal(map.get("DOCKER_PORT_6379_TCP_PORT_START"), "6379");
  assert.equal(map.get("DOCKER_PORT_6379_TCP_END"), "tcp://172.0.17.2:6381");
  assert.equal(map.get("DOCKER_PORT_6379_TCP_PORT_END"), "6381");
  assert.equal(map.get("DOCKER_PORT_6380_TCP_ADDR"), "172.0.17.2");
  // The range lines follow the last port of the range.
  assert.deepEqual(env.slice(-6), [
    "DOCKER_PORT_6381_TCP_PROTO=tcp",
    "DOCKER_PORT_6379_TCP_START=tcp://172.0.17.2:6379",
    "DOCKER_PORT_6379_TCP_PORT_START=6379",
    "DOCKER_PORT_6379_TCP_END=tcp://172.0.17.2:6381",
    "DOCKER_PORT_6379_TCP_PORT_END=6381",
    "DOCKER_NAME=/web/docker",
  ]);
});

test("linkEnvVars: TCP first, a broken range is written after the port that breaks it, alias normalised", () => {
  const env = linkEnvVars({
    parentName: "app",
    alias: "my-db",
    childIp: "10.0.0.2",
    childEnv: ["POSTGRES_PASSWORD=password"],
    exposedPorts: ["53/udp", "81/tcp", "80/tcp", "90/tcp", "5432"],
  });
  assert.equal(linkEnvAlias("my-db"), "MY_DB");
  assert.deepEqual(env, [
    "MY_DB_PORT=tcp://10.0.0.2:80",
    ...["80", "81"].flatMap((p) => [
      `MY_DB_PORT_${p}_TCP=tcp://10.0.0.2:${p}`,
      `MY_DB_PORT_${p}_TCP_ADDR=10.0.0.2`,
      `MY_DB_PORT_${p}_TCP_PORT=${p}`,
      "MY_DB_PORT_" + p + "_TCP_PROTO=tcp",
    ]),
    "MY_DB_PORT_90_TCP=tcp://10.0.0.2:90",
    "MY_DB_PORT_90_TCP_ADDR=10.0.0.2",
    "MY_DB_PORT_90_TCP_PORT=90",
    "MY_DB_PORT_90_TCP_PROTO=tcp",
    "MY_DB_PORT_80_TCP_START=tcp://10.0.0.2:80",
    "MY_DB_PORT_80_TCP_PORT_START=80",
    "MY_DB_PORT_80_TCP_END=tcp://10.0.0.2:81",
    "MY_DB_PORT_80_TCP_PORT_END=81",
    "MY_DB_PORT_5432_TCP=tcp://10.0.0.2:5432",
    "MY_DB_PORT_5432_TCP_ADDR=10.0.0.2",
    "MY_DB_PORT_5432_TCP_PORT=5432",
    "MY_DB_PORT_5432_TCP_PROTO=tcp",
    "MY_DB_PORT_53_UDP=udp://10.0.0.2:53",
    "MY_DB_PORT_53_UDP_ADDR=10.0.0.2",
    "MY_DB_PORT_53_UDP_PORT=53",
    "MY_DB_PORT_53_UDP_PROTO=udp",
    "MY_DB_NAME=/app/my-db",
    "MY_DB_ENV_POSTGRES_PASSWORD=password",
  ]);
});

test("linkEnvVars: no exposed ports gives only NAME and ENV", () => {
  assert.deepEqual(linkEnvVars({ parentName: "p", alias: "c", childIp: "1.2.3.4", childEnv: ["A=b=c"], exposedPorts: [] }), [
    "C_NAME=/p/c",
    "C_ENV_A=b=c",
  ]);
});

test("link error texts", () => {
  assert.equal(linkNotRunningMessage("db", "web", "db"), "Cannot link to a non running container: /db AS /web/db");
  assert.equal(linkNotOnDefaultNetworkMessage("db"), "Cannot link to /db, as it does not belong to the default network");
});
