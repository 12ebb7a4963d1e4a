/**
 * Docker Engine API wire shapes for containers and execs (spec §1.12), at API 1.47.
 * Field order matters: `docker inspect` prints the JSON as sent, so objects are built in
 * the order declared here (Go's struct order). Only src/api and src/cli use these types.
 */

export interface ContainerCreateResponseWire {
  Id: string;
  Warnings: string[];
}

/** POST /containers/{id}/wait: Go's WaitResponse (Error omitted when nil). */
export interface ContainerWaitResponseWire {
  Error?: { Message: string };
  StatusCode: number;
}

export interface ContainerPruneResponseWire {
  ContainersDeleted: string[] | null;
  SpaceReclaimed: number;
}

export interface PortBindingWire {
  HostIp: string;
  HostPort: string;
}

/** nat.PortMap: "80/tcp" → bindings, or null for exposed-but-unpublished. */
export type PortMapWire = Record<string, PortBindingWire[] | null>;

export interface EndpointIPAMConfigWire {
  IPv4Address?: string;
  IPv6Address?: string;
  LinkLocalIPs?: string[];
}

/** network.EndpointSettings in v28's order; GwPriority from 1.48, DNSNames from 1.44. */
export interface EndpointSettingsWire {
  IPAMConfig: EndpointIPAMConfigWire | null;
  Links: string[] | null;
  Aliases: string[] | null;
  MacAddress: string;
  DriverOpts: Record<string, string> | null;
  GwPriority?: number;
  NetworkID: string;
  EndpointID: string;
  Gateway: string;
  IPAddress: string;
  IPPrefixLen: number;
  IPv6Gateway: string;
  GlobalIPv6Address: string;
  GlobalIPv6PrefixLen: number;
  DNSNames?: string[] | null;
}

/** Inspect's NetworkSettings; the legacy top-level fields exist below API 1.52. */
export interface NetworkSettingsWire {
  Bridge?: string;
  SandboxID: string;
  SandboxKey: string;
  Ports: PortMapWire;
  HairpinMode?: boolean;
  LinkLocalIPv6Address?: string;
  LinkLocalIPv6PrefixLen?: number;
  SecondaryIPAddresses?: null;
  SecondaryIPv6Addresses?: null;
  EndpointID?: string;
  Gateway?: string;
  GlobalIPv6Address?: string;
  GlobalIPv6PrefixLen?: number;
  IPAddress?: string;
  IPPrefixLen?: number;
  IPv6Gateway?: string;
  MacAddress?: string;
  Networks: Record<string, EndpointSettingsWire>;
}

export interface MountPointWire {
  Type: string;
  Source: string;
  Destination: string;
  Mode: string;
  RW: boolean;
  Propagation: string;
}

export interface ContainerStateWire {
  Status: string;
  Running: boolean;
  Paused: boolean;
  Restarting: boolean;
  OOMKilled: boolean;
  Dead: boolean;
  Pid: number;
  ExitCode: number;
  Error: string;
  StartedAt: string;
  FinishedAt: string;
}

/** container.Config (omitempty fields optional). */
export interface ContainerConfigWire {
  Hostname: string;
  Domainname: string;
  User: string;
  AttachStdin: boolean;
  AttachStdout: boolean;
  AttachStderr: boolean;
  ExposedPorts?: Record<string, Record<string, never>>;
  Tty: boolean;
  OpenStdin: boolean;
  StdinOnce: boolean;
  Env: string[] | null;
  Cmd: string[] | null;
  Image: string;
  Volumes: null;
  WorkingDir: string;
  Entrypoint: string[] | null;
  MacAddress?: string;
  OnBuild: null;
  Labels: Record<string, string> | null;
  StopSignal?: string;
  StopTimeout?: number;
}

