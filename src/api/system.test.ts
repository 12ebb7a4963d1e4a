import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { BerthError, type ErrorKind } from "../lib/errors.js";
import { startTestServer, type TestServer } from "./api-test-harness.js";
import { mapError } from "./error-mapper.js";
import { FAKE_FACTS, FakeEngine } from "./fake-engine.js";
import { buildInfo, unameArch } from "./routes/system-info.js";

let srv: TestServer;
before(async () => {
  srv = await startTestServer(new FakeEngine());
});
after(() => srv.close());

test("GET /version: exact JSON (Details keys sorted as Go encodes a map)", async () => {
  const r = await srv.request("GET", "/version");
  assert.equal(r.status, 200);
  assert.equal(r.headers["content-type"], "application/json");
  const node = `node ${process.version}`;
  assert.equal(
    r.body,
    `{"Platform":{"Name":"Berth"},"Components":[{"Name":"Engine","Version":"0.1.0","Details":{"ApiVersion":"1.47",` +
      `"Arch":"amd64","BuildTime":"","Experimental":"false","GitCommit":"fakecommit","GoVersion":"${node}",` +
      `"KernelVersion":"6.1.0-fake","MinAPIVersion":"1.24","Os":"linux"}}],"Version":"0.1.0","ApiVersion":"1.47",` +
      `"MinAPIVersion":"1.24","GitCommit":"fakecommit","GoVersion":"${node}","Os":"linux","Arch":"amd64",` +
      `"KernelVersion":"6.1.0-fake"}\n`,
  );
});

test("GET /info: the fields docker info reads, from the engine's facts", async () => {
  const r = await srv.request("GET", "/v1.47/info");
  assert.equal(r.status, 200);
  const info = JSON.parse(r.body) as Record<string, unknown>;
  assert.equal(info["NCPU"], 4);
  assert.equal(info["MemTotal"], 8 * 1024 ** 3);
  assert.equal(info["Name"], "fakehost");
  assert.equal(info["OperatingSystem"], "Fake Linux");
  assert.equal(info["Architecture"], "x86_64");
  assert.equal(info["Driver"], "berth-overlay");
  assert.equal(info["DockerRootDir"], "/var/lib/berth-fake");
  assert.equal(info["IPv4Forwarding"], true);
  assert.deepEqual(info["Plugins"], { Volume: ["local"], Network: ["bridge", "host", "null"], Authorization: null, Log: ["json-file"] });
  assert.deepEqual(info["DefaultAddressPools"], [{ Base: "172.17.0.0/16", Size: 16 }]);
  assert.deepEqual(info["Runtimes"], { runc: { path: "runc" } });
  assert.equal((info["Swarm"] as { LocalNodeState: string }).LocalNodeState, "inactive");
  assert.deepEqual(info["Warnings"], []);
  assert.match(String(info["ID"]), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  assert.equal(info["BridgeNfIptables"], false); // below API 1.50
  assert.equal("FirewallBackend" in info, false); // from API 1.49
  const keys = Object.keys(info);
  assert.ok(keys.indexOf("ID") === 0 && keys.indexOf("Swarm") < keys.indexOf("Warnings"), keys.join(","));
  assert.equal(keys.indexOf("BridgeNfIptables"), keys.indexOf("IPv4Forwarding") + 1);
});

test("info is shaped by API version", () => {
  const v146 = buildInfo(FAKE_FACTS, "1.46");
  assert.equal(v146.RegistryConfig.AllowNondistributableArtifactsCIDRs, null);
  assert.equal(v146.ContainerdCommit.Expected, "");
  const v150 = buildInfo(FAKE_FACTS, "1.50");
  assert.equal("AllowNondistributableArtifactsCIDRs" in v150.RegistryConfig, false);
  assert.equal("BridgeNfIptables" in v150, false);
  assert.deepEqual(v150.FirewallBackend, { Driver: "nftables" });
  assert.equal("Expected" in v150.ContainerdCommit, false);
  assert.equal(buildInfo({ ...FAKE_FACTS, defaultAddressPools: [] }, "1.47").DefaultAddressPools, undefined);
  assert.equal(buildInfo(FAKE_FACTS, "1.47").ID, buildInfo(FAKE_FACTS, "1.47").ID);
  assert.equal(unameArch("arm64"), "aarch64");
  assert.equal(unameArch("riscv64"), "riscv64");
});

test("error mapper: BerthError kinds to statuses; anything else 500 with a logged stack", () => {
  const want: Record<ErrorKind, number> = {
    InvalidParameter: 400,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    NotImplemented: 501,
    Unavailable: 503,
    System: 500,
  };
  for (const [kind, status] of Object.entries(want)) {
    assert.deepEqual(mapError(new BerthError(kind as ErrorKind, "m")), { status, message: "m" });
  }
  const lines: string[] = [];
  assert.deepEqual(mapError(new TypeError("boom"), (l) => lines.push(l)), { status: 500, message: "boom" });
  assert.match(lines.join("\n"), /TypeError: boom\n\s+at /);
  assert.deepEqual(mapError("str"), { status: 500, message: "str" });
});

test("an unclassified engine failure becomes 500 {message}", async () => {
  const engine = new FakeEngine();
  Object.assign(engine.networks, { list: () => Promise.reject(new RangeError("engine exploded")) });
  const s = await startTestServer(engine);
  try {
    const r = await s.request("GET", "/networks");
    assert.equal(r.status, 500);
    assert.equal(r.body, '{"message":"engine exploded"}\n');
    assert.ok(s.logLines.some((l) => l.includes("RangeError: engine exploded")));
  } finally {
    await s.close();
  }
});
