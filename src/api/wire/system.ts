/** Wire shapes of /version (and the parts of /info the CLI prints). */
export interface VersionComponentWire {
  Name: string;
  Version: string;
  Details?: Record<string, string>;
}

export interface VersionWire {
  Platform: { Name: string };
  Components: VersionComponentWire[];
  Version: string;
  ApiVersion: string;
  MinAPIVersion?: string;
  GitCommit: string;
  GoVersion: string;
  Os: string;
  Arch: string;
  KernelVersion?: string;
  Experimental?: boolean;
  BuildTime?: string;
}

/** GET /info (system.Info), in Go's field order. Fields gated by API version are optional. */
export interface InfoWire {
  ID: string;
  Containers: number;
  ContainersRunning: number;
  ContainersPaused: number;
  ContainersStopped: number;
  Images: number;
  Driver: string;
  DriverStatus: [string, string][];
  Plugins: { Volume: string[]; Network: string[]; Authorization: string[] | null; Log: string[] };
  MemoryLimit: boolean;
  SwapLimit: boolean;
  CpuCfsPeriod: boolean;
  CpuCfsQuota: boolean;
  CPUShares: boolean;
  CPUSet: boolean;
  PidsLimit: boolean;
  IPv4Forwarding: boolean;
  BridgeNfIptables?: boolean; // API < 1.50
  BridgeNfIp6tables?: boolean; // API < 1.50
  Debug: boolean;
  NFd: number;
  OomKillDisable: boolean;
  NGoroutines: number;
  SystemTime: string;
  LoggingDriver: string;
  CgroupDriver: string;
  CgroupVersion: string;
  NEventsListener: number;
  KernelVersion: string;
  OperatingSystem: string;
  OSVersion: string;
  OSType: string;
  Architecture: string;
  IndexServerAddress: string;
  RegistryConfig: RegistryConfigWire;
  NCPU: number;
  MemTotal: number;
  GenericResources: null;
  DockerRootDir: string;
  HttpProxy: string;
  HttpsProxy: string;
  NoProxy: string;
  Name: string;
  Labels: string[];
  ExperimentalBuild: boolean;
  ServerVersion: string;
  Runtimes: Record<string, { path: string }>;
  DefaultRuntime: string;
  Swarm: SwarmInfoWire;
  LiveRestoreEnabled: boolean;
  Isolation: string;
  InitBinary: string;
  ContainerdCommit: CommitWire;
  RuncCommit: CommitWire;
  InitCommit: CommitWire;
  SecurityOptions: string[];
  DefaultAddressPools?: { Base: string; Size: number }[];
  FirewallBackend?: { Driver: string }; // API >= 1.49
  CDISpecDirs: string[];
  Warnings: string[];
}

export interface RegistryConfigWire {
  AllowNondistributableArtifactsCIDRs?: null; // API < 1.47
  AllowNondistributableArtifactsHostnames?: null; // API < 1.47
  InsecureRegistryCIDRs: string[];
  IndexConfigs: Record<string, { Name: string; Mirrors: string[]; Secure: boolean; Official: boolean }>;
  Mirrors: string[] | null;
}

export interface SwarmInfoWire {
  NodeID: string;
  NodeAddr: string;
  LocalNodeState: string;
  ControlAvailable: boolean;
  Error: string;
  RemoteManagers: null;
}

/** ID is the commit; Expected only below API 1.49. */
export interface CommitWire {
  ID: string;
  Expected?: string;
}
