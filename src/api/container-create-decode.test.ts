/** Create bodies as docker CLI 28 sends them for each `docker run` flag, decoded. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeJson } from "./body.js";
import { decodeContainerCreate, type CreateRequest } from "./container-create-decode.js";
import { cliBody, endpointSettings, type BodyPatch } from "./create-body-fixture.js";

const decode = (patch: BodyPatch = {}, version = "1.47", name = ""): CreateRequest =>
  decodeJson(cliBody(patch), (v) => decodeContainerCreate(v, version, name));

test("plain `docker run --rm busybox echo hi`: defaults, default→bridge, AutoRemove", () => {
  const { spec, warnings } = decode({}, "1.47", "web");
  assert.equal(spec.name, "web");
  assert.deepEqual(spec.config.cmd, ["echo", "hi"]);
  assert.equal(spec.config.entrypoint, null);
  assert.equal(spec.config.image, "busybox");
  assert.deepEqual(spec.config.env, []);
  assert.equal(spec.config.attachStdout, true);
  assert.equal(spec.hostConfig.networkMode, "bridge");
  assert.equal(spec.hostConfig.autoRemove, true);
  assert.deepEqual(spec.hostConfig.restartPolicy, { name: "no", maximumRetryCount: 0 });
  assert.deepEqual(Object.keys(spec.endpoints), ["bridge"]);
  assert.deepEqual(spec.endpoints["bridge"], { linkLocalIPs: [], links: [], aliases: [], driverOpts: {}, gwPriority: 0 });
  assert.deepEqual(warnings, []);
  assert.equal(decode({}, "1.47", "").spec.name, undefined);
});

test("-e (and --env-file, expanded by the client), -w, -v, --label, --hostname, --domainname", () => {
  const { spec } = decode({
    config: { Env: ["A=1", "B=two words"], WorkingDir: "/data", Labels: { l: "v" }, Hostname: "hh", Domainname: "dd" },
    hostConfig: { Binds: ["/tmp:/data:ro", "/srv:/srv"] },
  });
  assert.deepEqual(spec.config.env, ["A=1", "B=two words"]);
  assert.equal(spec.config.workingDir, "/data");
  assert.deepEqual(spec.config.labels, { l: "v" });
  assert.equal(spec.config.hostname, "hh");
  assert.equal(spec.config.domainname, "dd");
  assert.deepEqual(spec.hostConfig.binds, ["/tmp:/data:ro", "/srv:/srv"]);
});

test("--entrypoint: a value, and `--entrypoint \"\"` ([\"\"]) meaning none; Cmd as a string", () => {
  assert.deepEqual(decode({ config: { Entrypoint: ["/bin/sh"], Cmd: ["-c", "exit 3"] } }).spec.config.entrypoint, ["/bin/sh"]);
  assert.deepEqual(decode({ config: { Entrypoint: [""] } }).spec.config.entrypoint, []);
  assert.deepEqual(decode({ config: { Entrypoint: "sh", Cmd: "ls" } }).spec.config.cmd, ["ls"]);
});

test("-t, -i (attached: AttachStdin and StdinOnce), --rm", () => {
  const { spec } = decode({ config: { Tty: true, OpenStdin: true, StdinOnce: true, AttachStdin: true } });
  assert.equal(spec.config.tty, true);
  assert.equal(spec.config.openStdin, true);
  assert.equal(spec.config.stdinOnce, true);
  assert.equal(spec.config.attachStdin, true);
  assert.equal(spec.hostConfig.autoRemove, true);
});

test("-p, -P and --expose: PortBindings, PublishAllPorts, ExposedPorts", () => {
  const { spec } = decode({
    config: { ExposedPorts: { "53/udp": {}, "80/tcp": {}, "9000/tcp": {} } },
    hostConfig: {
      PortBindings: { "53/udp": [{ HostIp: "127.0.0.1", HostPort: "53" }], "80/tcp": [{ HostIp: "", HostPort: "8080" }], "81/tcp": [{ HostIp: "", HostPort: "" }] },
      PublishAllPorts: true,
    },
  });
  assert.deepEqual(spec.config.exposedPorts, ["53/udp", "80/tcp", "9000/tcp"]);
  assert.deepEqual(spec.hostConfig.portBindings, {
    "53/udp": [{ hostIp: "127.0.0.1", hostPort: "53" }],
    "80/tcp": [{ hostIp: "", hostPort: "8080" }],
    "81/tcp": [{ hostIp: "", hostPort: "" }],
  });
  assert.equal(spec.hostConfig.publishAllPorts, true);
});

test("--restart on-failure:3, always, unless-stopped", () => {
  const rp = (Name: string, MaximumRetryCount: number): unknown =>
    decode({ hostConfig: { AutoRemove: false, RestartPolicy: { Name, MaximumRetryCount } } }).spec.hostConfig.restartPolicy;
  assert.deepEqual(rp("on-failure", 3), { name: "on-failure", maximumRetryCount: 3 });
  assert.deepEqual(rp("always", 0), { name: "always", maximumRetryCount: 0 });
  assert.deepEqual(rp("unless-stopped", 0), { name: "unless-stopped", maximumRetryCount: 0 });
  assert.deepEqual(rp("", 5), { name: "no", maximumRetryCount: 5 }); // pre-25 clients
});

test("--add-host (with host-gateway), --dns, --dns-search, --dns-option", () => {
  const { spec } = decode({
    hostConfig: { ExtraHosts: ["h:1.2.3.4", "gw:host-gateway"], Dns: ["8.8.8.8"], DnsSearch: ["ex.com"], DnsOptions: ["ndots:2"] },
  });
  assert.deepEqual(spec.hostConfig.extraHosts, ["h:1.2.3.4", "gw:host-gateway"]);
  assert.deepEqual(spec.hostConfig.dns, ["8.8.8.8"]);
  assert.deepEqual(spec.hostConfig.dnsSearch, ["ex.com"]);
  assert.deepEqual(spec.hostConfig.dnsOptions, ["ndots:2"]);
});

test("--net mynet --network-alias --ip --ip6 --mac-address --link (user network)", () => {
  const { spec, warnings } = decode({
    hostConfig: { NetworkMode: "mynet", Links: ["other:o"] },
    endpoints: {
      mynet: endpointSettings({
        IPAMConfig: { IPv4Address: "10.0.0.5", IPv6Address: "fd00::5" },
        Links: ["other:o"],
        Aliases: ["al"],
        MacAddress: "02:42:ac:11:00:09",
      }),
    },
  });
  assert.equal(spec.hostConfig.networkMode, "mynet");
  assert.deepEqual(spec.hostConfig.links, ["other:o"]);
  assert.deepEqual(spec.endpoints["mynet"], {
    ipv4Address: "10.0.0.5",
    ipv6Address: "fd00::5",
    linkLocalIPs: [],
    links: ["other:o"],
    aliases: ["al"],
    macAddress: "02:42:ac:11:00:09",
    driverOpts: {},
    gwPriority: 0,
  });
  assert.deepEqual(warnings, []);
});

test("--network long form (alias, ip, driver-opt, link-local-ip) and a second --network", () => {
  const { spec } = decode({
    hostConfig: { NetworkMode: "mynet" },
    endpoints: {
      mynet: endpointSettings({
        IPAMConfig: { IPv4Address: "10.0.0.9", LinkLocalIPs: ["169.254.1.1"] },
        Aliases: ["a1", "a2"],
        DriverOpts: { k: "v" },
        GwPriority: 7,
      }),
      other: endpointSettings(),
    },
  });
  assert.deepEqual(Object.keys(spec.endpoints), ["mynet", "other"]);
  assert.deepEqual(spec.endpoints["mynet"]?.linkLocalIPs, ["169.254.1.1"]);
  assert.deepEqual(spec.endpoints["mynet"]?.aliases, ["a1", "a2"]);
  assert.deepEqual(spec.endpoints["mynet"]?.driverOpts, { k: "v" });
  assert.equal(spec.endpoints["mynet"]?.gwPriority, 0, "GwPriority is zeroed below API 1.48");
});

test("--net host / none / container:<id> with no endpoints", () => {
  for (const mode of ["host", "none", "container:abc"]) {
    const { spec } = decode({ hostConfig: { NetworkMode: mode }, endpoints: {} });
    assert.equal(spec.hostConfig.networkMode, mode);
    assert.deepEqual(spec.endpoints, {});
  }
});

test("the endpoint MacAddress is honoured from API 1.44 only", () => {
  const body = { endpoints: { default: endpointSettings({ MacAddress: "02:42:ac:11:00:09" }) } };
  assert.equal(decode(body, "1.44").spec.endpoints["bridge"]?.macAddress, "02:42:ac:11:00:09");
  assert.equal(decode(body, "1.43").spec.endpoints["bridge"]?.macAddress, undefined);
});

test("the deprecated container-wide MacAddress: migrated below 1.44, warned from 1.44", () => {
  const old = decode({ config: { MacAddress: "02:42:ac:11:00:0a" } }, "1.43");
  assert.equal(old.spec.endpoints["bridge"]?.macAddress, "02:42:ac:11:00:0a");
  assert.deepEqual(old.warnings, []);
  const now = decode({ config: { MacAddress: "02:42:ac:11:00:0a" } }, "1.47");
  assert.equal(now.spec.endpoints["bridge"]?.macAddress, "02:42:ac:11:00:0a");
  assert.deepEqual(now.warnings, [
    "The container-wide MacAddress field is now deprecated. It should be specified in EndpointsConfig instead.",
  ]);
});

test("AutoRemove is ignored below API 1.25 (the client removed the container itself)", () => {
  assert.equal(decode({}, "1.24").spec.hostConfig.autoRemove, false);
});
