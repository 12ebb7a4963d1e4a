/**
 * Container <-> row. id, name, created and image_id are real columns (looked up, unique, or
 * checked by `rmi`); config, hostConfig, attachments, state and restartCount go into the JSON
 * `doc`. Encoding picks every field explicitly (nothing unexpected is persisted, absent
 * optional fields stay absent); decoding checks every field, so a damaged row is a System
 * error naming the container.
 */
import { messageOf, systemError } from "../lib/errors.js";
import type { ContainerId, NetworkId } from "../lib/ids.js";
import type {
  Attachment,
  Container,
  ContainerConfig,
  ContainerState,
  ContainerStatus,
  HostConfigSpec,
  PortBinding,
  RestartPolicy,
} from "../model/container.js";
import { decodeEndpointConfig, encodeEndpointConfig } from "./endpoint-codec.js";
import { asArray, asBool, asObject, asString, asStringArray, asStringMap, int, type Json } from "./json-read.js";

export interface ContainerRow {
  readonly id: string;
  readonly name: string;
  readonly created: string;
  readonly imageId: string;
  readonly doc: string;
}

export function encodeContainer(c: Container): ContainerRow {
  const doc = {
    config: encodeConfig(c.config),
    hostConfig: encodeHostConfig(c.hostConfig),
    attachments: c.attachments.map((a) => ({
      networkId: a.networkId,
      networkName: a.networkName,
      config: encodeEndpointConfig(a.config),
    })),
    state: encodeState(c.state),
    restartCount: int(c.restartCount, "restartCount"),
  };
  return { id: c.id, name: c.name, created: c.created, imageId: c.imageId, doc: JSON.stringify(doc) };
}

function encodeConfig(c: ContainerConfig): Json {
  return {
    hostname: c.hostname,
    domainname: c.domainname,
    user: c.user,
    env: [...c.env],
    cmd: [...c.cmd],
    entrypoint: c.entrypoint === null ? null : [...c.entrypoint],
    workingDir: c.workingDir,
    image: c.image,
    labels: c.labels,
    tty: c.tty,
    openStdin: c.openStdin,
    stdinOnce: c.stdinOnce,
    attachStdin: c.attachStdin,
    attachStdout: c.attachStdout,
    attachStderr: c.attachStderr,
    exposedPorts: [...c.exposedPorts],
    stopSignal: c.stopSignal,
    ...(c.stopTimeout !== undefined && { stopTimeout: int(c.stopTimeout, "stopTimeout") }),
    macAddress: c.macAddress,
  };
}

function encodeHostConfig(h: HostConfigSpec): Json {
  const bindings = Object.entries(h.portBindings).map(([port, list]) => [port, list.map(pickBinding)] as const);
  return {
    networkMode: h.networkMode,
    binds: [...h.binds],
    portBindings: Object.fromEntries(bindings),
    publishAllPorts: h.publishAllPorts,
    links: [...h.links],
    dns: [...h.dns],
    dnsSearch: [...h.dnsSearch],
    dnsOptions: [...h.dnsOptions],
    extraHosts: [...h.extraHosts],
    restartPolicy: {
      name: h.restartPolicy.name,
      maximumRetryCount: int(h.restartPolicy.maximumRetryCount, "maximumRetryCount"),
    },
    autoRemove: h.autoRemove,
  };
}

const pickBinding = (b: PortBinding): PortBinding => ({ hostIp: b.hostIp, hostPort: b.hostPort });

function encodeState(s: ContainerState): ContainerState {
  const { status, error, startedAt, finishedAt, oomKilled } = s;
  return { status, pid: int(s.pid, "state.pid"), exitCode: int(s.exitCode, "state.exitCode"), error, startedAt, finishedAt, oomKilled };
}

export function decodeContainer(row: ContainerRow): Container {
  try {
    const doc = asObject(JSON.parse(row.doc) as unknown, "doc");
    return {
      id: row.id as ContainerId,
      name: row.name,
      created: row.created,
      imageId: row.imageId,
      config: decodeConfig(asObject(doc["config"], "config")),
      hostConfig: decodeHostConfig(asObject(doc["hostConfig"], "hostConfig")),
      attachments: asArray(doc["attachments"], "attachments").map(decodeAttachment),
      state: decodeState(asObject(doc["state"], "state")),
      restartCount: int(doc["restartCount"], "restartCount"),
    };
  } catch (e) {
    throw systemError(`stored container ${row.id} is unreadable: ${messageOf(e)}`, e);
  }
}

