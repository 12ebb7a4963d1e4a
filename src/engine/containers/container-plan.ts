/**
 * Turns a decoded create request into the Container record (spec §1.12): the network mode
 * resolved (default -> bridge, container:<x> -> full id), the attachments in order, and
 * Docker's conflict checks, all before anything is stored or made.
 */
import { invalidParameter, isBerthError } from "../../lib/errors.js";
import type { ContainerId, NetworkId } from "../../lib/ids.js";
import { parseAddr } from "../../lib/ip.js";
import { nowRfc3339Nano } from "../../lib/time.js";
import type { Attachment, Container, ContainerCreateSpec } from "../../model/container.js";
import { ZERO_TIME } from "../../model/container.js";
import type { EndpointConfig } from "../../model/endpoint.js";
import { emptyEndpointConfig } from "../../model/endpoint.js";
import type { Network } from "../../model/network.js";
import { findNetwork } from "../network-lookup.js";
import { findContainer } from "./container-lookup.js";

export interface PlanInput {
  readonly id: ContainerId;
  readonly name: string;
  readonly imageId: string;
  readonly spec: ContainerCreateSpec;
  readonly networks: readonly Network[];
  readonly containers: readonly Container[];
}

const isUserNetwork = (n: Network): boolean => !n.predefined;

function checkContainerMode(spec: ContainerCreateSpec): void {
  const hc = spec.hostConfig;
  const c = spec.config;
  if (c.hostname !== "") throw invalidParameter("conflicting options: hostname and the network mode");
  if (hc.dns.length > 0) throw invalidParameter("conflicting options: dns and the network mode");
  if (hc.extraHosts.length > 0) throw invalidParameter("conflicting options: custom host-to-IP mapping and the network mode");
  if (Object.keys(hc.portBindings).length > 0 || hc.publishAllPorts) {
    throw invalidParameter("conflicting options: port publishing and the container type network mode");
  }
  if (c.exposedPorts.length > 0) throw invalidParameter("conflicting options: port exposing and the container type network mode");
  if (hc.links.length > 0) {
    throw invalidParameter("conflicting options: container type network can't be used with links. This would result in undefined behavior");
  }
}

export function checkEndpointConfig(net: Network, cfg: EndpointConfig): void {
  if (cfg.ipv4Address && parseAddr(cfg.ipv4Address)?.family !== 4) throw invalidParameter(`invalid IPv4 address: ${cfg.ipv4Address}`);
  if (cfg.ipv6Address && parseAddr(cfg.ipv6Address)?.family !== 6) throw invalidParameter(`invalid IPv6 address: ${cfg.ipv6Address}`);
  if ((cfg.ipv4Address || cfg.ipv6Address) && isUserNetwork(net) && (net.ipam.config ?? []).every((p) => p.auto === true)) {
    throw invalidParameter("user specified IP address is supported only when connecting to networks with user configured subnets");
  }
  if (!isUserNetwork(net)) {
    if (cfg.ipv4Address || cfg.ipv6Address) {
      throw invalidParameter("invalid endpoint settings:\nuser specified IP address is supported on user defined networks only");
    }
    if (cfg.aliases.length > 0) throw invalidParameter("network-scoped aliases are only supported for user-defined networks");
  }
}

/** Resolves NetworkMode into "bridge" | "host" | "none" | "container:<id>" | a user network. */
export function resolveNetworkMode(spec: ContainerCreateSpec, containers: readonly Container[]): string {
  const mode = spec.hostConfig.networkMode === "" || spec.hostConfig.networkMode === "default" ? "bridge" : spec.hostConfig.networkMode;
  if (mode.startsWith("container:") || mode === "container") {
    const ref = mode.slice("container:".length);
    if (mode === "container" || ref === "") throw invalidParameter("invalid network mode: invalid container format container:<name|id>");
    checkContainerMode(spec);
    return `container:${findContainer(containers, ref).id}`;
  }
  if (mode === "host" && spec.hostConfig.links.length > 0) {
    throw invalidParameter("conflicting options: host type networking can't be used with links. This would result in undefined behavior");
  }
  return mode;
}

export function planAttachments(mode: string, spec: ContainerCreateSpec, networks: readonly Network[]): Attachment[] {
  if (mode.startsWith("container:")) return [];
  const refs = Object.keys(spec.endpoints).map((k) => (k === "default" ? "bridge" : k));
  const ordered = refs.includes(mode) ? [mode, ...refs.filter((r) => r !== mode)] : [mode, ...refs];
  const out: Attachment[] = [];
  for (const ref of ordered) {
    let net: Network;
    try {
      net = findNetwork(networks, ref);
    } catch (e) {
      // As dockerd: a network that does not exist (yet) is recorded; the start reports it.
      if (!isBerthError(e, "NotFound")) throw e;
      const cfg = spec.endpoints[ref] ?? emptyEndpointConfig;
      out.push({ networkId: "" as NetworkId, networkName: ref, config: cfg });
      continue;
    }
    if (out.some((a) => a.networkId === net.id)) continue;
    const cfg = spec.endpoints[ref] ?? (ref === "bridge" ? spec.endpoints["default"] : undefined) ?? emptyEndpointConfig;
    checkEndpointConfig(net, cfg);
    out.push({ networkId: net.id, networkName: net.name, config: cfg });
  }
  const special = out.filter((a) => a.networkName === "none" || a.networkName === "host");
  if (special.length > 0 && out.length > 1) {
    if (special.some((a) => a.networkName === "none")) {
      throw invalidParameter("container cannot be connected to multiple networks with one of the networks in private (none) mode");
    }
    throw invalidParameter("container sharing network namespace with another container or host cannot be connected to any other network");
  }
  return out;
}

export function planContainer(input: PlanInput): Container {
  const { spec } = input;
  const mode = resolveNetworkMode(spec, input.containers);
  const attachments = planAttachments(mode, spec, input.networks);
  return {
    id: input.id,
    name: input.name,
    created: nowRfc3339Nano(),
    imageId: input.imageId,
    config: spec.config,
    hostConfig: { ...spec.hostConfig, networkMode: mode },
    attachments,
    state: { status: "created", pid: 0, exitCode: 0, error: "", startedAt: ZERO_TIME, finishedAt: ZERO_TIME, oomKilled: false },
    restartCount: 0,
  };
}
