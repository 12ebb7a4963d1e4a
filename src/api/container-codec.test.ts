import { test } from "node:test";
import assert from "node:assert/strict";
import type { ContainerDetail } from "../engine/container-contract.js";
import type { ContainerId, EndpointId, NetworkId } from "../lib/ids.js";
import type { Container } from "../model/container.js";
import { emptyEndpointConfig } from "../model/endpoint.js";
import { encodeContainerInspect, encodeContainerSummary } from "./container-codec.js";
import { commandLine, humanDuration, statusText } from "./container-state.js";

const CID = "c0ffee".padEnd(64, "1") as ContainerId;
const BRIDGE = "b".repeat(64) as NetworkId;
const MYNET = "e".repeat(64) as NetworkId;

const container: Container = {
  id: CID,
  name: "web",
  created: "2024-05-06T07:08:09.123456789Z",
  imageId: "sha256:" + "a".repeat(64),
  config: {
    hostname: "c0ffee111111", domainname: "", user: "", env: ["A=1"], cmd: ["-c", "echo a b"], entrypoint: ["sh"], workingDir: "/w",
    image: "busybox", labels: { z: "1", a: "2" }, tty: false, openStdin: false, stdinOnce: false, attachStdin: false,
    attachStdout: true, attachStderr: true, exposedPorts: ["80/tcp"], stopSignal: "", macAddress: "",
  },
  hostConfig: {
    networkMode: "bridge", binds: ["/srv:/data:ro"], portBindings: { "80/tcp": [{ hostIp: "", hostPort: "8080" }] },
    publishAllPorts: false, links: ["db:database"], dns: [], dnsSearch: [], dnsOptions: [], extraHosts: [],
    restartPolicy: { name: "no", maximumRetryCount: 0 }, autoRemove: false,
  },
  attachments: [
    { networkId: BRIDGE, networkName: "bridge", config: emptyEndpointConfig },
    { networkId: MYNET, networkName: "mynet", config: { ...emptyEndpointConfig, aliases: ["www"], ipv4Address: "10.1.0.9" } },
  ],
  state: { status: "running", pid: 42, exitCode: 0, error: "", startedAt: "2024-05-06T07:08:10Z", finishedAt: "0001-01-01T00:00:00Z", oomKilled: false },
  restartCount: 0,
};

const endpoint = (networkId: NetworkId, ip: string, gw: string, mac: string, n: number) => ({
  id: String(n).repeat(64) as EndpointId, networkId, containerId: CID, name: "web", macAddress: mac,
  ipv4Address: ip, ipv6Address: "", gateway4: gw, gateway6: "", ifname: `eth${n}`, hostVeth: "veth0",
});

const detail = (c: Container = container): ContainerDetail => ({
  container: c,
  endpoints: [endpoint(BRIDGE, "172.17.0.2/16", "172.17.0.1", "02:42:ac:11:00:02", 1), endpoint(MYNET, "10.1.0.9/24", "10.1.0.1", "02:42:0a:01:00:09", 2)],
  networkNames: { [BRIDGE]: "bridge", [MYNET]: "mynet" },
  hostsPath: "/h/hosts", hostnamePath: "/h/hostname", resolvConfPath: "/h/resolv.conf", logPath: "/h/log", sandboxKey: "/run/netns/x",
  exposedPorts: ["80/tcp", "9000/tcp"],
});

const opts = { apiVersion: "1.47", runtime: "runc" };

