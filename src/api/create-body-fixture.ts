/**
 * Test support: the POST /containers/create body docker CLI 28 sends for
 * `docker run --rm busybox echo hi` (captured verbatim), and a way to patch it the way a
 * flag changes it, so decode tests start from the real client's shape.
 */
type Json = Record<string, unknown>;

const ENDPOINT_SETTINGS = `{"IPAMConfig":null,"Links":null,"Aliases":null,"MacAddress":"","DriverOpts":null,"GwPriority":0,"NetworkID":"","EndpointID":"","Gateway":"","IPAddress":"","IPPrefixLen":0,"IPv6Gateway":"","GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,"DNSNames":null}`;

export const CLI_RUN_BODY =
  `{"Hostname":"","Domainname":"","User":"","AttachStdin":false,"AttachStdout":true,"AttachStderr":true,"Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":null,"Cmd":["echo","hi"],"Image":"busybox","Volumes":{},"WorkingDir":"","Entrypoint":null,"OnBuild":null,"Labels":{},` +
  `"HostConfig":{"Binds":null,"ContainerIDFile":"","LogConfig":{"Type":"","Config":{}},"NetworkMode":"default","PortBindings":{},"RestartPolicy":{"Name":"no","MaximumRetryCount":0},"AutoRemove":true,"VolumeDriver":"","VolumesFrom":null,"ConsoleSize":[0,0],"CapAdd":null,"CapDrop":null,"CgroupnsMode":"","Dns":[],"DnsOptions":[],"DnsSearch":[],"ExtraHosts":null,"GroupAdd":null,"IpcMode":"","Cgroup":"","Links":null,"OomScoreAdj":0,"PidMode":"","Privileged":false,"PublishAllPorts":false,"ReadonlyRootfs":false,"SecurityOpt":null,"UTSMode":"","UsernsMode":"","ShmSize":0,"Isolation":"","CpuShares":0,"Memory":0,"NanoCpus":0,"CgroupParent":"","BlkioWeight":0,"BlkioWeightDevice":[],"BlkioDeviceReadBps":[],"BlkioDeviceWriteBps":[],"BlkioDeviceReadIOps":[],"BlkioDeviceWriteIOps":[],"CpuPeriod":0,"CpuQuota":0,"CpuRealtimePeriod":0,"CpuRealtimeRuntime":0,"CpusetCpus":"","CpusetMems":"","Devices":[],"DeviceCgroupRules":null,"DeviceRequests":null,"MemoryReservation":0,"MemorySwap":0,"MemorySwappiness":-1,"OomKillDisable":false,"PidsLimit":0,"Ulimits":[],"CpuCount":0,"CpuPercent":0,"IOMaximumIOps":0,"IOMaximumBandwidth":0,"MaskedPaths":null,"ReadonlyPaths":null},` +
  `"NetworkingConfig":{"EndpointsConfig":{"default":${ENDPOINT_SETTINGS}}}}`;

/** The CLI's EndpointSettings with `patch` applied. */
export function endpointSettings(patch: Json = {}): Json {
  return { ...(JSON.parse(ENDPOINT_SETTINGS) as Json), ...patch };
}

export interface BodyPatch {
  readonly config?: Json;
  readonly hostConfig?: Json;
  /** Replaces EndpointsConfig (the CLI sends one entry per --network). */
  readonly endpoints?: Record<string, Json | null>;
}

/** The CLI body with a flag's changes applied. */
export function cliBody(patch: BodyPatch = {}): Json {
  const base = JSON.parse(CLI_RUN_BODY) as Json & { HostConfig: Json; NetworkingConfig: { EndpointsConfig: Json } };
  return {
    ...base,
    ...patch.config,
    HostConfig: { ...base.HostConfig, ...patch.hostConfig },
    NetworkingConfig: { EndpointsConfig: patch.endpoints ?? base.NetworkingConfig.EndpointsConfig },
  };
}
