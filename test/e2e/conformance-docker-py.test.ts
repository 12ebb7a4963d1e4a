/**
 * Conformance: docker-py (Debian python3-docker 5.0.3) scripts against a real berthd:
 * networks and containers created, connected, inspected, disconnected and removed, with
 * Docker's status codes, error classes and texts (test/conformance/docker-py/scenario.py).
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { REPO, run, type TestDaemon } from "../harness/daemon.js";
import { PYTHON, skipReason, startDaemonWithBusybox } from "../conformance/e2e-daemon.js";
import { NETWORK_FIELDS, NETWORK_MEMBER_SHAPE, NETWORK_SHAPE, ENDPOINT_FIELDS, RM_RUNNING } from "../conformance/expected.js";

const SCRIPT = path.join(REPO, "test/conformance/docker-py/scenario.py");
const hasDockerPy = existsSync("/usr/lib/python3/dist-packages/docker/__init__.py");
const skip = skipReason([PYTHON]) || (hasDockerPy ? false : "needs python3-docker");

interface PyError { type: string; status: number; explanation: string }

describe("docker-py against berthd", { skip }, () => {
  let d: TestDaemon;
  let o: Record<string, unknown> = {};
  const err = (key: string): PyError => o[key] as PyError;
  const expectError = (key: string, type: string, status: number, text: string | RegExp): void => {
    const e = err(key);
    assert.equal(typeof e, "object", `${key}: ${JSON.stringify(e)}`);
    assert.equal(e.status, status, `${key} status: ${e.explanation}`);
    assert.equal(e.type, type, key);
    if (typeof text === "string") assert.equal(e.explanation, text, key);
    else assert.match(e.explanation, text, key);
  };

  before(async () => {
    d = await startDaemonWithBusybox("py");
    const r = run([PYTHON, SCRIPT, `unix://${d.socket}`, "py-"]);
    assert.equal(r.code, 0, r.stderr);
    o = JSON.parse(r.stdout) as Record<string, unknown>;
  });
  after(async () => {
    await d?.dispose();
  });

  test("the script ran to the end; version negotiation picked the daemon's version", () => {
    assert.equal(o["exception"], undefined, String(o["exception"]));
    assert.equal(o["api_version"], "1.47");
  });

  test("network create and inspect: Docker's fields in order, JSON types, IPAM, labels, list filters", () => {
    assert.equal(o["network_id_len"], 64);
    assert.deepEqual(o["network_fields"], NETWORK_FIELDS);
    assert.deepEqual(o["network_shape"], NETWORK_SHAPE);
    assert.deepEqual(o["network_ipam"], { Driver: "default", Options: {}, Config: [{ Subnet: "10.123.0.0/24", Gateway: "10.123.0.1" }] });
    assert.deepEqual(o["network_labels"], { conf: "yes" });
    assert.equal(o["network2_internal"], true);
    assert.deepEqual(o["networks_list_names"], ["py-net", "py-net2"]);
    assert.deepEqual(o["networks_list_by_label"], ["py-net"]);
  });

  test("a container on a user network: its endpoint, lowest free address, gateway", () => {
    assert.equal(o["container_status"], "running");
    assert.deepEqual(o["container_networks"], ["py-net"]);
    assert.deepEqual(Object.keys(o["endpoint_shape"] as object).sort(), [...ENDPOINT_FIELDS].sort());
    assert.equal(o["endpoint_ip"], "10.123.0.2");
    assert.equal(o["endpoint_gateway"], "10.123.0.1");
    assert.equal(o["endpoint_prefixlen"], 24);
    assert.equal(o["hosts_has_hostname"], true);
    assert.equal(o["exec_exit_code"], 7);
  });

  test("connect with an alias: Aliases, DNSNames (name, alias, short id, hostname), network members", () => {
    assert.equal(o["connect_aliases_has_alias"], true);
    const names = o["connect_dnsnames"] as string[];
    assert.equal(names.length, 4, JSON.stringify(names));
    assert.ok(names.includes("py-ctr") && names.includes("py-alias") && names.includes("pyhost"));
    assert.equal(names.filter((n) => /^[0-9a-f]{12}$/.test(n)).length, 1);
    assert.deepEqual(o["network2_members"], ["py-ctr"]);
    assert.deepEqual(o["network2_member_shape"], NETWORK_MEMBER_SHAPE);
  });

  test("Docker's errors: status codes, docker-py's error classes and texts", () => {
    expectError("err_duplicate_connect", "APIError", 403, "endpoint with name py-ctr already exists in network py-net2");
    expectError("err_duplicate_network", "APIError", 409, "network with name py-net already exists");
    expectError("err_unknown_network", "NotFound", 404, "network py-nosuch not found");
    expectError("err_connect_unknown_container", "NotFound", 404, "No such container: py-nosuchctr");
    expectError("err_rm_running", "APIError", 409, RM_RUNNING);
    expectError("err_rm_network_in_use", "APIError", 403, /^error while removing network: network py-net has active endpoints \(name:"py-ctr" id:"[0-9a-f]{12}"\)$/);
    expectError("err_rm_predefined", "APIError", 403, "bridge is a pre-defined network and cannot be removed");
    expectError("err_create_predefined", "APIError", 403, "operation is not permitted on predefined host network ");
    expectError("err_unknown_container", "NotFound", 404, "No such container: py-nosuchctr");
    expectError("err_bad_subnet", "APIError", 400, "invalid network config:\ninvalid subnet 10.124.0.1/24: it should be 10.124.0.0/24");
    expectError("err_overlap", "APIError", 403, "invalid pool request: Pool overlaps with other one on this address space");
    expectError("err_disconnect_twice", "APIError", 500, /^container [0-9a-f]{64} is not connected to network py-net2$/);
  });

  test("a created container only records connects; a taken static address fails at start", () => {
    assert.equal(o["connect_created_ok"], "no error");
    assert.equal(o["connect_created_twice_ok"], "no error");
    expectError("err_ip_taken_at_start", "APIError", 403, /Address already in use/);
  });

  test("disconnect, exit codes, stop blanks the endpoint, prune takes networks only stopped containers use", () => {
    assert.deepEqual(o["after_disconnect_networks"], ["py-net"]);
    assert.deepEqual(o["run_exit_3"], { type: "ContainerError", exit_status: 3 });
    assert.equal(o["run_output"], "hello\n");
    assert.equal(o["stopped_status"], "exited");
    assert.equal(o["stopped_endpoint_ip"], "");
    assert.deepEqual(o["prune"], { NetworksDeleted: ["py-net2"] });
    assert.deepEqual(o["networks_after"], []);
  });
});
