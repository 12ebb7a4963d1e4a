/**
 * The bridge driver's options (`-o key=value`, spec §2.3) parsed into a typed config.
 * Errors use Docker's texts: `failed to parse <key> value: <v> (<reason>)` (400).
 */
import { invalidParameter } from "../../lib/errors.js";
import { parseAddr } from "../../lib/ip.js";
import { BridgeOpt } from "../../model/network.js";

export type GatewayMode = "nat" | "nat-unprotected" | "routed" | "isolated";

export interface BridgeConfig {
  readonly bridgeName: string;
  readonly icc: boolean;
  readonly masquerade: boolean;
  /** Default host address for published ports ("" = all addresses). */
  readonly hostBindingIpv4: string;
  readonly gatewayMode4: GatewayMode;
  readonly gatewayMode6: GatewayMode;
  readonly inhibitIpv4: boolean;
  /** 0 = kernel default (1500). */
  readonly mtu: number;
  readonly containerIfacePrefix: string;
  readonly snat4?: string;
  readonly snat6?: string;
  readonly defaultBridge: boolean;
  readonly trustedHostInterfaces: readonly string[];
}

/** Linux IFNAMSIZ - 1. */
export const MAX_IFNAME = 15;
const MTU_MIN = 68;
const MTU_MAX = 65535;

/** Go's strconv.ParseBool. */
export function parseGoBool(v: string): boolean | undefined {
  if (["1", "t", "T", "TRUE", "true", "True"].includes(v)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(v)) return false;
  return undefined;
}

function boolOpt(opts: Readonly<Record<string, string>>, key: string, dflt: boolean): boolean {
  const v = opts[key];
  if (v === undefined) return dflt;
  const b = parseGoBool(v);
  if (b === undefined) throw invalidParameter(`failed to parse ${key} value: ${v} (strconv.ParseBool: parsing ${JSON.stringify(v)}: invalid syntax)`);
  return b;
}

function gatewayMode(opts: Readonly<Record<string, string>>, key: string): GatewayMode {
  const v = opts[key];
  if (v === undefined || v === "") return "nat";
  if (v === "nat" || v === "nat-unprotected" || v === "routed" || v === "isolated") return v;
  throw invalidParameter(`failed to parse ${key} value: ${v} (unknown gateway mode ${v})`);
}

function addrOpt(opts: Readonly<Record<string, string>>, key: string, family?: 4 | 6): string | undefined {
  const v = opts[key];
  if (v === undefined || v === "") return undefined;
  const a = parseAddr(v);
  if (!a || (family !== undefined && a.family !== family)) {
    throw invalidParameter(`failed to parse ${key} value: ${v} (invalid IP address)`);
  }
  return v;
}

export function validateBridgeName(name: string): void {
  if (name.length > MAX_IFNAME) {
    throw invalidParameter(`invalid bridge name ${JSON.stringify(name)}: a Linux interface name has at most ${MAX_IFNAME} characters`);
  }
  if (!/^[A-Za-z0-9_.-]+$/.test(name) || name === "." || name === "..") {
    throw invalidParameter(`invalid bridge name ${JSON.stringify(name)}: use letters, digits, '.', '-' and '_'`);
  }
}

function mtuOpt(opts: Readonly<Record<string, string>>): number {
  const v = opts[BridgeOpt.mtu];
  if (v === undefined || v === "") return 0;
  if (!/^-?\d+$/.test(v)) {
    throw invalidParameter(`failed to parse ${BridgeOpt.mtu} value: ${v} (strconv.Atoi: parsing ${JSON.stringify(v)}: invalid syntax)`);
  }
  const n = Number(v);
  if (n === 0) return 0;
  if (n < MTU_MIN || n > MTU_MAX) throw invalidParameter(`invalid MTU number: ${v} (must be between ${MTU_MIN} and ${MTU_MAX})`);
  return n;
}

/** Parses the options of a bridge network whose id is `networkId`. */
export function parseBridgeOptions(networkId: string, opts: Readonly<Record<string, string>>): BridgeConfig {
  const bridgeName = opts[BridgeOpt.name] || `br-${networkId.slice(0, 12)}`;
  validateBridgeName(bridgeName);
  const hostBindingIpv4 = addrOpt(opts, BridgeOpt.hostBindingIpv4) ?? "";
  const snat4 = addrOpt(opts, BridgeOpt.hostIpv4, 4);
  const snat6 = addrOpt(opts, BridgeOpt.hostIpv6, 6);
  const trusted = opts[BridgeOpt.trustedHostInterfaces];
  return {
    bridgeName,
    icc: boolOpt(opts, BridgeOpt.enableIcc, true),
    masquerade: boolOpt(opts, BridgeOpt.enableIpMasquerade, true),
    hostBindingIpv4,
    gatewayMode4: gatewayMode(opts, BridgeOpt.gatewayModeIpv4),
    gatewayMode6: gatewayMode(opts, BridgeOpt.gatewayModeIpv6),
    inhibitIpv4: boolOpt(opts, BridgeOpt.inhibitIpv4, false),
    mtu: mtuOpt(opts),
    containerIfacePrefix: opts[BridgeOpt.containerIfacePrefix] || "eth",
    ...(snat4 ? { snat4 } : {}),
    ...(snat6 ? { snat6 } : {}),
    defaultBridge: boolOpt(opts, BridgeOpt.defaultBridge, false),
    trustedHostInterfaces: trusted ? trusted.split(":").filter((s) => s !== "") : [],
  };
}
