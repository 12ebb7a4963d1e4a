/**
 * The body of GET /info, from the engine's facts. Complete enough that `docker info`
 * prints every section; values Berth has no notion of are honest zeros and empty lists.
 */
import type { DaemonFacts } from "../../engine/engine.js";
import { rfc3339Nano } from "../../lib/time.js";
import { sortedRecord } from "../respond.js";
import { versionAtLeast, versionLessThan } from "../version.js";
import type { CommitWire, InfoWire, RegistryConfigWire } from "../wire/system.js";

/** `uname -m` spelling of an architecture (Info.Architecture), from Go's or Node's name. */
export function unameArch(arch: string): string {
  const map: Readonly<Record<string, string>> = {
    amd64: "x86_64",
    x64: "x86_64",
    arm64: "aarch64",
    "386": "i686",
    ia32: "i686",
    arm: "armv7l",
    ppc64: "ppc64le",
  };
  return map[arch] ?? arch;
}

function registryConfig(apiVersion: string): RegistryConfigWire {
  const legacy = versionLessThan(apiVersion, "1.47")
    ? { AllowNondistributableArtifactsCIDRs: null, AllowNondistributableArtifactsHostnames: null }
    : {};
  return {
    ...legacy,
    InsecureRegistryCIDRs: ["::1/128", "127.0.0.0/8"],
    IndexConfigs: { "docker.io": { Name: "docker.io", Mirrors: [], Secure: true, Official: true } },
    Mirrors: null,
  };
}

const commit = (apiVersion: string): CommitWire => (versionLessThan(apiVersion, "1.49") ? { ID: "", Expected: "" } : { ID: "" });

type Part<K extends keyof InfoWire> = Pick<InfoWire, K>;
type CountKeys = "ID" | "Containers" | "ContainersRunning" | "ContainersPaused" | "ContainersStopped" | "Images";
type FeatureKeys = "MemoryLimit" | "SwapLimit" | "CpuCfsPeriod" | "CpuCfsQuota" | "CPUShares" | "CPUSet" | "PidsLimit";
type HostKeys = "SystemTime" | "LoggingDriver" | "CgroupDriver" | "CgroupVersion" | "NEventsListener" | "KernelVersion";
type MachineKeys = "OperatingSystem" | "OSVersion" | "OSType" | "Architecture" | "IndexServerAddress" | "RegistryConfig";
type ResourceKeys = "NCPU" | "MemTotal" | "GenericResources" | "DockerRootDir" | "HttpProxy" | "HttpsProxy" | "NoProxy";
type DaemonKeys = "ExperimentalBuild" | "ServerVersion" | "Runtimes" | "DefaultRuntime" | "Swarm" | "LiveRestoreEnabled";
type TailKeys = "Isolation" | "InitBinary" | "ContainerdCommit" | "RuncCommit" | "InitCommit" | "SecurityOptions";

function counts(facts: DaemonFacts): Part<CountKeys | "Driver" | "DriverStatus" | "Plugins"> {
  return {
    ID: daemonId(facts),
    Containers: 0,
    ContainersRunning: 0,
    ContainersPaused: 0,
    ContainersStopped: 0,
    Images: 0,
    Driver: "berth-overlay",
    DriverStatus: [],
    Plugins: { Volume: ["local"], Network: [...facts.networkPlugins], Authorization: null, Log: ["json-file"] },
  };
}

function features(
  facts: DaemonFacts,
  apiVersion: string,
): Part<FeatureKeys | "IPv4Forwarding" | "BridgeNfIptables" | "BridgeNfIp6tables" | "Debug" | "NFd" | "OomKillDisable" | "NGoroutines"> {
  return {
    MemoryLimit: true,
    SwapLimit: true,
    CpuCfsPeriod: true,
    CpuCfsQuota: true,
    CPUShares: true,
    CPUSet: true,
    PidsLimit: true,
    IPv4Forwarding: facts.ipv4Forwarding,
    ...(versionLessThan(apiVersion, "1.50") ? { BridgeNfIptables: false, BridgeNfIp6tables: false } : {}),
    Debug: false,
    NFd: 0,
    OomKillDisable: false,
    NGoroutines: 0,
  };
}

function host(facts: DaemonFacts, apiVersion: string, now: Date): Part<HostKeys | MachineKeys | ResourceKeys | "Name" | "Labels"> {
  return {
    SystemTime: rfc3339Nano(now),
    LoggingDriver: "json-file",
    CgroupDriver: "cgroupfs",
    CgroupVersion: "2",
    NEventsListener: 0,
    KernelVersion: facts.kernelVersion,
    OperatingSystem: facts.osName,
    OSVersion: "",
    OSType: facts.os,
    Architecture: unameArch(facts.arch),
    IndexServerAddress: "https://index.docker.io/v1/",
    RegistryConfig: registryConfig(apiVersion),
    NCPU: facts.cpus,
    MemTotal: facts.memTotal,
    GenericResources: null,
    DockerRootDir: facts.rootDir,
    HttpProxy: "",
    HttpsProxy: "",
    NoProxy: "",
    Name: facts.hostname,
    Labels: [],
  };
}

function daemon(
  facts: DaemonFacts,
  apiVersion: string,
): Part<DaemonKeys | TailKeys | "DefaultAddressPools" | "FirewallBackend" | "CDISpecDirs" | "Warnings"> {
  const pools = facts.defaultAddressPools.map((p) => ({ Base: p.base, Size: p.size }));
  return {
    ExperimentalBuild: false,
    ServerVersion: facts.version,
    Runtimes: sortedRecord(Object.fromEntries(facts.runtimes.map((r) => [r, { path: r }]))),
    DefaultRuntime: facts.defaultRuntime,
    Swarm: { NodeID: "", NodeAddr: "", LocalNodeState: "inactive", ControlAvailable: false, Error: "", RemoteManagers: null },
    LiveRestoreEnabled: false,
    Isolation: "",
    InitBinary: "",
    ContainerdCommit: commit(apiVersion),
    RuncCommit: commit(apiVersion),
    InitCommit: commit(apiVersion),
    SecurityOptions: [],
    ...(pools.length > 0 ? { DefaultAddressPools: pools } : {}),
    ...(versionAtLeast(apiVersion, "1.49") ? { FirewallBackend: { Driver: facts.firewallBackend } } : {}),
    CDISpecDirs: [],
    Warnings: [],
  };
}

/** The /info object for a request at `apiVersion`, in Go's field order. */
export function buildInfo(facts: DaemonFacts, apiVersion: string, now: Date = new Date()): InfoWire {
  return { ...counts(facts), ...features(facts, apiVersion), ...host(facts, apiVersion, now), ...daemon(facts, apiVersion) };
}

/**
 * Docker's daemon ID is a random UUID persisted in the root; Berth has no such file, so a
 * stable ID is derived from the host name and root directory (same daemon, same ID).
 */
function daemonId(facts: DaemonFacts): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (const ch of `${facts.hostname}\0${facts.rootDir}`) {
    const c = ch.codePointAt(0) ?? 0;
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x85ebca6b) >>> 0;
  }
  const hex = (h1.toString(16).padStart(8, "0") + h2.toString(16).padStart(8, "0")).repeat(2);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