test("inspect: Docker 27's field order at every level", () => {
  const w = encodeContainerInspect(detail(), opts);
  assert.deepEqual(Object.keys(w), [
    "Id", "Created", "Path", "Args", "State", "Image", "ResolvConfPath", "HostnamePath", "HostsPath", "LogPath", "Name",
    "RestartCount", "Driver", "Platform", "MountLabel", "ProcessLabel", "AppArmorProfile", "ExecIDs", "HostConfig",
    "GraphDriver", "Mounts", "Config", "NetworkSettings",
  ]);
  assert.deepEqual(Object.keys(w.State), [
    "Status", "Running", "Paused", "Restarting", "OOMKilled", "Dead", "Pid", "ExitCode", "Error", "StartedAt", "FinishedAt",
  ]);
  assert.deepEqual(Object.keys(w.NetworkSettings), [
    "Bridge", "SandboxID", "SandboxKey", "Ports", "HairpinMode", "LinkLocalIPv6Address", "LinkLocalIPv6PrefixLen",
    "SecondaryIPAddresses", "SecondaryIPv6Addresses", "EndpointID", "Gateway", "GlobalIPv6Address", "GlobalIPv6PrefixLen",
    "IPAddress", "IPPrefixLen", "IPv6Gateway", "MacAddress", "Networks",
  ]);
  assert.deepEqual(Object.keys(w.NetworkSettings.Networks["mynet"] ?? {}), [
    "IPAMConfig", "Links", "Aliases", "MacAddress", "DriverOpts", "NetworkID", "EndpointID", "Gateway", "IPAddress",
    "IPPrefixLen", "IPv6Gateway", "GlobalIPv6Address", "GlobalIPv6PrefixLen", "DNSNames",
  ]);
  assert.deepEqual(Object.keys(w.HostConfig).slice(0, 12), [
    "Binds", "ContainerIDFile", "LogConfig", "NetworkMode", "PortBindings", "RestartPolicy", "AutoRemove", "VolumeDriver",
    "VolumesFrom", "ConsoleSize", "CapAdd", "CapDrop",
  ]);
  assert.equal(Object.keys(w.HostConfig).at(-1), "ReadonlyPaths");
  assert.deepEqual(Object.keys(w.Config), [
    "Hostname", "Domainname", "User", "AttachStdin", "AttachStdout", "AttachStderr", "ExposedPorts", "Tty", "OpenStdin",
    "StdinOnce", "Env", "Cmd", "Image", "Volumes", "WorkingDir", "Entrypoint", "OnBuild", "Labels",
  ]);
});

test("inspect: values, legacy fields copy the bridge endpoint, DNSNames on user networks only", () => {
  const w = encodeContainerInspect(detail(), opts);
  assert.equal(w.Path, "sh");
  assert.deepEqual(w.Args, ["-c", "echo a b"]);
  assert.equal(w.Name, "/web");
  assert.deepEqual(w.HostConfig.Links, ["/db:/web/database"]);
  assert.deepEqual(w.Mounts, [{ Type: "bind", Source: "/srv", Destination: "/data", Mode: "ro", RW: false, Propagation: "rprivate" }]);
  assert.deepEqual(w.Config.Labels, { a: "2", z: "1" });
  assert.deepEqual(Object.keys(w.Config.Labels ?? {}), ["a", "z"]);
  const ns = w.NetworkSettings;
  assert.equal(ns.IPAddress, "172.17.0.2");
  assert.equal(ns.IPPrefixLen, 16);
  assert.equal(ns.Gateway, "172.17.0.1");
  assert.equal(ns.MacAddress, "02:42:ac:11:00:02");
  assert.equal(ns.EndpointID, "1".repeat(64));
  assert.match(ns.SandboxID, /^[0-9a-f]{64}$/);
  assert.deepEqual(ns.Ports, {
    "80/tcp": [{ HostIp: "0.0.0.0", HostPort: "8080" }, { HostIp: "::", HostPort: "8080" }],
    "9000/tcp": null,
  });
  assert.equal(ns.Networks["bridge"]?.DNSNames, null);
  assert.deepEqual(ns.Networks["mynet"]?.DNSNames, ["web", "www", "c0ffee111111"]);
  assert.deepEqual(ns.Networks["mynet"]?.IPAMConfig, { IPv4Address: "10.1.0.9" });
  assert.equal(ns.Networks["mynet"]?.IPAddress, "10.1.0.9");
});

