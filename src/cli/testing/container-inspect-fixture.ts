/** The full GET /containers/{id}/json body of a canned container, in dockerd's field order. */
import type { ContainerConfigWire, ContainerInspectWire, EndpointSettingsWire, HostConfigWire, NetworkSettingsWire, PortBindingWire } from "../../api/wire/container.js";
import type { CannedContainer } from "./canned-types.js";

const iso = (unixSec: number): string => new Date(unixSec * 1000).toISOString().replace(/\.(\d{3})Z$/, ".$1234567Z");

/** HostConfig's Resources as dockerd reports them for a container created without limits. */
const RESOURCES = {
  CpuShares: 0,
  Memory: 0,
  NanoCpus: 0,
  CgroupParent: "",
  BlkioWeight: 0,
  BlkioWeightDevice: [] as [],
  BlkioDeviceReadBps: [] as [],
  BlkioDeviceWriteBps: [] as [],
  BlkioDeviceReadIOps: [] as [],
  BlkioDeviceWriteIOps: [] as [],
  CpuPeriod: 0,
  CpuQuota: 0,
  CpuRealtimePeriod: 0,
  CpuRealtimeRuntime: 0,
  CpusetCpus: "",
  CpusetMems: "",
  Devices: [] as [],
  DeviceCgroupRules: null,
  DeviceRequests: null,
  MemoryReservation: 0,
  MemorySwap: 0,
  MemorySwappiness: null,
  OomKillDisable: null,
  PidsLimit: null,
  Ulimits: [] as [],
  CpuCount: 0,
  CpuPercent: 0,
  IOMaximumIOps: 0,
  IOMaximumBandwidth: 0,
};

function hostConfig(c: CannedContainer, bindings: Record<string, PortBindingWire[]>): HostConfigWire {
  return {
    Binds: c.name === "web1" ? ["/srv/www:/usr/share/www:ro"] : null,
    ContainerIDFile: "",
    LogConfig: { Type: "json-file", Config: {} },
    NetworkMode: Object.keys(c.networks)[0] ?? "default",
    PortBindings: bindings,
    RestartPolicy: { Name: c.name === "web1" ? "unless-stopped" : "no", MaximumRetryCount: 0 },
    AutoRemove: false,
    VolumeDriver: "",
    VolumesFrom: null,
    ConsoleSize: [0, 0],
    CapAdd: null,
    CapDrop: null,
    CgroupnsMode: "private",
    Dns: [],
    DnsOptions: [],
    DnsSearch: [],
    ExtraHosts: c.name === "web1" ? ["host.docker.internal:host-gateway"] : null,
    GroupAdd: null,
    IpcMode: "private",
    Cgroup: "",
    Links: c.name === "web1" ? ["/db:/web1/dblink"] : null,
    OomScoreAdj: 0,
    PidMode: "",
    Privileged: false,
    PublishAllPorts: false,
    ReadonlyRootfs: false,
    SecurityOpt: null,
    UTSMode: "",
    UsernsMode: "",
    ShmSize: 67108864,
    Runtime: "runc",
    Isolation: "",
    ...RESOURCES,
    MaskedPaths: ["/proc/asound", "/proc/acpi", "/proc/kcore"],
    ReadonlyPaths: ["/proc/bus", "/proc/fs"],
  };
}

function configOf(c: CannedContainer, ports: Record<string, PortBindingWire[] | null>): ContainerConfigWire {
return {
    Hostname: c.id.slice(0, 12),
    Domainname: "",
    User: "",
    AttachStdin: c.openStdin,
    AttachStdout: true,
    AttachStderr: true,
    ...(c.ports.length ? { ExposedPorts: Object.fromEntries(Object.keys(ports).map((k) => [k, {}])) } : {}),
    Tty: c.tty,
    OpenStdin: c.openStdin,
    StdinOnce: c.openStdin,
    Env: c.env.length ? [...c.env] : null,
    Cmd: [c.path, ...c.args],
    Image: c.image,
    Volumes: null,
    WorkingDir: "",
    Entrypoint: null,
    OnBuild: null,
    Labels: { ...c.labels },
  };
}

function networkSettingsOf(running: boolean, ports: Record<string, PortBindingWire[] | null>, networks: Record<string, EndpointSettingsWire>): NetworkSettingsWire {
  const primary = Object.values(networks)[0];
return {
    Bridge: "",
    SandboxID: running ? "4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e" : "",
    SandboxKey: running ? "/var/run/berth/netns/4d5e6f7a8b9c" : "",
    Ports: running ? ports : {},
    HairpinMode: false,
    LinkLocalIPv6Address: "",
    LinkLocalIPv6PrefixLen: 0,
    SecondaryIPAddresses: null,
    SecondaryIPv6Addresses: null,
    EndpointID: "",
    Gateway: "",
    GlobalIPv6Address: "",
    GlobalIPv6PrefixLen: 0,
    IPAddress: primary && "bridge" in networks ? primary.IPAddress : "",
    IPPrefixLen: 0,
    IPv6Gateway: "",
    MacAddress: "",
    Networks: networks,
  };
}

export function inspectBody(c: CannedContainer, now: number, networks: Record<string, EndpointSettingsWire>): ContainerInspectWire {
  const bindings: Record<string, PortBindingWire[]> = {};
  const ports: Record<string, PortBindingWire[] | null> = {};
  for (const p of c.ports) {
    const key = `${p.PrivatePort}/${p.Type}`;
    if (p.PublicPort === undefined) {
      ports[key] ??= null;
      continue;
    }
    const b = { HostIp: p.IP ?? "", HostPort: String(p.PublicPort) };
    (bindings[key] ??= []).push(b);
    ports[key] = [...(ports[key] ?? []), b];
  }
  const running = c.state === "running";
  return {
    Id: c.id,
    Created: iso(now - c.age),
    Path: c.path,
    Args: [...c.args],
    State: {
      Status: c.state,
      Running: running,
      Paused: false,
      Restarting: false,
      OOMKilled: false,
      Dead: false,
      Pid: running ? 4242 : 0,
      ExitCode: c.exitCode,
      Error: "",
      StartedAt: c.state === "created" ? "0001-01-01T00:00:00Z" : iso(now - c.age + 1),
      FinishedAt: c.state === "exited" ? iso(now - c.age + 60) : "0001-01-01T00:00:00Z",
    },
    Image: c.imageId,
    ResolvConfPath: `/var/lib/berth/containers/${c.id}/resolv.conf`,
    HostnamePath: `/var/lib/berth/containers/${c.id}/hostname`,
    HostsPath: `/var/lib/berth/containers/${c.id}/hosts`,
    LogPath: `/var/lib/berth/containers/${c.id}/${c.id}-json.log`,
    Name: "/" + c.name,
    RestartCount: 0,
    Driver: "overlay2",
    Platform: "linux",
    MountLabel: "",
    ProcessLabel: "",
    AppArmorProfile: "",
    ExecIDs: null,
    HostConfig: hostConfig(c, bindings),
    GraphDriver: { Data: null, Name: "overlay2" },
    Mounts: c.name === "web1" ? [{ Type: "bind", Source: "/srv/www", Destination: "/usr/share/www", Mode: "ro", RW: false, Propagation: "rprivate" }] : [],
    Config: configOf(c, ports),
    NetworkSettings: networkSettingsOf(running, ports, networks),
  };
}
