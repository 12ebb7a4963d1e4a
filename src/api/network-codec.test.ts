import { test } from "node:test";
import assert from "node:assert/strict";
import type { NetworkDetail } from "../engine/engine.js";
import type { ContainerId, EndpointId, NetworkId } from "../lib/ids.js";
import { decodeJson } from "./body.js";
import { decodeConnect, decodeDisconnect } from "./endpoint-codec.js";
import { decodeNetworkCreate, encodeNetwork } from "./network-codec.js";

const host: NetworkDetail = {
  network: {
    id: "a".repeat(64) as NetworkId,
    name: "host",
    created: "2024-01-01T00:00:00Z",
    scope: "local",
    driver: "host",
    enableIPv4: false,
    enableIPv6: false,
    ipam: { driver: "default", options: null, config: null },
    internal: false,
    attachable: false,
    ingress: false,
    configFrom: "",
    configOnly: false,
    options: {},
    labels: {},
    predefined: true,
  },
  endpoints: [
    {
      id: "e".repeat(64) as EndpointId,
      networkId: "a".repeat(64) as NetworkId,
      containerId: "" as ContainerId,
      name: "orphan",
      macAddress: "",
      ipv4Address: "",
      gateway4: "",
      gateway6: "",
      ifname: "",
      hostVeth: "",
      ipv6Address: "",
    },
  ],
};

const keys = (v: object): string => Object.keys(v).join(",");

test("EnableIPv4 appears from API 1.48, between Driver and EnableIPv6", () => {
  assert.equal(
    keys(encodeNetwork(host, "1.47", "inspect")),
    "Name,Id,Created,Scope,Driver,EnableIPv6,IPAM,Internal,Attachable,Ingress,ConfigFrom,ConfigOnly,Containers,Options,Labels",
  );
  const v148 = encodeNetwork(host, "1.48", "inspect");
  assert.equal(
    keys(v148),
    "Name,Id,Created,Scope,Driver,EnableIPv4,EnableIPv6,IPAM,Internal,Attachable,Ingress,ConfigFrom,ConfigOnly,Containers,Options,Labels",
  );
  assert.equal(v148.EnableIPv4, false);
  assert.equal(JSON.stringify(v148.IPAM), '{"Driver":"default","Options":null,"Config":null}');
});

test("Containers: inspect lists endpoints (ep-<id> without a container); lists by version", () => {
  assert.deepEqual(Object.keys(encodeNetwork(host, "1.47", "inspect").Containers ?? {}), [`ep-${"e".repeat(64)}`]);
  assert.deepEqual(encodeNetwork(host, "1.47", "list").Containers, {});
  assert.equal(Object.keys(encodeNetwork(host, "1.27", "list").Containers ?? {}).length, 1);
  assert.equal("Containers" in encodeNetwork(host, "1.52", "list"), false);
});

test("create: defaults, EnableIPv4 only from 1.48, IPAM entries without empty fields", () => {
  const spec = decodeNetworkCreate(
    {
      Name: "n",
      EnableIPv4: false,
      EnableIPv6: true,
      IPAM: { Driver: "", Config: [{ Subnet: "10.1.0.0/24", Gateway: "", AuxiliaryAddresses: {} }], Options: null },
      ConfigFrom: { Network: "cfg" },
      Scope: "",
    },
    "1.47",
  );
  assert.deepEqual(spec, {
    name: "n",
    driver: "bridge",
    enableIPv6: true,
    ipam: { driver: "default", config: [{ subnet: "10.1.0.0/24" }], options: {} },
    internal: false,
    attachable: false,
    ingress: false,
    configOnly: false,
    configFrom: "cfg",
    options: {},
    labels: {},
  });
  assert.equal(decodeNetworkCreate({ Name: "n", EnableIPv4: false }, "1.48").enableIPv4, false);
  assert.equal(decodeNetworkCreate({ Name: "n", Scope: "swarm" }, "1.47").scope, "swarm");
  assert.throws(() => decodeNetworkCreate({ Name: "\t " }, "1.47"), /invalid name: name is empty/);
  assert.throws(() => decodeNetworkCreate(undefined, "1.47"), /invalid name: name is empty/);
});

test("connect: MacAddress from 1.54, GwPriority from 1.48, empty IPs unset", () => {
  const body = { Container: "c", EndpointConfig: { MacAddress: "02:00:00:00:00:01", GwPriority: 3, IPAMConfig: { IPv4Address: "10.0.0.9" } } };
  const old = decodeConnect(body, "1.47");
  assert.equal(old.config.macAddress, undefined);
  assert.equal(old.config.gwPriority, 0);
  assert.equal(old.config.ipv4Address, "10.0.0.9");
  const mid = decodeConnect(body, "1.48");
  assert.equal(mid.config.gwPriority, 3);
  assert.equal(mid.config.macAddress, undefined);
  assert.equal(decodeConnect(body, "1.54").config.macAddress, "02:00:00:00:00:01");
  assert.deepEqual(decodeConnect({ Container: "c" }, "1.47").config, {
    linkLocalIPs: [],
    links: [],
    aliases: [],
    driverOpts: {},
    gwPriority: 0,
  });
  assert.throws(
    () => decodeJson({ Container: "c", EndpointConfig: { GwPriority: 1.5 } }, (v) => decodeConnect(v, "1.48")),
    /^BerthError: invalid JSON: json: cannot unmarshal number 1.5 into Go struct field EndpointSettings.EndpointConfig.GwPriority of type int$/,
  );
});

test("disconnect: Force defaults to false; wrong types are Go errors", () => {
  assert.deepEqual(decodeDisconnect({ container: "x" }), { container: "x", force: false });
  assert.throws(
    () => decodeJson({ Container: "x", Force: "yes" }, decodeDisconnect),
    /cannot unmarshal string into Go struct field NetworkDisconnect.Force of type bool/,
  );
});
