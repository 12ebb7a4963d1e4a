/**
 * Canned containers for the CLI tests, as a Docker 27/28 daemon lists and inspects them:
 * a running web server with ports and labels, a stopped database with a legacy link name,
 * a finished job whose image is an ID, and a created (never started) TTY container.
 * Creation times are relative to "now" and well away from the boundaries of Docker's
 * human durations, so two CLIs run a moment apart print the same "N minutes ago".
 */
import type { ContainerInspectWire, ContainerSummaryWire, EndpointSettingsWire } from "../../api/wire/container.js";
import type { CannedContainer } from "./canned-types.js";
import { inspectBody } from "./container-inspect-fixture.js";

export type { CannedContainer } from "./canned-types.js";

export const BUSYBOX_ID = "sha256:a416a98b71e224a31ee99cff8e16063554498227d2b696152a9c3e0aa65e5824";


export const CANNED_CONTAINERS: readonly CannedContainer[] = [
  {
    id: "3f0e5b1c2d4a5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f",
    name: "web1",
    image: "busybox:latest",
    imageId: BUSYBOX_ID,
    path: "sh",
    args: ["-c", "while true; do echo hi; sleep 1; done"],
    age: 150,
    state: "running",
    status: "Up 2 minutes",
    exitCode: 0,
    tty: false,
    openStdin: false,
    ports: [
      { IP: "0.0.0.0", PrivatePort: 80, PublicPort: 8080, Type: "tcp" },
      { IP: "::", PrivatePort: 80, PublicPort: 8080, Type: "tcp" },
      { PrivatePort: 443, Type: "tcp" },
      { PrivatePort: 444, Type: "tcp" },
      { PrivatePort: 446, Type: "tcp" },
      { IP: "0.0.0.0", PrivatePort: 53, PublicPort: 53, Type: "udp" },
    ],
    labels: { tier: "front", "com.example.owner": "web & <api>" },
    networks: { frontend: { ip: "172.20.10.2", mac: "6e:1b:2c:3d:4e:5f", prefix: 16, gateway: "172.20.0.1" } },
    logs: [[1, "hi\n"], [2, "warning: slow\n"], [1, "hi again\n"], [1, "bye"]],
    env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "MODE=prod"],
  },
  {
    id: "5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e",
    name: "db",
    extraNames: ["/web1/dblink"],
    image: "busybox",
    imageId: BUSYBOX_ID,
    path: "sleep",
    args: ["3600"],
    age: 3 * 86400 + 1800,
    state: "exited",
    status: "Exited (137) 2 days ago",
    exitCode: 137,
    tty: false,
    openStdin: false,
    ports: [],
    labels: {},
    networks: { bridge: { ip: "", mac: "", prefix: 0, gateway: "" } },
    logs: [[1, "ready\n"]],
    env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
  },
  {
    id: "7a7b7c7d7e7f70717273747576777879707172737475767778797a7b7c7d7e7f",
    name: "job",
    image: BUSYBOX_ID,
    imageId: BUSYBOX_ID,
    path: "echo",
    args: ["données ☕ café", "and a \"quoted\" tail"],
    age: 5 * 3600 + 600,
    state: "exited",
    status: "Exited (0) 5 hours ago",
    exitCode: 0,
    tty: false,
    openStdin: false,
    ports: [],
    labels: { "com.docker.compose.project": "shop", job: "" },
    networks: { none: { ip: "", mac: "", prefix: 0, gateway: "" } },
    logs: [[1, "données ☕ café and a \"quoted\" tail\n"]],
    env: [],
  },
  {
    id: "9c9d9e9f909192939495969798999a9b9c9d9e9f909192939495969798999a9b",
    name: "term",
    image: "registry.example.com:5000/team/app:v1",
    imageId: "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    path: "sh",
    args: [],
    age: 1830,
    state: "created",
    status: "Created",
    exitCode: 0,
    tty: true,
    openStdin: true,
    ports: [],
    labels: {},
    networks: { bridge: { ip: "", mac: "", prefix: 0, gateway: "" } },
    logs: [[1, "$ ls\r\nbin  etc\r\n"]],
    env: [],
  },
];

const quoteArg = (a: string): string => (/[\s"]/.test(a) ? JSON.stringify(a) : a);

function endpoint(n: CannedContainer["networks"][string], netId: string): EndpointSettingsWire {
  return {
    IPAMConfig: null,
    Links: null,
    Aliases: null,
    MacAddress: n.mac,
    DriverOpts: null,
    GwPriority: 0,
    NetworkID: netId,
    EndpointID: n.ip ? "b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2" : "",
    Gateway: n.gateway,
    IPAddress: n.ip,
    IPPrefixLen: n.prefix,
    IPv6Gateway: "",
    GlobalIPv6Address: "",
    GlobalIPv6PrefixLen: 0,
    DNSNames: null,
  };
}

const netId = (name: string): string => (name.padEnd(8, "0").replace(/[^0-9a-f]/g, "e") + "0".repeat(56)).slice(0, 64);

/** GET /containers/json item. */
export function summaryOf(c: CannedContainer, now: number): ContainerSummaryWire {
  const networks = Object.fromEntries(Object.entries(c.networks).map(([k, v]) => [k, endpoint(v, netId(k))]));
  return {
    Id: c.id,
    Names: ["/" + c.name, ...(c.extraNames ?? [])],
    Image: c.image,
    ImageID: c.imageId,
    Command: [c.path, ...c.args].map(quoteArg).join(" "),
    Created: now - c.age,
    Ports: [...c.ports],
    Labels: { ...c.labels },
    State: c.state,
    Status: c.status,
    HostConfig: { NetworkMode: Object.keys(c.networks)[0] ?? "default" },
    NetworkSettings: { Networks: networks },
    Mounts: [],
  };
}

/** GET /containers/{id}/json. */
export function inspectOf(c: CannedContainer, now: number): ContainerInspectWire {
  const networks = Object.fromEntries(Object.entries(c.networks).map(([k, v]) => [k, endpoint(v, netId(k))]));
  return inspectBody(c, now, networks);
}

/** Finds a container by full id, name (with or without "/") or unique id prefix. */
export function findContainer<T extends { id: string; name: string }>(all: readonly T[], ref: string): T | undefined {
  const name = ref.replace(/^\//, "");
  return all.find((c) => c.id === ref) ?? all.find((c) => c.name === name) ?? (ref.length > 0 ? all.find((c) => c.id.startsWith(ref)) : undefined);
}
