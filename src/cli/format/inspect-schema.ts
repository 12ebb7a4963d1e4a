/**
 * The Go types the docker CLI (v28, API 1.47/1.48) decodes `inspect` bodies into:
 * container.InspectResponse and image.InspectResponse, with their embedded structs flattened
 * (Go promotes their fields) and the JSON names that differ from the Go names.
 */
import { EMPTY_STRUCT, map, ptr, slice, STRING_MAP, STRINGS, type GoStructType, type GoType } from "./go-schema.js";

const S = "string";
const I = "int";
const B = "bool";

const HEALTH: GoStructType = {
  struct: "container.Health",
  fields: [["Status", S], ["FailingStreak", I], ["Log", slice(ptr({ struct: "container.HealthcheckResult", fields: [["Start", "time"], ["End", "time"], ["ExitCode", I], ["Output", S]] }), "[]*container.HealthcheckResult")]],
};

const STATE: GoStructType = {
  struct: "container.State",
  fields: [
    ["Status", S], ["Running", B], ["Paused", B], ["Restarting", B], ["OOMKilled", B], ["Dead", B], ["Pid", I], ["ExitCode", I],
    ["Error", S], ["StartedAt", S], ["FinishedAt", S], ["Health", ptr(HEALTH), undefined, true],
  ],
};

const HEALTH_CONFIG: GoStructType = {
  struct: "container.HealthConfig",
  fields: [["Test", STRINGS, undefined, true], ["Interval", I, undefined, true], ["Timeout", I, undefined, true], ["StartPeriod", I, undefined, true], ["StartInterval", I, undefined, true], ["Retries", I, undefined, true]],
};

const PORT_SET = map(EMPTY_STRUCT, "nat.PortSet");
const PORT_BINDING: GoStructType = { struct: "nat.PortBinding", fields: [["HostIP", S, "HostIp"], ["HostPort", S]] };
const PORT_MAP = map(slice(PORT_BINDING, "[]nat.PortBinding"), "nat.PortMap");

export const CONTAINER_CONFIG: GoStructType = {
  struct: "container.Config",
  fields: [
    ["Hostname", S], ["Domainname", S], ["User", S], ["AttachStdin", B], ["AttachStdout", B], ["AttachStderr", B],
    ["ExposedPorts", PORT_SET, undefined, true], ["Tty", B], ["OpenStdin", B], ["StdinOnce", B], ["Env", STRINGS],
    ["Cmd", slice(S, "strslice.StrSlice")], ["Healthcheck", ptr(HEALTH_CONFIG), undefined, true], ["ArgsEscaped", B, undefined, true],
    ["Image", S], ["Volumes", map(EMPTY_STRUCT, "map[string]struct {}")], ["WorkingDir", S], ["Entrypoint", slice(S, "strslice.StrSlice")],
    ["NetworkDisabled", B, undefined, true], ["MacAddress", S, undefined, true], ["OnBuild", STRINGS], ["Labels", STRING_MAP],
    ["StopSignal", S, undefined, true], ["StopTimeout", ptr(I), undefined, true], ["Shell", slice(S, "strslice.StrSlice"), undefined, true],
  ],
};

const DEVICE: GoStructType = { struct: "container.DeviceMapping", fields: [["PathOnHost", S], ["PathInContainer", S], ["CgroupPermissions", S]] };
const WEIGHT: GoStructType = { struct: "blkiodev.WeightDevice", fields: [["Path", S], ["Weight", I]] };
const THROTTLE: GoStructType = { struct: "blkiodev.ThrottleDevice", fields: [["Path", S], ["Rate", I]] };
const ULIMIT: GoStructType = { struct: "units.Ulimit", fields: [["Name", S], ["Hard", I], ["Soft", I]] };
const MOUNT: GoStructType = {
  struct: "mount.Mount",
  fields: [["Type", S, undefined, true], ["Source", S, undefined, true], ["Target", S, undefined, true], ["ReadOnly", B, undefined, true], ["Consistency", S, undefined, true]],
};

