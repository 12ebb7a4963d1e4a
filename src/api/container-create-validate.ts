/**
 * The create-time checks dockerd makes before the daemon sees a container (runconfig's
 * validateNetMode, the router's handleMACAddressBC, and the pure parts of
 * verifyContainerSettings), with Docker's texts (spec §1.12). All are InvalidParameter (400).
 */
import { invalidParameter } from "../lib/errors.js";
import type { ContainerConfig, HostConfigSpec } from "../model/container.js";
import type { EndpointConfig } from "../model/endpoint.js";
import { emptyEndpointConfig } from "../model/endpoint.js";
import { versionLessThan } from "./version.js";

const PREDEFINED = ["bridge", "host", "none", "default"];

export const isContainerMode = (mode: string): boolean => mode.split(":")[0] === "container";
/** NetworkMode.IsUserDefined: not default/bridge/host/none/container:. */
export const isUserDefinedMode = (mode: string): boolean => mode !== "" && !PREDEFINED.includes(mode) && !isContainerMode(mode);

export const MAC_DEPRECATED_WARNING =
  "The container-wide MacAddress field is now deprecated. It should be specified in EndpointsConfig instead.";
const MAC_CONFLICT = "conflicting options: mac-address and the network mode";

/** runconfig.validateNetMode / validateNetContainerMode, in dockerd's order. */
export function validateNetMode(c: ContainerConfig, hc: HostConfigSpec, containerMac: string): void {
  const mode = hc.networkMode;
  const parts = mode.split(":");
  const container = parts[0] === "container";
  if (container && (parts.length < 2 || parts[1] === "")) {
    throw invalidParameter("invalid network mode: invalid container format container:<name|id>");
  }
  if (container) {
    if (c.hostname !== "") throw invalidParameter("conflicting options: hostname and the network mode");
    if (hc.links.length > 0) {
      throw invalidParameter("conflicting options: container type network can't be used with links. This would result in undefined behavior");
    }
    if (hc.dns.length > 0) throw invalidParameter("conflicting options: dns and the network mode");
    if (hc.extraHosts.length > 0) throw invalidParameter("conflicting options: custom host-to-IP mapping and the network mode");
  }
  if ((container || mode === "host") && containerMac !== "") throw invalidParameter(MAC_CONFLICT);
  if (container && (Object.keys(hc.portBindings).length > 0 || hc.publishAllPorts)) {
    throw invalidParameter("conflicting options: port publishing and the container type network mode");
  }
  if (container && c.exposedPorts.length > 0) {
    throw invalidParameter("conflicting options: port exposing and the container type network mode");
  }
  if (mode === "host" && hc.links.length > 0) {
    throw invalidParameter("conflicting options: host type networking can't be used with links. This would result in undefined behavior");
  }
}

/** A port or range "8000-8010" within 0..65535. */
function validPortRange(s: string): boolean {
  const m = /^([0-9]+)(?:-([0-9]+))?$/.exec(s);
  if (!m) return false;
  const start = Number(m[1]);
  const end = m[2] === undefined ? start : Number(m[2]);
  return start <= 65535 && end <= 65535 && end >= start;
}

function validatePorts(hc: HostConfigSpec): void {
  for (const [key, bindings] of Object.entries(hc.portBindings)) {
    const port = key.split("/")[0] ?? "";
    if (port !== "" && !(/^[0-9]+$/.test(port) && Number(port) <= 65535)) {
      throw invalidParameter(`invalid port specification: "${port}"`);
    }
    for (const b of bindings) {
      const hostPort = b.hostPort.split("/")[0] ?? "";
      if (hostPort !== "" && !validPortRange(hostPort)) throw invalidParameter(`invalid port specification: "${b.hostPort}"`);
    }
  }
}

/** daemon.validateRestartPolicy; `rawName` is the Name as sent ("" allowed for old clients). */
function validateRestartPolicy(rawName: string, count: number): void {
  switch (rawName) {
    case "always":
    case "unless-stopped":
    case "no":
      if (count !== 0) {
        const neg = count < 0 ? " and cannot be negative" : "";
        throw invalidParameter(`invalid restart policy: maximum retry count can only be used with 'on-failure'${neg}`);
      }
      return;
    case "on-failure":
      if (count < 0) throw invalidParameter("invalid restart policy: maximum retry count cannot be negative");
      return;
    case "":
      return;
    default:
      throw invalidParameter(
        `invalid restart policy: unknown policy '${rawName}'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'`,
      );
  }
}

/** The pure HostConfig checks of verifyContainerSettings. */
export function validateHostConfig(hc: HostConfigSpec, rawRestartName: string): void {
  validatePorts(hc);
  validateRestartPolicy(rawRestartName, hc.restartPolicy.maximumRetryCount);
  if (hc.autoRemove && hc.restartPolicy.name !== "no") {
    throw invalidParameter("can't create 'AutoRemove' container with restart policy");
  }
}

/**
 * The router's handleMACAddressBC: below 1.44 a container-wide MacAddress moves to the one
 * endpoint (only bridge and user networks may have one); from 1.44 it moves to the main
 * network's endpoint with a deprecation warning. Mutates `endpoints`; returns the warning or "".
 */
export function handleMacAddressBC(
  containerMac: string,
  hc: HostConfigSpec,
  endpoints: Record<string, EndpointConfig>,
  apiVersion: string,
): string {
  if (containerMac === "") return "";
  const mode = hc.networkMode;
  const mainNet = mode === "bridge" || isUserDefinedMode(mode);
  if (versionLessThan(apiVersion, "1.44")) {
    if (!mainNet) throw invalidParameter(MAC_CONFLICT);
    const keys = Object.keys(endpoints);
    if (keys.length === 0) endpoints[mode] = { ...emptyEndpointConfig, macAddress: containerMac };
    else for (const k of keys) endpoints[k] = { ...(endpoints[k] ?? emptyEndpointConfig), macAddress: containerMac };
    return "";
  }
  if (mainNet) {
    const ep = endpoints[mode];
    if (Object.keys(endpoints).length === 0) endpoints[mode] = { ...emptyEndpointConfig, macAddress: containerMac };
    else if (ep === undefined) {
      throw invalidParameter(
        "if a container-wide MAC address is supplied, HostConfig.NetworkMode must match the identity of a network in NetworkSettings.Networks",
      );
    } else if (ep.macAddress === undefined || ep.macAddress === "") endpoints[mode] = { ...ep, macAddress: containerMac };
    else if (ep.macAddress !== containerMac) {
      throw invalidParameter("the container-wide MAC address must match the endpoint-specific MAC address for the main network, or be left empty");
    }
  }
  return MAC_DEPRECATED_WARNING;
}
