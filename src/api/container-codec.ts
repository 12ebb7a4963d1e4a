/**
 * Containers in Docker's wire shapes for API 1.47: inspect (ContainerJSON in dockerd 27's
 * field order, HostConfig with Docker's defaults for everything Berth does not model) and
 * the list item. Networking parts are in container-network-codec.ts.
 */
import type { ContainerDetail } from "../engine/container-contract.js";
import type { Container, ContainerConfig, HostConfigSpec } from "../model/container.js";
import { encodeNetworks, encodeNetworkSettings, encodePortList } from "./container-network-codec.js";
import { commandLine, pathAndArgs, stateWord, statusText, unixSeconds } from "./container-state.js";
import { sortedRecord } from "./respond.js";
import { versionLessThan } from "./version.js";
import type {
  ContainerConfigWire,
  ContainerInspectWire,
  ContainerStateWire,
  ContainerSummaryWire,
  HostConfigWire,
  MountPointWire,
  PortBindingWire,
  ResourcesWire,
} from "./wire/container.js";

/** The storage driver name Berth reports (as GET /info does). */
export const GRAPH_DRIVER = "berth-overlay";

/** Docker's default masked and read-only paths (oci/defaults.go), shown in HostConfig. */
const MASKED_PATHS = [
  "/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
  "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap",
];
const READONLY_PATHS = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"];

function encodeState(c: Container): ContainerStateWire {
  const s = c.state;
  const running = ["running", "paused", "restarting"].includes(s.status);
  return {
    Status: stateWord(s),
    Running: running,
    Paused: s.status === "paused",
    Restarting: s.status === "restarting",
    OOMKilled: s.oomKilled,
    Dead: s.status === "dead",
    Pid: s.pid,
    ExitCode: s.exitCode,
    Error: s.error,
    StartedAt: s.startedAt,
    FinishedAt: s.finishedAt,
  };
}

/** container.Config as inspect shows it; `exposed` are the merged exposed ports. */
export function encodeConfig(c: ContainerConfig, exposed: readonly string[], apiVersion: string): ContainerConfigWire {
  const ports: Record<string, Record<string, never>> = {};
  for (const p of [...exposed].sort()) ports[p] = {};
  return {
    Hostname: c.hostname,
    Domainname: c.domainname,
    User: c.user,
    AttachStdin: c.attachStdin,
    AttachStdout: c.attachStdout,
    AttachStderr: c.attachStderr,
    ...(exposed.length > 0 ? { ExposedPorts: ports } : {}),
    Tty: c.tty,
    OpenStdin: c.openStdin,
    StdinOnce: c.stdinOnce,
    Env: c.env.length > 0 ? [...c.env] : null,
    Cmd: c.cmd.length > 0 ? [...c.cmd] : null,
    Image: c.image,
    Volumes: null,
    WorkingDir: c.workingDir,
    Entrypoint: c.entrypoint === null || c.entrypoint.length === 0 ? null : [...c.entrypoint],
    ...(c.macAddress && versionLessThan(apiVersion, "1.44") ? { MacAddress: c.macAddress } : {}),
    OnBuild: null,
    Labels: sortedRecord(c.labels),
    ...(c.stopSignal ? { StopSignal: c.stopSignal } : {}),
    ...(c.stopTimeout !== undefined ? { StopTimeout: c.stopTimeout } : {}),
  };
}

/** Links as dockerd stores them: "name:alias" → "/name:/<container>/alias". */
function storedLinks(links: readonly string[], containerName: string): string[] | null {
  if (links.length === 0) return null;
  return links.map((l) => {
    if (l.startsWith("/")) return l;
    const [name = "", alias = name] = l.split(":");
    return `/${name}:/${containerName}/${alias}`;
  });
}

function portBindings(hc: HostConfigSpec): Record<string, PortBindingWire[]> {
  const out: Record<string, PortBindingWire[]> = {};
  for (const [k, list] of Object.entries(hc.portBindings)) out[k] = list.map((b) => ({ HostIp: b.hostIp, HostPort: b.hostPort }));
  return sortedRecord(out);
}

/** HostConfig.Resources (inlined by Go) as dockerd shows them when nothing is limited. */
const DEFAULT_RESOURCES: ResourcesWire = {
  CpuShares: 0,
  Memory: 0,
  NanoCpus: 0,
  CgroupParent: "",
  BlkioWeight: 0,
  BlkioWeightDevice: [],
  BlkioDeviceReadBps: [],
  BlkioDeviceWriteBps: [],
  BlkioDeviceReadIOps: [],
  BlkioDeviceWriteIOps: [],
  CpuPeriod: 0,
  CpuQuota: 0,
  CpuRealtimePeriod: 0,
  CpuRealtimeRuntime: 0,
  CpusetCpus: "",
  CpusetMems: "",
  Devices: [],
  DeviceCgroupRules: null,
  DeviceRequests: null,
  MemoryReservation: 0,
  MemorySwap: 0,
  MemorySwappiness: null,
  OomKillDisable: null,
  PidsLimit: null,
  Ulimits: [],
  CpuCount: 0,
  CpuPercent: 0,
  IOMaximumIOps: 0,
  IOMaximumBandwidth: 0,
};

