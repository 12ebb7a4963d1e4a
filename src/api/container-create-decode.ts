/**
 * POST /containers/create body (Config + HostConfig + NetworkingConfig, spec §1.12) into a
 * ContainerCreateSpec, with dockerd's decoding rules (runconfig.ContainerDecoder and the
 * router's version fixes): Go type errors, `default` → `bridge`, the EndpointsConfig rules,
 * and the network-mode conflict checks of container-create-validate.ts.
 */
import { invalidParameter } from "../lib/errors.js";
import type { ContainerConfig, ContainerCreateSpec, HostConfigSpec, PortBinding, RestartPolicy } from "../model/container.js";
import type { EndpointConfig } from "../model/endpoint.js";
import { JsonTypeError, StructReader, jsonKind, topLevelObject } from "./decode.js";
import { decodeEndpointSettings, type EndpointDecodeOptions } from "./endpoint-codec.js";
import { handleMacAddressBC, validateHostConfig, validateNetMode } from "./container-create-validate.js";
import { versionAtLeast, versionLessThan } from "./version.js";

const WRAPPER = "ContainerConfigWrapper";

/** Every field of the embedded *container.Config: any of them present allocates it. */
const CONFIG_FIELDS = [
  "Hostname", "Domainname", "User", "AttachStdin", "AttachStdout", "AttachStderr", "ExposedPorts", "Tty", "OpenStdin",
  "StdinOnce", "Env", "Cmd", "Healthcheck", "ArgsEscaped", "Image", "Volumes", "WorkingDir", "Entrypoint",
  "NetworkDisabled", "MacAddress", "OnBuild", "Labels", "StopSignal", "StopTimeout", "Shell",
];

