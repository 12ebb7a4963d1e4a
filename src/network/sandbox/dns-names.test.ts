import { test } from "node:test";
import assert from "node:assert/strict";
import { compareApiVersions, endpointDnsNames, inspectAliases, isUserDefinedNetwork } from "./dns-names.js";
import { defaultHostname, renderHostname } from "./hostname.js";

const ID = "5d9e1f2a3b4c" + "0".repeat(52);

test("isUserDefinedNetwork: predefined names and container: modes are not", () => {
  for (const n of ["bridge", "host", "none", "default", "container:abc"]) assert.equal(isUserDefinedNetwork(n), false, n);
  for (const n of ["mynet", "bridge2", "my_bridge"]) assert.equal(isUserDefinedNetwork(n), true, n);
});

test("endpointDnsNames: [name, aliases..., short id, hostname] de-duplicated on user networks", () => {
  assert.deepEqual(
    endpointDnsNames({ networkName: "mynet", containerName: "/pgserver", aliases: ["db", "pg"], containerId: ID, hostname: "5d9e1f2a3b4c" }),
    ["pgserver", "db", "pg", "5d9e1f2a3b4c"],
  );
  assert.deepEqual(
    endpointDnsNames({ networkName: "mynet", containerName: "web", aliases: ["web", "api"], containerId: ID, hostname: "api" }),
    ["web", "api", "5d9e1f2a3b4c"],
  );
});

test("endpointDnsNames: null on the default bridge (and host/none)", () => {
  for (const networkName of ["bridge", "host", "none"]) {
    assert.equal(endpointDnsNames({ networkName, containerName: "web", aliases: [], containerId: ID, hostname: "h" }), null);
  }
});

test("inspectAliases: API < 1.45 appends short id and hostname on user networks only", () => {
  const base = { networkName: "mynet", aliases: ["db"], containerId: ID, hostname: "pghost" };
  assert.deepEqual(inspectAliases({ ...base, apiVersion: "1.44" }), ["db", "5d9e1f2a3b4c", "pghost"]);
  assert.deepEqual(inspectAliases({ ...base, apiVersion: "1.45" }), ["db"]);
  assert.deepEqual(inspectAliases({ ...base, apiVersion: "1.51" }), ["db"]);
  assert.deepEqual(inspectAliases({ ...base, aliases: null, apiVersion: "1.43" }), ["5d9e1f2a3b4c", "pghost"]);
  assert.deepEqual(inspectAliases({ ...base, aliases: null, hostname: "5d9e1f2a3b4c", apiVersion: "1.41" }), ["5d9e1f2a3b4c"]);
  assert.equal(inspectAliases({ ...base, aliases: null, apiVersion: "1.52" }), null);
  assert.equal(inspectAliases({ ...base, networkName: "bridge", aliases: null, apiVersion: "1.40" }), null);
});

test("compareApiVersions: numeric per component", () => {
  assert.equal(compareApiVersions("1.44", "1.45"), -1);
  assert.equal(compareApiVersions("1.45", "1.45"), 0);
  assert.equal(compareApiVersions("1.100", "1.45"), 1);
  assert.equal(compareApiVersions("1.9", "1.10"), -1);
});

test("hostname: file text and Docker's default", () => {
  assert.equal(renderHostname("5d9e1f2a3b4c"), "5d9e1f2a3b4c\n");
  assert.equal(defaultHostname(ID, "bridge", "myhost"), "5d9e1f2a3b4c");
  assert.equal(defaultHostname(ID, "mynet", "myhost"), "5d9e1f2a3b4c");
  assert.equal(defaultHostname(ID, "host", "myhost"), "myhost");
});