test("inspect: a stopped container has blank operational fields and no ports", () => {
  const stopped = { ...container, state: { ...container.state, status: "exited" as const, pid: 0, exitCode: 3, finishedAt: "2024-05-06T07:09:00Z" } };
  const w = encodeContainerInspect(detail(stopped), opts);
  assert.equal(w.State.Running, false);
  assert.equal(w.State.ExitCode, 3);
  assert.deepEqual(w.NetworkSettings.Ports, {});
  assert.equal(w.NetworkSettings.IPAddress, "");
  const mynet = w.NetworkSettings.Networks["mynet"];
  assert.equal(mynet?.IPAddress, "");
  assert.equal(mynet?.EndpointID, "");
  assert.equal(mynet?.NetworkID, MYNET);
  assert.deepEqual(mynet?.Aliases, ["www"]);
});

test("inspect below API 1.45 appends the short id and hostname to user-network aliases", () => {
  const w = encodeContainerInspect(detail(), { ...opts, apiVersion: "1.44" });
  assert.deepEqual(w.NetworkSettings.Networks["mynet"]?.Aliases, ["www", "c0ffee111111"]);
});

test("list item: names with link names, command quoting, ports, status", () => {
  const db: Container = { ...container, id: "d".repeat(64) as ContainerId, name: "db", hostConfig: { ...container.hostConfig, links: [] } };
  const now = Date.parse("2024-05-06T07:08:13Z");
  const w = encodeContainerSummary(detail(db), [container, db], now, "1.47");
  assert.deepEqual(w.Names, ["/db", "/web/database"]);
  assert.equal(w.Command, "sh -c 'echo a b'");
  assert.equal(w.Created, Date.parse("2024-05-06T07:08:09Z") / 1000);
  assert.equal(w.Status, "Up 3 seconds");
  assert.equal(w.State, "running");
  assert.deepEqual(w.Ports, [
    { IP: "0.0.0.0", PrivatePort: 80, PublicPort: 8080, Type: "tcp" },
    { IP: "::", PrivatePort: 80, PublicPort: 8080, Type: "tcp" },
    { PrivatePort: 9000, Type: "tcp" },
  ]);
  assert.deepEqual(w.HostConfig, { NetworkMode: "bridge" });
  assert.deepEqual(Object.keys(w.NetworkSettings.Networks), ["bridge", "mynet"]);
});

test("status texts and go-units HumanDuration", () => {
  const s = container.state;
  const at = (iso: string): number => Date.parse(iso);
  assert.equal(statusText({ ...s, status: "created", startedAt: "0001-01-01T00:00:00Z" }, 0), "Created");
  assert.equal(statusText({ ...s, status: "exited", exitCode: 2, finishedAt: "2024-01-01T00:00:00Z" }, at("2024-01-01T00:02:00Z")), "Exited (2) 2 minutes ago");
  assert.equal(statusText({ ...s, status: "paused" }, at("2024-05-06T07:08:11Z")), "Up 1 second (Paused)");
  assert.equal(statusText({ ...s, status: "dead" }, 0), "Dead");
  const table: [number, string][] = [
    [500, "Less than a second"], [1000, "1 second"], [59_000, "59 seconds"], [60_000, "About a minute"], [120_000, "2 minutes"],
    [3_600_000, "About an hour"], [2 * 3_600_000, "2 hours"], [47 * 3_600_000, "47 hours"], [48 * 3_600_000, "2 days"],
    [14 * 24 * 3_600_000, "2 weeks"], [61 * 24 * 3_600_000, "2 months"], [800 * 24 * 3_600_000, "2 years"],
  ];
  for (const [ms, text] of table) assert.equal(humanDuration(ms), text, `${ms} ms`);
  assert.equal(commandLine("echo", []), "echo");
});