export interface CreateRequest {
  readonly spec: ContainerCreateSpec;
  /** Warnings the API adds (the container-wide MacAddress deprecation). */
  readonly warnings: readonly string[];
  /** The deprecated container-wide Config.MacAddress as sent (validation only). */
  readonly containerMac: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function typeError(where: string, v: unknown, goType: string): JsonTypeError {
  return new JsonTypeError(`json: cannot unmarshal ${jsonKind(v)} into Go struct field ${where} of type ${goType}`);
}

/** strslice.StrSlice: a JSON string is a one-element list; null or absent is undefined. */
export function strSlice(r: StructReader, field: string, where: string): string[] | undefined {
  const v = r.raw(field);
  if (v === undefined || v === null) return undefined;
  if (typeof v === "string") return [v];
  if (!Array.isArray(v)) throw typeError(where, v, "string");
  return v.map((x: unknown) => {
    if (x === null) return "";
    if (typeof x !== "string") throw typeError(where, x, "string");
    return x;
  });
}

/** nat.PortSet keys ("80/tcp"). */
function portSet(r: StructReader, field: string, where: string): string[] {
  const v = r.raw(field);
  if (v === undefined || v === null) return [];
  if (!isRecord(v)) throw typeError(where, v, "nat.PortSet");
  for (const x of Object.values(v)) if (x !== null && !isRecord(x)) throw typeError(where, x, "struct {}");
  return Object.keys(v);
}

/** nat.PortMap: "80/tcp" → [{HostIp, HostPort}]. */
function portMap(r: StructReader): Record<string, PortBinding[]> {
  const where = "HostConfig.HostConfig.PortBindings";
  const v = r.raw("PortBindings");
  if (v === undefined || v === null) return {};
  if (!isRecord(v)) throw typeError(where, v, "nat.PortMap");
  const out: Record<string, PortBinding[]> = {};
  for (const [port, list] of Object.entries(v)) {
    if (list !== null && !Array.isArray(list)) throw typeError(where, list, "[]nat.PortBinding");
    out[port] = (list ?? []).map((b: unknown) => {
      if (b !== null && !isRecord(b)) throw typeError(where, b, "nat.PortBinding");
      const br = new StructReader(b ?? {}, "PortBinding", ["HostConfig", "PortBindings"]);
      return { hostIp: br.string("HostIp") ?? "", hostPort: br.string("HostPort") ?? "" };
    });
  }
  return out;
}

function decodeConfig(r: StructReader): ContainerConfig & { readonly rawMac: string } {
  const stopTimeout = r.int("StopTimeout");
  const entrypoint = strSlice(r, "Entrypoint", `${WRAPPER}.Entrypoint`);
  r.bool("NetworkDisabled");
  r.bool("ArgsEscaped");
  return {
    hostname: r.string("Hostname") ?? "",
    domainname: r.string("Domainname") ?? "",
    user: r.string("User") ?? "",
    env: r.stringArray("Env") ?? [],
    cmd: strSlice(r, "Cmd", `${WRAPPER}.Cmd`) ?? [],
    // `--entrypoint ""` arrives as [""]: explicitly no entrypoint.
    entrypoint: entrypoint === undefined ? null : entrypoint.length === 1 && entrypoint[0] === "" ? [] : entrypoint,
    workingDir: r.string("WorkingDir") ?? "",
    image: r.string("Image") ?? "",
    labels: r.stringMap("Labels") ?? {},
    tty: r.bool("Tty") ?? false,
    openStdin: r.bool("OpenStdin") ?? false,
    stdinOnce: r.bool("StdinOnce") ?? false,
    attachStdin: r.bool("AttachStdin") ?? false,
    attachStdout: r.bool("AttachStdout") ?? false,
    attachStderr: r.bool("AttachStderr") ?? false,
    exposedPorts: portSet(r, "ExposedPorts", `${WRAPPER}.ExposedPorts`),
    stopSignal: r.string("StopSignal") ?? "",
    ...(stopTimeout !== undefined ? { stopTimeout } : {}),
    macAddress: "",
    rawMac: r.string("MacAddress") ?? "",
  };
}

interface DecodedHostConfig extends HostConfigSpec {
  /** RestartPolicy.Name as sent ("" is allowed with any retry count). */
  readonly rawRestartName: string;
}

function decodeHostConfig(r: StructReader): DecodedHostConfig {
  const p = r.struct("RestartPolicy", "RestartPolicy", "container.RestartPolicy", (p) => ({
    name: p.string("Name") ?? "",
    count: p.int("MaximumRetryCount") ?? 0,
  }));
  const rawRestartName = p?.name ?? "";
  const restartPolicy: RestartPolicy = {
    name: (rawRestartName === "" ? "no" : rawRestartName) as RestartPolicy["name"],
    maximumRetryCount: p?.count ?? 0,
  };
  return {
    networkMode: r.string("NetworkMode") ?? "",
    binds: r.stringArray("Binds") ?? [],
    portBindings: portMap(r),
    publishAllPorts: r.bool("PublishAllPorts") ?? false,
    links: r.stringArray("Links") ?? [],
    dns: r.stringArray("Dns") ?? [],
    dnsSearch: r.stringArray("DnsSearch") ?? [],
    dnsOptions: r.stringArray("DnsOptions") ?? [],
    extraHosts: r.stringArray("ExtraHosts") ?? [],
    restartPolicy,
    autoRemove: r.bool("AutoRemove") ?? false,
    rawRestartName,
  };
}

const EMPTY_HOST_CONFIG: DecodedHostConfig = decodeHostConfig(
  new StructReader({}, "HostConfig", ["HostConfig"]),
);

function decodeEndpoints(r: StructReader, opts: EndpointDecodeOptions): Record<string, EndpointConfig> {
  const where = "NetworkingConfig.NetworkingConfig.EndpointsConfig";
  const v = r.raw("EndpointsConfig");
  if (v === undefined || v === null) return {};
  if (!isRecord(v)) throw typeError(where, v, "map[string]*network.EndpointSettings");
  const out: Record<string, EndpointConfig> = {};
  for (const [name, settings] of Object.entries(v)) {
    if (settings === null) throw invalidParameter(`invalid config for network ${name}: EndpointsConfig is nil`);
    if (!isRecord(settings)) throw typeError(where, settings, "network.EndpointSettings");
    out[name] = decodeEndpointSettings(new StructReader(settings, "EndpointSettings", ["NetworkingConfig", "EndpointsConfig"]), opts);
  }
  return out;
}

/** `""` and `default` become `bridge`, and so does a `default` key of EndpointsConfig. */
function normaliseDefaultNetwork(mode: string, endpoints: Record<string, EndpointConfig>): string {
  if (mode !== "" && mode !== "default") return mode;
  const ep = endpoints["default"];
  if (ep !== undefined) {
    endpoints["bridge"] = ep;
    delete endpoints["default"];
  }
  return "bridge";
}

/**
 * Decodes and validates a create body. `name` is the `name` query parameter ("" = generate).
 * Throws JsonTypeError for Go type errors (the caller maps it to 400) and InvalidParameter.
 */
export function decodeContainerCreate(body: unknown, apiVersion: string, name: string): CreateRequest {
  const top = topLevelObject(body, `runconfig.${WRAPPER}`);
  const keys = Object.keys(top).map((k) => k.toLowerCase());
  if (!CONFIG_FIELDS.some((f) => keys.includes(f.toLowerCase()))) {
    throw invalidParameter("config cannot be empty in order to create a container");
  }
  const r = new StructReader(top, WRAPPER);
  const { rawMac, ...config } = decodeConfig(r);
  const { rawRestartName, ...hostConfig } =
    r.struct("HostConfig", "HostConfig", "container.HostConfig", decodeHostConfig) ?? EMPTY_HOST_CONFIG;
  const opts: EndpointDecodeOptions = {
    honourMacAddress: versionAtLeast(apiVersion, "1.44"),
    honourGwPriority: versionAtLeast(apiVersion, "1.48"),
  };
  const endpoints = r.struct("NetworkingConfig", "NetworkingConfig", "network.NetworkingConfig", (n) => decodeEndpoints(n, opts)) ?? {};
  const networkMode = normaliseDefaultNetwork(hostConfig.networkMode, endpoints);
  // Below API 1.25 the client removes the container itself.
  const hc: HostConfigSpec = { ...hostConfig, networkMode, autoRemove: hostConfig.autoRemove && versionAtLeast(apiVersion, "1.25") };
  validateNetMode(config, hc, rawMac);
  if (versionLessThan(apiVersion, "1.44") && Object.keys(endpoints).length > 1) {
    throw invalidParameter(`Container cannot be created with multiple network endpoints: ${Object.keys(endpoints).sort().join(", ")}`);
  }
  const warning = handleMacAddressBC(rawMac, hc, endpoints, apiVersion);
  validateHostConfig(hc, rawRestartName); // the daemon's checks come after the router's
  const spec: ContainerCreateSpec = {
    ...(name !== "" ? { name } : {}),
    config: { ...config, macAddress: versionLessThan(apiVersion, "1.44") ? rawMac : "" },
    hostConfig: hc,
    endpoints,
  };
  return { spec, warnings: warning ? [warning] : [], containerMac: rawMac };
}
