import { test } from "node:test";
import assert from "node:assert/strict";
import type { NetworkId } from "../lib/ids.js";
import type { Network } from "../model/network.js";
import { startTestServer, type TestServer } from "./api-test-harness.js";
import { FakeEngine } from "./fake-engine.js";

const FIXED_ID = "f".repeat(12) + "0123456789abcdef".repeat(3) + "0".repeat(4);
const CID = "c".repeat(64);

const fixedNetwork: Network = {
  id: FIXED_ID as NetworkId,
  name: "fixed",
  created: "2024-01-02T03:04:05.123456789+02:00",
  scope: "local",
  driver: "bridge",
  enableIPv4: true,
  enableIPv6: false,
  ipam: {
    driver: "default",
    options: {},
    config: [{ subnet: "10.9.0.0/24", ipRange: "10.9.0.128/25", gateway: "10.9.0.1", auxAddresses: { z: "10.9.0.6", a: "10.9.0.5" } }],
  },
  internal: true,
  attachable: false,
  ingress: false,
  configFrom: "",
  configOnly: false,
  options: { "z.opt": "2", "a.opt": "1" },
  labels: { zeta: "y", alpha: "x" },
  predefined: false,
};

async function withServer(fn: (srv: TestServer, engine: FakeEngine) => Promise<void>): Promise<void> {
  const engine = new FakeEngine();
  const srv = await startTestServer(engine);
  try {
    await fn(srv, engine);
  } finally {
    await srv.close();
  }
}

const names = (body: string): string[] => (JSON.parse(body) as { Name: string }[]).map((n) => n.Name).sort();

function expectedFixed(containers: string): string {
  return (
    `{"Name":"fixed","Id":"${FIXED_ID}","Created":"2024-01-02T03:04:05.123456789+02:00","Scope":"local","Driver":"bridge",` +
    `"EnableIPv6":false,"IPAM":{"Driver":"default","Options":{},"Config":[{"Subnet":"10.9.0.0/24","IPRange":"10.9.0.128/25",` +
    `"Gateway":"10.9.0.1","AuxiliaryAddresses":{"a":"10.9.0.5","z":"10.9.0.6"}}]},"Internal":true,"Attachable":false,` +
    `"Ingress":false,"ConfigFrom":{"Network":""},"ConfigOnly":false,"Containers":${containers},` +
    `"Options":{"a.opt":"1","z.opt":"2"},"Labels":{"alpha":"x","zeta":"y"}}`
  );
}

test("inspect: exact JSON in Docker's field order, Containers from endpoints", () =>
  withServer(async (srv, engine) => {
    engine.putNetwork(fixedNetwork);
    engine.addContainer(CID, "web");
    assert.equal((await srv.json("POST", "/networks/fixed/connect", { Container: "web" })).status, 200);
    const r = await srv.request("GET", "/v1.47/networks/fixed");
    assert.equal(r.status, 200);
    assert.equal(r.headers["content-type"], "application/json");
    const epId = (JSON.parse(r.body) as { Containers: Record<string, { EndpointID: string }> }).Containers[CID]?.EndpointID ?? "";
    const ep = `{"${CID}":{"Name":"web","EndpointID":"${epId}","MacAddress":"02:42:ac:11:00:02","IPv4Address":"10.9.0.2/16","IPv6Address":""}}`;
    assert.equal(r.body, expectedFixed(ep) + "\n");
    // by id and by unique id prefix as well
    assert.equal((await srv.request("GET", `/networks/${FIXED_ID}`)).body, r.body);
    assert.equal((await srv.request("GET", "/networks/ffffffffffff0123")).body, r.body);
  }));

test("list: Containers is {} from API 1.28, populated below", () =>
  withServer(async (srv, engine) => {
    engine.putNetwork(fixedNetwork);
    engine.addContainer(CID, "web");
    await srv.json("POST", "/networks/fixed/connect", { Container: CID });
    const list = JSON.parse((await srv.request("GET", '/networks?filters={"name":{"^fixed$":true}}')).body) as unknown[];
    assert.equal(list.length, 1);
    assert.equal(JSON.stringify(list[0]), expectedFixed("{}"));
    const old = JSON.parse((await srv.request("GET", "/v1.27/networks?filters=" + encodeURIComponent('{"name":["fixed"]}'))).body) as {
      Containers: Record<string, unknown>;
    }[];
    assert.deepEqual(Object.keys(old[0]?.Containers ?? {}), [CID]);
  }));

test("inspect errors and query parameters", () =>
  withServer(async (srv) => {
    const missing = await srv.request("GET", "/networks/nope");
    assert.equal(missing.status, 404);
    assert.equal(missing.body, '{"message":"network nope not found"}\n');
    const verbose = await srv.request("GET", "/networks/bridge?verbose=maybe");
    assert.equal(verbose.status, 400);
    assert.equal(JSON.parse(verbose.body).message, 'invalid value for verbose: maybe: strconv.ParseBool: parsing "maybe": invalid syntax');
    assert.equal((await srv.request("GET", "/networks/bridge?verbose=true&scope=local")).status, 200);
    const swarm = await srv.request("GET", "/networks/bridge?scope=swarm");
    assert.equal(swarm.status, 404);
    assert.equal(JSON.parse(swarm.body).message, "network bridge not found");
  }));