/** container.Resources (embedded in HostConfig; Go inlines its fields after Isolation). */
export interface ResourcesWire {
  CpuShares: number;
  Memory: number;
  NanoCpus: number;
  CgroupParent: string;
  BlkioWeight: number;
  BlkioWeightDevice: [];
  BlkioDeviceReadBps: [];
  BlkioDeviceWriteBps: [];
  BlkioDeviceReadIOps: [];
  BlkioDeviceWriteIOps: [];
  CpuPeriod: number;
  CpuQuota: number;
  CpuRealtimePeriod: number;
  CpuRealtimeRuntime: number;
  CpusetCpus: string;
  CpusetMems: string;
  Devices: [];
  DeviceCgroupRules: null;
  DeviceRequests: null;
  MemoryReservation: number;
  MemorySwap: number;
  MemorySwappiness: null;
  OomKillDisable: null;
  PidsLimit: null;
  Ulimits: [];
  CpuCount: number;
  CpuPercent: number;
  IOMaximumIOps: number;
  IOMaximumBandwidth: number;
}

/** container.HostConfig as dockerd 27 prints it; the Resources fields come after Isolation. */
export interface HostConfigWire extends ResourcesWire {
  Binds: string[] | null;
  ContainerIDFile: string;
  LogConfig: { Type: string; Config: Record<string, string> };
  NetworkMode: string;
  PortBindings: Record<string, PortBindingWire[]>;
  RestartPolicy: { Name: string; MaximumRetryCount: number };
  AutoRemove: boolean;
  VolumeDriver: string;
  VolumesFrom: null;
  ConsoleSize: [number, number];
  CapAdd: null;
  CapDrop: null;
  CgroupnsMode: string;
  Dns: string[];
  DnsOptions: string[];
  DnsSearch: string[];
  ExtraHosts: string[] | null;
  GroupAdd: null;
  IpcMode: string;
  Cgroup: string;
  Links: string[] | null;
  OomScoreAdj: number;
  PidMode: string;
  Privileged: boolean;
  PublishAllPorts: boolean;
  ReadonlyRootfs: boolean;
  SecurityOpt: null;
  UTSMode: string;
  UsernsMode: string;
  ShmSize: number;
  Runtime: string;
  Isolation: string;
  MaskedPaths: string[];
  ReadonlyPaths: string[];
}

/** GET /containers/{id}/json (ContainerJSON: the base, then Mounts, Config, NetworkSettings). */
export interface ContainerInspectWire {
  Id: string;
  Created: string;
  Path: string;
  Args: string[];
  State: ContainerStateWire;
  Image: string;
  ResolvConfPath: string;
  HostnamePath: string;
  HostsPath: string;
  LogPath: string;
  Name: string;
  RestartCount: number;
  Driver: string;
  Platform: string;
  MountLabel: string;
  ProcessLabel: string;
  AppArmorProfile: string;
  ExecIDs: string[] | null;
  HostConfig: HostConfigWire;
  GraphDriver: { Data: Record<string, string> | null; Name: string };
  Mounts: MountPointWire[];
  Config: ContainerConfigWire;
  NetworkSettings: NetworkSettingsWire;
}

/** An item of `Ports` in GET /containers/json. */
export interface PortWire {
  IP?: string;
  PrivatePort: number;
  PublicPort?: number;
  Type: string;
}

/** GET /containers/json item (container.Summary). */
export interface ContainerSummaryWire {
  Id: string;
  Names: string[];
  Image: string;
  ImageID: string;
  Command: string;
  Created: number;
  Ports: PortWire[];
  Labels: Record<string, string>;
  State: string;
  Status: string;
  HostConfig: { NetworkMode?: string };
  NetworkSettings: { Networks: Record<string, EndpointSettingsWire> };
  Mounts: MountPointWire[];
}

export interface ExecCreateResponseWire {
  Id: string;
}

/** GET /exec/{id}/json (container.ExecInspect). */
export interface ExecInspectWire {
  ID: string;
  Running: boolean;
  ExitCode: number | null;
  ProcessConfig: { tty: boolean; entrypoint: string; arguments: string[]; privileged?: boolean; user?: string };
  OpenStdin: boolean;
  OpenStderr: boolean;
  OpenStdout: boolean;
  CanRemove: boolean;
  ContainerID: string;
  DetachKeys: string | null;
  Pid: number;
}
