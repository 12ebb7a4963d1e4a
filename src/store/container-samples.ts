/**
 * Containers and endpoints for the store conformance suite: hand-written edge cases and
 * fast-check generators (field values need not be valid Docker config).
 */
import fc from "fast-check";
import type { ContainerId, EndpointId, NetworkId } from "../lib/ids.js";
import { ZERO_TIME, type Attachment, type Container, type ContainerConfig, type HostConfigSpec } from "../model/container.js";
import { emptyEndpointConfig, type Endpoint, type EndpointConfig } from "../model/endpoint.js";
import { anyText, hex64, sampleId, stringMap, text } from "./network-samples.js";

export const sampleContainerId = (): ContainerId => sampleId() as string as ContainerId;
export const sampleEndpointId = (): EndpointId => sampleId() as string as EndpointId;

const fullEndpointConfig: EndpointConfig = {
  ipv4Address: "192.168.7.7",
  ipv6Address: "fd00:7::7",
  linkLocalIPs: ["169.254.1.1", "fe80::1"],
  links: ["db:database"],
  aliases: ["web", "Ωmega 🚢", ""],
  macAddress: "02:42:c0:a8:07:07",
  driverOpts: { "com.example.opt": "1", ["__proto__"]: "own" },
  gwPriority: -5,
};

/** Every field set to something non-default: stopTimeout present, entrypoint [], ports. */
export function fullContainer(name: string, overrides: Partial<Container> = {}): Container {
  return {
    id: sampleContainerId(),
    name,
    created: "2025-03-04T05:06:07.123456789Z",
    imageId: `sha256:${"ab".repeat(32)}`,
    config: {
      hostname: "pgserver",
      domainname: "example.org",
      user: "1000:1000",
      env: ["POSTGRES_PASSWORD=password", "EMPTY=", "NUL=a\u0000b", "lone=\ud800"],
      cmd: ["sh", "-c", "echo 'hi' \"there\"\n"],
      entrypoint: [],
      workingDir: "/data",
      image: "busybox:latest",
      labels: { "com.example.team": "Ωmega 网络 🚢", "": "empty key", ["__proto__"]: "own property" },
      tty: true,
      openStdin: true,
      stdinOnce: true,
      attachStdin: true,
      attachStdout: true,
      attachStderr: true,
      exposedPorts: ["5432/tcp", "53/udp"],
      stopSignal: "SIGINT",
      stopTimeout: 0,
      macAddress: "02:42:ac:11:00:02",
    },
    hostConfig: {
      networkMode: "mynet",
      binds: ["/data/pg_data/:/data", "/etc/x:/x:ro"],
      portBindings: { "5432/tcp": [{ hostIp: "", hostPort: "5432" }, { hostIp: "::", hostPort: "8000-8010" }], "53/udp": [] },
      publishAllPorts: true,
      links: ["/db:/web/database"],
      dns: ["1.1.1.1"],
      dnsSearch: ["example.org"],
      dnsOptions: ["ndots:2"],
      extraHosts: ["gw:host-gateway", "x:10.0.0.1"],
      restartPolicy: { name: "on-failure", maximumRetryCount: 3 },
      autoRemove: true,
    },
    attachments: [
      { networkId: sampleId(), networkName: "mynet", config: fullEndpointConfig },
      { networkId: sampleId(), networkName: "mynet02", config: emptyEndpointConfig },
    ],
    state: {
      status: "running",
      pid: 4242,
      exitCode: -1,
      error: "oops: \u0000",
      startedAt: "2025-03-04T05:06:08.1Z",
      finishedAt: ZERO_TIME,
      oomKilled: true,
    },
    restartCount: 7,
    ...overrides,
  };
}

/** The sparse end: null entrypoint, no stopTimeout, empty lists and maps, no attachments. */
export function bareContainer(name: string): Container {
  const full = fullContainer(name);
  const { stopTimeout: _dropped, ...config } = full.config;
  return {
    ...full,
    config: { ...config, env: [], cmd: [], entrypoint: null, labels: {}, exposedPorts: [], hostname: "", user: "" },
    hostConfig: {
      ...full.hostConfig,
      networkMode: "none",
      binds: [],
      portBindings: {},
      publishAllPorts: false,
      links: [],
      dns: [],
      dnsSearch: [],
      dnsOptions: [],
      extraHosts: [],
      restartPolicy: { name: "no", maximumRetryCount: 0 },
    },
    attachments: [],
    state: { status: "created", pid: 0, exitCode: 0, error: "", startedAt: ZERO_TIME, finishedAt: ZERO_TIME, oomKilled: false },
    restartCount: 0,
  };
}