test("create: 201 {Id, Warning}, then Docker's conflicts", () =>
  withServer(async (srv) => {
    const r = await srv.json("POST", "/networks/create", { Name: "app", Driver: "bridge", Options: {}, Labels: { a: "b" } });
    assert.equal(r.status, 201);
    assert.match(r.body, /^\{"Id":"[0-9a-f]{64}","Warning":""\}\n$/);
    const dup = await srv.json("POST", "/networks/create", { Name: "app" });
    assert.equal(dup.status, 409);
    assert.equal(dup.body, '{"message":"network with name app already exists"}\n');
    const pre = await srv.json("POST", "/networks/create", { Name: "host" });
    assert.equal(pre.status, 403);
    assert.equal(JSON.parse(pre.body).message, "operation is not permitted on predefined host network ");
    const driver = await srv.json("POST", "/networks/create", { Name: "o", Driver: "overlay" });
    assert.equal(driver.status, 404);
    assert.equal(JSON.parse(driver.body).message, 'plugin "overlay" not found');
    const created = JSON.parse((await srv.request("GET", "/networks/app")).body) as { Driver: string; Labels: unknown; IPAM: unknown };
    assert.equal(created.Driver, "bridge");
    assert.deepEqual(created.Labels, { a: "b" });
  }));

test("delete: 204 with no body; predefined, in use and unknown are refused", () =>
  withServer(async (srv, engine) => {
    await srv.json("POST", "/networks/create", { Name: "gone" });
    const r = await srv.request("DELETE", "/networks/gone");
    assert.equal(r.status, 204);
    assert.equal(r.body, "");
    assert.equal((await srv.request("GET", "/networks/gone")).status, 404);
    const pre = await srv.request("DELETE", "/v1.47/networks/bridge");
    assert.equal(pre.status, 403);
    assert.equal(pre.body, '{"message":"bridge is a pre-defined network and cannot be removed"}\n');
    await srv.json("POST", "/networks/create", { Name: "busy" });
    engine.addContainer(CID, "c1");
    await srv.json("POST", "/networks/busy/connect", { Container: "c1" });
    const busy = await srv.request("DELETE", "/networks/busy");
    assert.equal(busy.status, 403);
    assert.match(JSON.parse(busy.body).message, /^error while removing network: network busy has active endpoints \(name:"c1" id:"[0-9a-f]{12}"\)$/);
    assert.equal((await srv.request("DELETE", "/networks/nope")).status, 404);
  }));

test("connect/disconnect: 200 empty, EndpointConfig decoded and version-gated", () =>
  withServer(async (srv, engine) => {
    await srv.json("POST", "/networks/create", { Name: "n1" });
    engine.addContainer(CID, "c1");
    const body = {
      Container: "c1",
      EndpointConfig: {
        IPAMConfig: { IPv4Address: "", IPv6Address: "fd00::5", LinkLocalIPs: [""] },
        Links: ["other:alias"],
        Aliases: ["web"],
        MacAddress: "02:00:00:00:00:09",
        DriverOpts: { "com.docker.network.endpoint.ifname": "eth5" },
        GwPriority: 7,
      },
    };
    const r = await srv.json("POST", "/v1.47/networks/n1/connect", body);
    assert.equal(r.status, 200);
    assert.equal(r.body, "");
    assert.deepEqual(engine.connects[0]?.config, {
      ipv6Address: "fd00::5",
      linkLocalIPs: [],
      links: ["other:alias"],
      aliases: ["web"],
      driverOpts: { "com.docker.network.endpoint.ifname": "eth5" },
      gwPriority: 0, // API < 1.48
    });
    const again = await srv.json("POST", "/networks/n1/connect", { Container: "c1", EndpointConfig: null });
    assert.equal(again.status, 403);
    assert.equal(JSON.parse(again.body).message, "endpoint with name c1 already exists in network n1");
    const nobody = await srv.json("POST", "/networks/n1/connect", { Container: "ghost" });
    assert.equal(nobody.status, 404);
    assert.equal(JSON.parse(nobody.body).message, "No such container: ghost");
    const bad = await srv.json("POST", "/networks/n1/connect", { Container: "c1", EndpointConfig: { Aliases: "web" } });
    assert.equal(bad.status, 400);
    assert.equal(
      JSON.parse(bad.body).message,
      "invalid JSON: json: cannot unmarshal string into Go struct field EndpointSettings.EndpointConfig.Aliases of type []string",
    );
    const d = await srv.json("POST", "/networks/n1/disconnect", { Container: "c1", Force: false });
    assert.equal(d.status, 200);
    assert.equal(d.body, "");
    const d2 = await srv.json("POST", "/networks/n1/disconnect", { Container: "c1" });
    assert.equal(d2.status, 500);
    assert.equal(JSON.parse(d2.body).message, `container ${CID} is not connected to network n1`);
  }));

