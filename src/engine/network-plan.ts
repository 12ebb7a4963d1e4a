/**
 * Turns a validated create request into the Network record to realise, checking Docker's
 * rules in Docker's order (spec §1.6): predefined name, duplicate, config-only rules,
 * IPAM validation, driver options, pool allocation, driver limits.
 */
import { conflict, forbidden, invalidParameter, notFound } from "../lib/errors.js";
import type { NetworkId } from "../lib/ids.js";
import { nowRfc3339Nano } from "../lib/time.js";
import type { AddressPool } from "../ipam/index.js";
import { planPools, validateIpamRequest } from "../ipam/index.js";
import type { IpamPool, IpamPoolRequest, Network, NetworkCreateSpec } from "../model/network.js";
import { BridgeOpt, PREDEFINED_NETWORK_NAMES } from "../model/network.js";
import type { DriverRegistry } from "../network/registry.js";
import { parseGoBool } from "../network/bridge/options.js";

export interface PlanContext {
  readonly existing: readonly Network[];
  readonly drivers: DriverRegistry;
  /** Host prefixes that auto-picked subnets must avoid (on-link routes, nameservers). */
  readonly reserved: readonly string[];
  readonly pools4: readonly AddressPool[];
  readonly pools6: readonly AddressPool[];
}

const toRequest = (p: IpamPool): IpamPoolRequest => ({
  subnet: p.subnet,
  ...(p.ipRange ? { ipRange: p.ipRange } : {}),
  ...(p.gateway ? { gateway: p.gateway } : {}),
  auxAddresses: p.auxAddresses,
});

function ipv6Flag(spec: NetworkCreateSpec): boolean {
  const opt = spec.options[BridgeOpt.enableIpv6];
  if (opt !== undefined) {
    const b = parseGoBool(opt);
    if (b === undefined) throw invalidParameter(`driver-opt "${BridgeOpt.enableIpv6}" is not a valid bool`);
    if (spec.enableIPv6 === undefined) return b;
  }
  return spec.enableIPv6 ?? false;
}

function ipv4Flag(spec: NetworkCreateSpec): boolean {
  const opt = spec.options[BridgeOpt.enableIpv4];
  if (opt !== undefined && spec.enableIPv4 === undefined) {
    const b = parseGoBool(opt);
    if (b === undefined) throw invalidParameter(`driver-opt "${BridgeOpt.enableIpv4}" is not a valid bool`);
    return b;
  }
  return spec.enableIPv4 ?? true;
}

/** Applies ConfigFrom: the new network takes IPAM and options from a config-only network. */
function resolveConfigFrom(spec: NetworkCreateSpec, existing: readonly Network[]): NetworkCreateSpec {
  if (spec.configOnly) {
    if (spec.ingress || spec.internal || spec.attachable || (spec.scope !== undefined && spec.scope !== "" && spec.scope !== "local")) {
      throw forbidden(
        "configuration network can only contain network specific fields. Network operator fields like [ ingress | internal | attachable | scope ] are not supported.",
      );
    }
    if (spec.configFrom) throw forbidden("a configuration network cannot depend on another configuration network");
    return spec;
  }
  if (!spec.configFrom) return spec;
  const source = existing.find((n) => n.name === spec.configFrom || n.id === spec.configFrom);
  if (!source || !source.configOnly) throw notFound(`configuration network "${spec.configFrom}" does not exist`);
  if (spec.ipam.config.length > 0 || Object.keys(spec.ipam.options).length > 0) {
    throw forbidden("user-specified configurations are not supported if the network depends on a configuration network");
  }
  if (Object.keys(spec.options).length > 0) {
    throw forbidden("network driver options are not supported if the network depends on a configuration network");
  }
  return {
    ...spec,
    ipam: { driver: source.ipam.driver, options: source.ipam.options ?? {}, config: (source.ipam.config ?? []).map(toRequest) },
    options: source.options,
    ...(source.enableIPv6 ? { enableIPv6: true } : {}),
  };
}

function checkScope(spec: NetworkCreateSpec): void {
  if (spec.scope === "swarm") throw forbidden("cannot create a swarm scoped network when swarm is not active");
  if (spec.ingress) throw forbidden("Ingress network can only be global scope network");
  if (spec.scope !== undefined && spec.scope !== "" && spec.scope !== "local") {
    throw forbidden(`cannot create a ${spec.scope} scoped network when swarm is not active`);
  }
}

export function planNetwork(spec0: NetworkCreateSpec, id: NetworkId, ctx: PlanContext): Network {
  const name = spec0.name;
  if (PREDEFINED_NETWORK_NAMES.includes(name)) throw forbidden(`operation is not permitted on predefined ${name} network `);
  if (ctx.existing.some((n) => n.name === name)) throw conflict(`network with name ${name} already exists`);
  checkScope(spec0);
  const spec = resolveConfigFrom(spec0, ctx.existing);
  const enableIPv4 = ipv4Flag(spec);
  const enableIPv6 = ipv6Flag(spec);
  if (!enableIPv4 && !enableIPv6) throw invalidParameter("IPv4 or IPv6 must be enabled");
  if (spec.ipam.driver !== "default" && spec.ipam.driver !== "") throw notFound(`plugin "${spec.ipam.driver}" not found`);
  const driverName = spec.configOnly ? "null" : spec.driver || "bridge";
  const driver = ctx.drivers.get(driverName);
  validateIpamRequest(spec.ipam.config, enableIPv6);
  if (!spec.configOnly) driver.validate(spec, id, ctx.existing);

  let config: IpamPool[] | null = null;
  if (spec.configOnly) {
    config = spec.ipam.config.map((r) => ({
      subnet: r.subnet ?? "",
      ...(r.ipRange ? { ipRange: r.ipRange } : {}),
      ...(r.gateway ? { gateway: r.gateway } : {}),
      auxAddresses: r.auxAddresses ?? {},
    }));
  } else if (driver.usesIpam) {
    const taken = ctx.existing.filter((n) => !n.configOnly).flatMap((n) => (n.ipam.config ?? []).map((p) => p.subnet));
    config = planPools({
      requests: spec.ipam.config,
      enableIPv4,
      enableIPv6,
      taken,
      reserved: ctx.reserved,
      pools4: ctx.pools4,
      pools6: ctx.pools6,
    });
  } else {
    config = [];
  }
  const network: Network = {
    id,
    name,
    created: nowRfc3339Nano(),
    scope: "local",
    driver: driverName,
    enableIPv4,
    enableIPv6,
    ipam: { driver: spec.ipam.driver || "default", options: spec.ipam.options, config },
    internal: spec.internal,
    attachable: spec.attachable,
    ingress: false,
    configFrom: spec0.configFrom,
    configOnly: spec.configOnly,
    options: spec.options,
    labels: spec.labels,
    predefined: false,
  };
  if (!spec.configOnly) driver.validatePlanned(network, ctx.existing);
  return network;
}