export function encodeHostConfig(c: Container, runtime: string): HostConfigWire {
  const hc = c.hostConfig;
  return {
    Binds: hc.binds.length > 0 ? [...hc.binds] : null,
    ContainerIDFile: "",
    LogConfig: { Type: "json-file", Config: {} },
    NetworkMode: hc.networkMode,
    PortBindings: portBindings(hc),
    RestartPolicy: { Name: hc.restartPolicy.name, MaximumRetryCount: hc.restartPolicy.maximumRetryCount },
    AutoRemove: hc.autoRemove,
    VolumeDriver: "",
    VolumesFrom: null,
    ConsoleSize: [0, 0],
    CapAdd: null,
    CapDrop: null,
    CgroupnsMode: "private",
    Dns: [...hc.dns],
    DnsOptions: [...hc.dnsOptions],
    DnsSearch: [...hc.dnsSearch],
    ExtraHosts: hc.extraHosts.length > 0 ? [...hc.extraHosts] : null,
    GroupAdd: null,
    IpcMode: "private",
    Cgroup: "",
    Links: storedLinks(hc.links, c.name),
    OomScoreAdj: 0,
    PidMode: "",
    Privileged: false,
    PublishAllPorts: hc.publishAllPorts,
    ReadonlyRootfs: false,
    SecurityOpt: null,
    UTSMode: "",
    UsernsMode: "",
    ShmSize: 67108864,
    Runtime: runtime,
    Isolation: "",
    ...DEFAULT_RESOURCES,
    MaskedPaths: [...MASKED_PATHS],
    ReadonlyPaths: [...READONLY_PATHS],
  };
}

/** Mounts from binds "src:dst[:opts]". */
export function encodeMounts(binds: readonly string[]): MountPointWire[] {
  return binds.map((b) => {
    const [source = "", destination = "", mode = ""] = b.split(":");
    const rw = !mode.split(",").includes("ro");
    return { Type: "bind", Source: source, Destination: destination, Mode: mode, RW: rw, Propagation: "rprivate" };
  });
}

export interface InspectOptions {
  readonly apiVersion: string;
  /** The daemon's default OCI runtime (HostConfig.Runtime). */
  readonly runtime: string;
}

/** GET /containers/{id}/json. */
export function encodeContainerInspect(d: ContainerDetail, opts: InspectOptions): ContainerInspectWire {
  const c = d.container;
  const { path, args } = pathAndArgs(c.config);
  return {
    Id: c.id,
    Created: c.created,
    Path: path,
    Args: args,
    State: encodeState(c),
    Image: c.imageId,
    ResolvConfPath: d.resolvConfPath,
    HostnamePath: d.hostnamePath,
    HostsPath: d.hostsPath,
    LogPath: d.logPath,
    Name: `/${c.name}`,
    RestartCount: c.restartCount,
    Driver: GRAPH_DRIVER,
    Platform: "linux",
    MountLabel: "",
    ProcessLabel: "",
    AppArmorProfile: "",
    ExecIDs: null, // the contract does not list a container's execs yet
    HostConfig: encodeHostConfig(c, opts.runtime),
    GraphDriver: { Data: null, Name: GRAPH_DRIVER },
    Mounts: encodeMounts(c.hostConfig.binds),
    Config: encodeConfig(c.config, d.exposedPorts, opts.apiVersion),
    NetworkSettings: encodeNetworkSettings(d, opts.apiVersion),
  };
}

/** `Names`: "/name", then "/<linker>/<alias>" for each container linking to it. */
function summaryNames(c: Container, all: readonly Container[]): string[] {
  const names = [`/${c.name}`];
  for (const other of all) {
    for (const l of other.hostConfig.links) {
      const [target = "", alias = target] = l.replace(/^\//, "").split(":");
      if (target === c.name || target === c.id) names.push(`/${other.name}/${alias.split("/").pop() ?? alias}`);
    }
  }
  return names;
}

/** GET /containers/json item. `all` is every container (for link names); `nowMs` for Status. */
export function encodeContainerSummary(d: ContainerDetail, all: readonly Container[], nowMs: number, apiVersion: string): ContainerSummaryWire {
  const c = d.container;
  const { path, args } = pathAndArgs(c.config);
  return {
    Id: c.id,
    Names: summaryNames(c, all),
    Image: c.config.image,
    ImageID: c.imageId,
    Command: commandLine(path, args),
    Created: unixSeconds(c.created),
    Ports: encodePortList(d),
    Labels: sortedRecord(c.config.labels),
    State: stateWord(c.state),
    Status: statusText(c.state, nowMs),
    HostConfig: { NetworkMode: c.hostConfig.networkMode },
    NetworkSettings: { Networks: encodeNetworks(d, apiVersion) },
    Mounts: encodeMounts(c.hostConfig.binds),
  };
}