const RESOURCES: GoStructType["fields"] = [
  ["CPUShares", I, "CpuShares"], ["Memory", I], ["NanoCPUs", I, "NanoCpus"], ["CgroupParent", S], ["BlkioWeight", I],
  ["BlkioWeightDevice", slice(ptr(WEIGHT), "[]*blkiodev.WeightDevice")], ["BlkioDeviceReadBps", slice(ptr(THROTTLE), "[]*blkiodev.ThrottleDevice")],
  ["BlkioDeviceWriteBps", slice(ptr(THROTTLE), "[]*blkiodev.ThrottleDevice")], ["BlkioDeviceReadIOps", slice(ptr(THROTTLE), "[]*blkiodev.ThrottleDevice")],
  ["BlkioDeviceWriteIOps", slice(ptr(THROTTLE), "[]*blkiodev.ThrottleDevice")], ["CPUPeriod", I, "CpuPeriod"], ["CPUQuota", I, "CpuQuota"],
  ["CPURealtimePeriod", I, "CpuRealtimePeriod"], ["CPURealtimeRuntime", I, "CpuRealtimeRuntime"], ["CpusetCpus", S], ["CpusetMems", S],
  ["Devices", slice(DEVICE, "[]container.DeviceMapping")], ["DeviceCgroupRules", STRINGS], ["DeviceRequests", slice("any", "[]container.DeviceRequest")],
  ["KernelMemory", I, undefined, true], ["KernelMemoryTCP", I, undefined, true], ["MemoryReservation", I], ["MemorySwap", I],
  ["MemorySwappiness", ptr(I)], ["OomKillDisable", ptr(B)], ["PidsLimit", ptr(I)], ["Ulimits", slice(ptr(ULIMIT), "[]*container.Ulimit")],
  ["CPUCount", I, "CpuCount"], ["CPUPercent", I, "CpuPercent"], ["IOMaximumIOps", I], ["IOMaximumBandwidth", I],
];

export const HOST_CONFIG: GoStructType = {
  struct: "container.HostConfig",
  fields: [
    ["Binds", STRINGS], ["ContainerIDFile", S], ["LogConfig", { struct: "container.LogConfig", fields: [["Type", S], ["Config", STRING_MAP]] }],
    ["NetworkMode", S], ["PortBindings", PORT_MAP], ["RestartPolicy", { struct: "container.RestartPolicy", fields: [["Name", S], ["MaximumRetryCount", I]] }],
    ["AutoRemove", B], ["VolumeDriver", S], ["VolumesFrom", STRINGS], ["ConsoleSize", slice(I, "[2]uint")], ["Annotations", STRING_MAP, undefined, true],
    ["CapAdd", slice(S, "strslice.StrSlice")], ["CapDrop", slice(S, "strslice.StrSlice")], ["CgroupnsMode", S], ["DNS", STRINGS, "Dns"],
    ["DNSOptions", STRINGS, "DnsOptions"], ["DNSSearch", STRINGS, "DnsSearch"], ["ExtraHosts", STRINGS], ["GroupAdd", STRINGS], ["IpcMode", S],
    ["Cgroup", S], ["Links", STRINGS], ["OomScoreAdj", I], ["PidMode", S], ["Privileged", B], ["PublishAllPorts", B], ["ReadonlyRootfs", B],
    ["SecurityOpt", STRINGS], ["StorageOpt", STRING_MAP, undefined, true], ["Tmpfs", STRING_MAP, undefined, true], ["UTSMode", S], ["UsernsMode", S],
    ["ShmSize", I], ["Sysctls", STRING_MAP, undefined, true], ["Runtime", S, undefined, true], ["Isolation", S], ...RESOURCES,
    ["Mounts", slice(MOUNT, "[]mount.Mount"), undefined, true], ["MaskedPaths", STRINGS], ["ReadonlyPaths", STRINGS], ["Init", ptr(B), undefined, true],
  ],
};

const ENDPOINT: GoStructType = {
  struct: "network.EndpointSettings",
  fields: [
    ["IPAMConfig", ptr({ struct: "network.EndpointIPAMConfig", fields: [["IPv4Address", S, undefined, true], ["IPv6Address", S, undefined, true], ["LinkLocalIPs", STRINGS, undefined, true]] })],
    ["Links", STRINGS], ["Aliases", STRINGS], ["MacAddress", S], ["DriverOpts", STRING_MAP], ["GwPriority", I], ["NetworkID", S], ["EndpointID", S],
    ["Gateway", S], ["IPAddress", S], ["IPPrefixLen", I], ["IPv6Gateway", S], ["GlobalIPv6Address", S], ["GlobalIPv6PrefixLen", I], ["DNSNames", STRINGS],
  ],
};

const ADDRESSES = slice({ struct: "network.Address", fields: [["Addr", S], ["PrefixLen", I]] }, "[]network.Address");