async function arrangeFilterNetworks(srv: TestServer, engine: FakeEngine): Promise<string> {
  await srv.json("POST", "/networks/create", { Name: "web-a", Labels: { tier: "web" } });
  await srv.json("POST", "/networks/create", { Name: "web-b" });
  const db = JSON.parse((await srv.json("POST", "/networks/create", { Name: "db", Labels: { tier: "db" } })).body) as { Id: string };
  engine.addContainer(CID, "c1");
  await srv.json("POST", "/networks/db/connect", { Container: "c1" });
  return db.Id;
}

test("list filters: regexp names, ids, labels, driver, dangling, type, legacy form", () =>
  withServer(async (srv, engine) => {
    const dbId = await arrangeFilterNetworks(srv, engine);
    const q = async (filters: string): Promise<string[]> => {
      const r = await srv.request("GET", `/networks?filters=${encodeURIComponent(filters)}`);
      assert.equal(r.status, 200, `${filters}: ${r.body}`);
      return names(r.body);
    };
    assert.deepEqual(await q(""), ["bridge", "db", "host", "none", "web-a", "web-b"]);
    assert.deepEqual(await q('{"name":{"web":true}}'), ["web-a", "web-b"]);
    assert.deepEqual(await q('{"name":{"^web-a$":true}}'), ["web-a"]);
    assert.deepEqual(await q('{"name":{"zzz":true}}'), []);
    assert.deepEqual(await q('{"name":["db","none"]}'), ["db", "none"]);
    assert.deepEqual(await q(`{"id":{"${dbId.slice(0, 10)}":true}}`), ["db"]);
    assert.deepEqual(await q('{"label":{"tier":true}}'), ["db", "web-a"]);
    assert.deepEqual(await q('{"label":{"tier=db":true}}'), ["db"]);
    assert.deepEqual(await q('{"driver":{"null":true}}'), ["none"]);
    assert.deepEqual(await q('{"scope":{"local":true}}'), ["bridge", "db", "host", "none", "web-a", "web-b"]);
    assert.deepEqual(await q('{"dangling":{"true":true}}'), ["web-a", "web-b"]);
    assert.deepEqual(await q('{"dangling":["0"]}'), ["bridge", "db", "host", "none"]);
    assert.deepEqual(await q('{"type":{"builtin":true}}'), ["bridge", "host", "none"]);
    assert.deepEqual(await q('{"type":{"custom":true},"name":{"web":true}}'), ["web-a", "web-b"]);
    assert.equal((await srv.request("GET", `/networks?filters=${encodeURIComponent('{"name":{"zzz":true}}')}`)).body, "[]\n");
  }));

test("list filter errors are 400 with Docker's texts", () =>
  withServer(async (srv) => {
    const cases: [string, string][] = [
      ['{"color":{"red":true}}', "invalid filter 'color'"],
      ["{not json", "invalid filter"],
      ['{"type":{"weird":true}}', "invalid filter: 'type'='weird'"],
      ['{"dangling":{"true":true,"false":true}}', 'got more than one value for filter key "dangling"'],
      ['{"dangling":{"yes":true}}', `invalid value for filter 'dangling', must be "true" (or "1"), or "false" (or "0")`],
    ];
    for (const [filters, want] of cases) {
      const r = await srv.request("GET", `/networks?filters=${encodeURIComponent(filters)}`);
      assert.equal(r.status, 400, filters);
      assert.equal(r.body, JSON.stringify({ message: want }) + "\n");
    }
  }));

test("prune: names of removed networks or null; label, label! and until filters; errors", () =>
  withServer(async (srv, engine) => {
    await arrangeFilterNetworks(srv, engine);
    await srv.json("POST", "/networks/create", { Name: "keep", Labels: { keep: "1" } });
    const prune = (filters: string) => srv.request("POST", `/networks/prune?filters=${encodeURIComponent(filters)}`);
    assert.equal((await prune('{"until":{"1h":true}}')).body, '{"NetworksDeleted":null}\n');
    assert.equal((await prune('{"label":{"tier=web":true}}')).body, '{"NetworksDeleted":["web-a"]}\n');
    const r = await prune('{"label!":{"keep":true},"until":{"2999-01-01T00:00:00Z":true}}');
    assert.equal(r.status, 200);
    assert.equal(r.body, '{"NetworksDeleted":["web-b"]}\n');
    assert.deepEqual(names((await srv.request("GET", "/networks")).body), ["bridge", "db", "host", "keep", "none"]);
    const errors: [string, string][] = [
      ['{"dangling":{"true":true}}', "invalid filter 'dangling'"],
      ['{"until":{"1h":true,"2h":true}}', "more than one until filter specified"],
      ['{"until":{"soon":true}}', 'failed to parse value as time or duration: "soon"'],
    ];
    for (const [filters, want] of errors) {
      const e = await prune(filters);
      assert.equal(e.status, 400, filters);
      assert.equal(JSON.parse(e.body).message, want);
    }
    assert.equal((await srv.request("POST", "/networks/prune")).body, '{"NetworksDeleted":["keep"]}\n');
  }));