/** A live endpoint of `c` on `networkId`, every field non-empty unless overridden. */
export function sampleEndpoint(c: Container, networkId: NetworkId, overrides: Partial<Endpoint> = {}): Endpoint {
  return {
    id: sampleEndpointId(),
    networkId,
    containerId: c.id,
    name: c.name,
    macAddress: "02:42:c0:a8:00:02",
    ipv4Address: "192.168.0.2/16",
    ipv6Address: "fd00::2/64",
    gateway4: "192.168.0.1",
    gateway6: "fd00::1",
    ifname: "eth0",
    hostVeth: "veth1a2b3c4",
    ...overrides,
  };
}

const texts = fc.array(anyText, { maxLength: 3 });
const anyInt = fc.oneof(fc.integer(), fc.constantFrom(0, -1, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER));

export const endpointConfigArb: fc.Arbitrary<EndpointConfig> = fc.record(
  {
    ipv4Address: anyText,
    ipv6Address: anyText,
    linkLocalIPs: texts,
    links: texts,
    aliases: texts,
    macAddress: anyText,
    driverOpts: stringMap,
    gwPriority: anyInt,
  },
  { requiredKeys: ["linkLocalIPs", "links", "aliases", "driverOpts", "gwPriority"], noNullPrototype: true },
);

const configArb: fc.Arbitrary<ContainerConfig> = fc.record(
  {
    hostname: anyText, domainname: anyText, user: anyText, env: texts, cmd: texts,
    entrypoint: fc.option(texts, { nil: null }),
    workingDir: anyText, image: anyText, labels: stringMap,
    tty: fc.boolean(), openStdin: fc.boolean(), stdinOnce: fc.boolean(),
    attachStdin: fc.boolean(), attachStdout: fc.boolean(), attachStderr: fc.boolean(),
    exposedPorts: texts, stopSignal: anyText, stopTimeout: anyInt, macAddress: anyText,
  },
  { requiredKeys: [
    "hostname", "domainname", "user", "env", "cmd", "entrypoint", "workingDir", "image", "labels", "tty", "openStdin",
    "stdinOnce", "attachStdin", "attachStdout", "attachStderr", "exposedPorts", "stopSignal", "macAddress",
  ], noNullPrototype: true },
);

const bindingArb = fc.record({ hostIp: anyText, hostPort: anyText }, { noNullPrototype: true });

const hostConfigArb: fc.Arbitrary<HostConfigSpec> = fc.record({
  networkMode: anyText, binds: texts,
  portBindings: fc.dictionary(anyText, fc.array(bindingArb, { maxLength: 2 }), { maxKeys: 3, noNullPrototype: true }),
  publishAllPorts: fc.boolean(), links: texts, dns: texts, dnsSearch: texts, dnsOptions: texts, extraHosts: texts,
  restartPolicy: fc.record({
    name: fc.constantFrom("no", "always", "on-failure", "unless-stopped"),
    maximumRetryCount: anyInt,
  }, { noNullPrototype: true }),
  autoRemove: fc.boolean(),
}, { noNullPrototype: true });

const attachmentArb: fc.Arbitrary<Attachment> = fc.record({
  networkId: hex64.map((s) => s as NetworkId),
  networkName: anyText,
  config: endpointConfigArb,
}, { noNullPrototype: true });

/** Any Container the type allows. Real columns (name, created, imageId) get text SQLite can hold. */
export const containerArb: fc.Arbitrary<Container> = fc.record({
  id: hex64.map((s) => s as ContainerId),
  name: fc.string({ unit: "binary", minLength: 1, maxLength: 20 }),
  created: text,
  imageId: text,
  config: configArb,
  hostConfig: hostConfigArb,
  attachments: fc.array(attachmentArb, { maxLength: 3 }),
  state: fc.record({
    status: fc.constantFrom("created", "running", "paused", "restarting", "removing", "exited", "dead"),
    pid: anyInt, exitCode: anyInt, error: anyText, startedAt: anyText, finishedAt: anyText, oomKilled: fc.boolean(),
  }, { noNullPrototype: true }),
  restartCount: anyInt,
}, { noNullPrototype: true });

/** Endpoints on distinct networks, for a container the caller fills in. */
export const endpointsArb: fc.Arbitrary<Omit<Endpoint, "containerId">[]> = fc.uniqueArray(
  fc.record({
    id: hex64.map((s) => s as EndpointId),
    networkId: hex64.map((s) => s as NetworkId),
    name: anyText, macAddress: anyText, ipv4Address: anyText, ipv6Address: anyText,
    gateway4: anyText, gateway6: anyText, ifname: anyText, hostVeth: anyText,
  }, { noNullPrototype: true }),
  { maxLength: 4, selector: (e) => e.networkId },
).filter((es) => new Set(es.map((e) => e.id)).size === es.length);