const NETWORK_SETTINGS: GoStructType = {
  struct: "container.NetworkSettings",
  fields: [
    ["Bridge", S], ["SandboxID", S], ["SandboxKey", S], ["Ports", PORT_MAP], ["HairpinMode", B], ["LinkLocalIPv6Address", S], ["LinkLocalIPv6PrefixLen", I],
    ["SecondaryIPAddresses", ADDRESSES], ["SecondaryIPv6Addresses", ADDRESSES], ["EndpointID", S], ["Gateway", S], ["GlobalIPv6Address", S],
    ["GlobalIPv6PrefixLen", I], ["IPAddress", S], ["IPPrefixLen", I], ["IPv6Gateway", S], ["MacAddress", S],
    ["Networks", map(ptr(ENDPOINT), "map[string]*network.EndpointSettings")],
  ],
};

const MOUNT_POINT: GoStructType = {
  struct: "container.MountPoint",
  fields: [["Type", S, undefined, true], ["Name", S, undefined, true], ["Source", S], ["Destination", S], ["Driver", S, undefined, true], ["Mode", S], ["RW", B], ["Propagation", S]],
};

const DRIVER_DATA: GoStructType = { struct: "storage.DriverData", fields: [["Data", STRING_MAP], ["Name", S]] };
const DESCRIPTOR: GoType = ptr({ struct: "v1.Descriptor", fields: [["MediaType", S], ["Digest", S], ["Size", I], ["URLs", STRINGS, "urls", true], ["Annotations", STRING_MAP, "annotations", true], ["Platform", "any", "platform", true]] });

/** container.InspectResponse (ContainerJSONBase fields promoted). */
export const CONTAINER_INSPECT: GoStructType = {
  struct: "container.InspectResponse",
  fields: [
    ["ID", S, "Id"], ["Created", S], ["Path", S], ["Args", STRINGS], ["State", ptr(STATE)], ["Image", S], ["ResolvConfPath", S], ["HostnamePath", S],
    ["HostsPath", S], ["LogPath", S], ["Node", "any", undefined, true], ["Name", S], ["RestartCount", I], ["Driver", S], ["Platform", S],
    ["MountLabel", S], ["ProcessLabel", S], ["AppArmorProfile", S], ["ExecIDs", STRINGS], ["HostConfig", ptr(HOST_CONFIG)], ["GraphDriver", DRIVER_DATA],
    ["SizeRw", ptr(I), undefined, true], ["SizeRootFs", ptr(I), undefined, true], ["Mounts", slice(MOUNT_POINT, "[]container.MountPoint")],
    ["Config", ptr(CONTAINER_CONFIG)], ["NetworkSettings", ptr(NETWORK_SETTINGS)], ["ImageManifestDescriptor", DESCRIPTOR, undefined, true],
  ],
};

/** The OCI image config docker keeps (DockerOCIImageConfig): only the set fields are encoded. */
const IMAGE_CONFIG: GoStructType = {
  struct: "v1.DockerOCIImageConfig",
  fields: [
    ["User", S, undefined, true], ["ExposedPorts", map(EMPTY_STRUCT, "map[string]struct {}"), undefined, true], ["Env", STRINGS, undefined, true],
    ["Entrypoint", STRINGS, undefined, true], ["Cmd", STRINGS, undefined, true], ["Volumes", map(EMPTY_STRUCT, "map[string]struct {}"), undefined, true],
    ["WorkingDir", S, undefined, true], ["Labels", STRING_MAP, undefined, true], ["StopSignal", S, undefined, true], ["ArgsEscaped", B, undefined, true],
    ["Healthcheck", ptr(HEALTH_CONFIG), undefined, true], ["OnBuild", STRINGS, undefined, true], ["Shell", STRINGS, undefined, true],
  ],
};

/** image.InspectResponse. */
export const IMAGE_INSPECT: GoStructType = {
  struct: "image.InspectResponse",
  fields: [
    ["ID", S, "Id"], ["RepoTags", STRINGS], ["RepoDigests", STRINGS], ["Parent", S], ["Comment", S], ["Created", S, undefined, true],
    ["Container", S, undefined, true], ["ContainerConfig", ptr(CONTAINER_CONFIG), undefined, true], ["DockerVersion", S, undefined, true], ["Author", S],
    ["Config", ptr(IMAGE_CONFIG)], ["Architecture", S], ["Variant", S, undefined, true], ["Os", S], ["OsVersion", S, undefined, true], ["Size", I],
    ["VirtualSize", I, undefined, true], ["GraphDriver", DRIVER_DATA], ["RootFS", { struct: "image.RootFS", fields: [["Type", S], ["Layers", STRINGS, undefined, true]] }],
    ["Metadata", { struct: "image.Metadata", fields: [["LastTagTime", "time", undefined, true]] }], ["Descriptor", DESCRIPTOR, undefined, true],
    ["Manifests", slice("any", "[]image.ManifestSummary"), undefined, true],
  ],
};
