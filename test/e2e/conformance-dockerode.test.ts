/**
 * Conformance: dockerode (npm, typed) against a real berthd: the docker-py steps from Node
 * (test/conformance/dockerode-scenario.ts), with Docker's status codes and texts.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { TestDaemon } from "../harness/daemon.js";
import { dockerodeScenario } from "../conformance/dockerode-scenario.js";
import { skipReason, startDaemonWithBusybox } from "../conformance/e2e-daemon.js";
import { ENDPOINT_FIELDS, NETWORK_FIELDS, NETWORK_SETTINGS_FIELDS, NETWORK_SHAPE, RM_RUNNING } from "../conformance/expected.js";
import type { Observations } from "../conformance/observations.js";

describe("dockerode against berthd", { skip: skipReason() }, () => {
  let d: TestDaemon;
  let o: Observations = {};
  const expectError = (key: string, status: number, text: string | RegExp): void => {
    const e = o[key] as { status: number; message: string };
    assert.equal(typeof e, "object", `${key}: ${JSON.stringify(e)}`);
    assert.equal(e.status, status, `${key}: ${e.message}`);
    if (typeof text === "string") assert.equal(e.message, text, key);
    else assert.match(e.message, text, key);
  };

  before(async () => {
    d = await startDaemonWithBusybox("ode");
    o = await dockerodeScenario(d.socket, "ode-");
  });
  after(async () => {
    await d?.dispose();
  });

  test("the scenario ran to the end", () => {
    assert.equal(o["exception"], undefined, String(o["exception"]));
  });

  test("networks: create returns a 64-hex id; inspect has Docker's fields and types; list leaves Containers empty", () => {
    assert.equal(o["network_id_len"], 64);
    assert.deepEqual(o["network_fields"], NETWORK_FIELDS);
    assert.deepEqual(o["network_shape"], NETWORK_SHAPE);
    assert.deepEqual(o["network_ipam"], { Driver: "default", Options: {}, Config: [{ Subnet: "10.124.0.0/24", Gateway: "10.124.0.1" }] });
    assert.deepEqual(o["list_containers_field"], [{}]);
  });

  test("create with EndpointsConfig: static address, aliases, NetworkSettings in v28's order", () => {
    assert.equal(o["container_running"], true);
    assert.equal(o["endpoint_ip"], "10.124.0.50");
    assert.deepEqual(o["endpoint_aliases"], ["node-alias"]);
    assert.deepEqual(o["endpoint_ipam_config"], { IPv4Address: "10.124.0.50" });
    assert.deepEqual(Object.keys(o["endpoint_shape"] as object), ENDPOINT_FIELDS);
    assert.deepEqual(o["network_settings_fields"], NETWORK_SETTINGS_FIELDS);
  });

  test("connect, duplicate connect, disconnect, disconnect again", () => {
    assert.deepEqual(o["network2_members"], ["ode-ctr"]);
    expectError("err_duplicate_connect", 403, "endpoint with name ode-ctr already exists in network ode-net2");
    assert.deepEqual(o["after_disconnect_networks"], ["ode-net"]);
    expectError("err_disconnect_twice", 500, /^container [0-9a-f]{64} is not connected to network ode-net2$/);
  });

  test("Docker's errors for unknown objects, duplicates, busy and predefined networks", () => {
    expectError("err_unknown_network", 404, "network ode-nosuch not found");
    expectError("err_connect_unknown_network", 404, "network ode-nosuch not found");
    expectError("err_connect_unknown_container", 404, "No such container: ode-nosuchctr");
    expectError("err_duplicate_network", 409, "network with name ode-net already exists");
    expectError("err_rm_running", 409, RM_RUNNING);
    expectError("err_rm_network_in_use", 403, /^error while removing network: network ode-net has active endpoints \(name:"ode-ctr" id:"[0-9a-f]{12}"\)$/);
    expectError("err_rm_predefined", 403, "none is a pre-defined network and cannot be removed");
    expectError("err_connect_host", 400, "cannot connect container to host network - container must be created in host network mode");
    expectError("err_static_ip_default_bridge", 400, "invalid endpoint settings:\nuser specified IP address is supported on user defined networks only");
    expectError("err_bad_gateway", 400, "invalid network config:\ninvalid gateway 10.126.0.1: parent subnet 10.125.0.0/24 doesn't contain this address");
  });

  test("wait returns the exit code; stop blanks the endpoint but keeps its config; prune", () => {
    assert.deepEqual(o["wait_status"], { StatusCode: 3 });
    assert.equal(o["stopped_state"], "exited");
    assert.equal(o["stopped_endpoint_ip"], "");
    assert.deepEqual(o["stopped_ipam_config"], { IPv4Address: "10.124.0.50" });
    assert.deepEqual(o["prune"], { NetworksDeleted: ["ode-net2"] });
  });
});
