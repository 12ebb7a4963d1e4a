/**
 * Container request bodies byte for byte as the docker CLI (v28, Go encoding/json) sends
 * them: POST /containers/create (container.Config, then HostConfig with its Resources and
 * NetworkingConfig, in Go field order, maps sorted, omitempty honoured), exec create and
 * exec start.
 */
import type { CreateSpec } from "./commands/run-parse.js";
import { endpointSettings } from "./wire-encode.js";
import { GoMap, GoSlice, GoStruct, goJsonEncode, stringMap, type GoField, type GoValue } from "./format/go-value.js";

const strings = (v: readonly string[] | null): GoSlice => new GoSlice(v ?? [], "[]string", v === null);
const emptyList = (name: string): GoSlice => new GoSlice([], name);
const set = (keys: readonly string[], name: string): GoMap => new GoMap(new Map(keys.map((k) => [k, new GoStruct("struct {}", [])])), name, null);
const f = (name: string, value: GoValue, omitEmpty = false): GoField => ({ name, value, omitEmpty });

function config(c: CreateSpec["config"]): GoField[] {
  return [
    f("Hostname", c.Hostname), f("Domainname", c.Domainname), f("User", c.User), f("AttachStdin", c.AttachStdin),
    f("AttachStdout", c.AttachStdout), f("AttachStderr", c.AttachStderr), f("ExposedPorts", set(c.ExposedPorts, "nat.PortSet"), true),
    f("Tty", c.Tty), f("OpenStdin", c.OpenStdin), f("StdinOnce", c.StdinOnce), f("Env", strings(c.Env)), f("Cmd", strings(c.Cmd)),
    f("Image", c.Image), f("Volumes", set(c.Volumes, "map[string]struct {}")), f("WorkingDir", c.WorkingDir), f("Entrypoint", strings(c.Entrypoint)),
    f("OnBuild", null), f("Labels", stringMap(c.Labels)), f("StopSignal", c.StopSignal, true),
    ...(c.StopTimeout !== undefined ? [f("StopTimeout", c.StopTimeout)] : []),
  ];
}

function hostConfig(h: CreateSpec["hostConfig"]): GoStruct {
  const bindings = new Map<string, GoValue>(
    [...h.PortBindings].map(([port, list]) => [port, new GoSlice(list.map((b) => new GoStruct("nat.PortBinding", [f("HostIp", b.HostIp), f("HostPort", b.HostPort)])), "[]nat.PortBinding")]),
  );
  const zeros = (...names: string[]): GoField[] => names.map((n) => f(n, 0));
  const blanks = (...names: string[]): GoField[] => names.map((n) => f(n, ""));
  return new GoStruct("container.HostConfig", [
    f("Binds", strings(h.Binds)), f("ContainerIDFile", ""),
    f("LogConfig", new GoStruct("container.LogConfig", [f("Type", ""), f("Config", stringMap({}))])),
    f("NetworkMode", h.NetworkMode), f("PortBindings", new GoMap(bindings, "nat.PortMap", null)),
    f("RestartPolicy", new GoStruct("container.RestartPolicy", [f("Name", h.RestartPolicy.Name), f("MaximumRetryCount", h.RestartPolicy.MaximumRetryCount)])),
    f("AutoRemove", h.AutoRemove), f("VolumeDriver", ""), f("VolumesFrom", null), f("ConsoleSize", new GoSlice(h.ConsoleSize, "[2]uint")),
    f("CapAdd", null), f("CapDrop", null), f("CgroupnsMode", ""), f("Dns", strings(h.Dns)), f("DnsOptions", strings(h.DnsOptions)),
    f("DnsSearch", strings(h.DnsSearch)), f("ExtraHosts", strings(h.ExtraHosts)), f("GroupAdd", null), f("IpcMode", ""), f("Cgroup", ""),
    f("Links", strings(h.Links)), f("OomScoreAdj", 0), f("PidMode", ""), f("Privileged", h.Privileged), f("PublishAllPorts", h.PublishAllPorts),
    f("ReadonlyRootfs", h.ReadonlyRootfs), f("SecurityOpt", null), f("UTSMode", ""), f("UsernsMode", ""), f("ShmSize", 0), f("Isolation", ""),
    ...zeros("CpuShares", "Memory", "NanoCpus"), f("CgroupParent", ""), f("BlkioWeight", 0),
    ...["BlkioWeightDevice", "BlkioDeviceReadBps", "BlkioDeviceWriteBps", "BlkioDeviceReadIOps", "BlkioDeviceWriteIOps"].map((n) => f(n, emptyList("[]x"))),
    ...zeros("CpuPeriod", "CpuQuota", "CpuRealtimePeriod", "CpuRealtimeRuntime"), ...blanks("CpusetCpus", "CpusetMems"),
    f("Devices", emptyList("[]container.DeviceMapping")), f("DeviceCgroupRules", null), f("DeviceRequests", null),
    ...zeros("MemoryReservation", "MemorySwap"), f("MemorySwappiness", -1), f("OomKillDisable", false), f("PidsLimit", 0),
    f("Ulimits", emptyList("[]*container.Ulimit")), ...zeros("CpuCount", "CpuPercent", "IOMaximumIOps", "IOMaximumBandwidth"),
    f("MaskedPaths", null), f("ReadonlyPaths", null),
  ]);
}

/** The body of POST /containers/create. */
export function encodeCreateBody(spec: CreateSpec): string {
  const endpoints = new Map<string, GoValue>([...spec.endpoints].map(([k, v]) => [k, endpointSettings(v)]));
  return goJsonEncode(
    new GoStruct("container.CreateRequest", [
      ...config(spec.config),
      f("HostConfig", hostConfig(spec.hostConfig)),
      f("NetworkingConfig", new GoStruct("network.NetworkingConfig", [f("EndpointsConfig", new GoMap(endpoints, "map[string]*network.EndpointSettings", null))])),
    ]),
    true,
  );
}

export interface ExecSpec {
  readonly User: string;
  readonly Privileged: boolean;
  readonly Tty: boolean;
  readonly ConsoleSize?: [number, number];
  readonly AttachStdin: boolean;
  readonly AttachStderr: boolean;
  readonly AttachStdout: boolean;
  readonly Detach: boolean;
  readonly DetachKeys: string;
  readonly Env: string[] | null;
  readonly WorkingDir: string;
  readonly Cmd: string[];
}

/** The body of POST /containers/{id}/exec (container.ExecOptions). */
export function encodeExecCreate(e: ExecSpec): string {
  return goJsonEncode(
    new GoStruct("container.ExecOptions", [
      f("User", e.User), f("Privileged", e.Privileged), f("Tty", e.Tty),
      ...(e.ConsoleSize ? [f("ConsoleSize", new GoSlice(e.ConsoleSize, "*[2]uint"))] : []),
      f("AttachStdin", e.AttachStdin), f("AttachStderr", e.AttachStderr), f("AttachStdout", e.AttachStdout), f("Detach", e.Detach),
      f("DetachKeys", e.DetachKeys), f("Env", strings(e.Env)), f("WorkingDir", e.WorkingDir), f("Cmd", strings(e.Cmd)),
    ]),
    true,
  );
}

/** The body of POST /exec/{id}/start (container.ExecStartOptions). */
export function encodeExecStart(detach: boolean, tty: boolean, consoleSize?: [number, number]): string {
  return goJsonEncode(
    new GoStruct("container.ExecStartOptions", [f("Detach", detach), f("Tty", tty), ...(consoleSize ? [f("ConsoleSize", new GoSlice(consoleSize, "*[2]uint"))] : [])]),
    true,
  );
}