function decodeConfig(o: Json): ContainerConfig {
  const str = (key: string): string => asString(o[key], `config.${key}`);
  const bool = (key: string): boolean => asBool(o[key], `config.${key}`);
  const entrypoint = o["entrypoint"];
  const stopTimeout = o["stopTimeout"];
  return {
    hostname: str("hostname"),
    domainname: str("domainname"),
    user: str("user"),
    env: asStringArray(o["env"], "config.env"),
    cmd: asStringArray(o["cmd"], "config.cmd"),
    entrypoint: entrypoint === null ? null : asStringArray(entrypoint, "config.entrypoint"),
    workingDir: str("workingDir"),
    image: str("image"),
    labels: asStringMap(o["labels"], "config.labels"),
    tty: bool("tty"),
    openStdin: bool("openStdin"),
    stdinOnce: bool("stdinOnce"),
    attachStdin: bool("attachStdin"),
    attachStdout: bool("attachStdout"),
    attachStderr: bool("attachStderr"),
    exposedPorts: asStringArray(o["exposedPorts"], "config.exposedPorts"),
    stopSignal: str("stopSignal"),
    ...(stopTimeout !== undefined && { stopTimeout: int(stopTimeout, "config.stopTimeout") }),
    macAddress: str("macAddress"),
  };
}

function decodeHostConfig(o: Json): HostConfigSpec {
  const strings = (key: string): string[] => asStringArray(o[key], `hostConfig.${key}`);
  const bindings = Object.entries(asObject(o["portBindings"], "hostConfig.portBindings")).map(
    ([port, list]) => [port, asArray(list, `portBindings.${port}`).map((b) => decodeBinding(b, port))] as const,
  );
  const policy = asObject(o["restartPolicy"], "hostConfig.restartPolicy");
  return {
    networkMode: asString(o["networkMode"], "hostConfig.networkMode"),
    binds: strings("binds"),
    portBindings: Object.fromEntries(bindings),
    publishAllPorts: asBool(o["publishAllPorts"], "hostConfig.publishAllPorts"),
    links: strings("links"),
    dns: strings("dns"),
    dnsSearch: strings("dnsSearch"),
    dnsOptions: strings("dnsOptions"),
    extraHosts: strings("extraHosts"),
    restartPolicy: {
      name: asPolicyName(policy["name"]),
      maximumRetryCount: int(policy["maximumRetryCount"], "restartPolicy.maximumRetryCount"),
    },
    autoRemove: asBool(o["autoRemove"], "hostConfig.autoRemove"),
  };
}

function decodeBinding(v: unknown, port: string): PortBinding {
  const o = asObject(v, `portBindings.${port}[]`);
  return { hostIp: asString(o["hostIp"], "hostIp"), hostPort: asString(o["hostPort"], "hostPort") };
}

function decodeAttachment(v: unknown, i: number): Attachment {
  const o = asObject(v, `attachments[${i}]`);
  return {
    networkId: asString(o["networkId"], `attachments[${i}].networkId`) as NetworkId,
    networkName: asString(o["networkName"], `attachments[${i}].networkName`),
    config: decodeEndpointConfig(o["config"], `attachments[${i}].config`),
  };
}

function decodeState(o: Json): ContainerState {
  const str = (key: string): string => asString(o[key], `state.${key}`);
  return {
    status: asStatus(o["status"]),
    pid: int(o["pid"], "state.pid"),
    exitCode: int(o["exitCode"], "state.exitCode"),
    error: str("error"),
    startedAt: str("startedAt"),
    finishedAt: str("finishedAt"),
    oomKilled: asBool(o["oomKilled"], "state.oomKilled"),
  };
}

const STATUSES: readonly ContainerStatus[] = ["created", "running", "paused", "restarting", "removing", "exited", "dead"];
const POLICIES: readonly RestartPolicy["name"][] = ["no", "always", "on-failure", "unless-stopped"];

function asStatus(v: unknown): ContainerStatus {
  const found = STATUSES.find((s) => s === v);
  if (found === undefined) throw new TypeError(`state.status ${JSON.stringify(v)} is not one of ${STATUSES.join(", ")}`);
  return found;
}

function asPolicyName(v: unknown): RestartPolicy["name"] {
  const found = POLICIES.find((p) => p === v);
  if (found === undefined) throw new TypeError(`restartPolicy.name ${JSON.stringify(v)} is not one of ${POLICIES.join(", ")}`);
  return found;
}
