/**
 * EndpointSettings.DNSNames and the version-dependent Aliases, as Docker computes them
 * (daemon/container_operations.go buildEndpointDNSNames; the container inspect route).
 *
 * - DNSNames (API 1.44+): on a user-defined network, [container name, aliases..., short id,
 *   hostname] with duplicates removed (first occurrence kept; empty parts skipped). The first
 *   entry is the PTR name. On bridge/host/none: null.
 * - Aliases: stored and shown as given (null when none). Below API 1.45, on user-defined
 *   networks, inspect shows Dedup(aliases + [short id, hostname]).
 */
import { shortId } from "../../lib/ids.js";

/** Docker's NetworkMode.IsUserDefined for a network name (the Networks key). */
export function isUserDefinedNetwork(networkName: string): boolean {
  if (["default", "bridge", "host", "none"].includes(networkName)) return false;
  return !networkName.startsWith("container:");
}

/** Order-preserving de-duplication (Docker's sliceutil.Dedup). */
export function dedup(values: readonly string[]): string[] {
  return [...new Set(values)];
}

export interface DnsNamesInput {
  readonly networkName: string;
  /** With or without the leading "/". */
  readonly containerName: string;
  readonly aliases: readonly string[];
  readonly containerId: string;
  readonly hostname: string;
}

export function endpointDnsNames(input: DnsNamesInput): string[] | null {
  if (!isUserDefinedNetwork(input.networkName)) return null;
  const names: string[] = [];
  if (input.containerName !== "") names.push(input.containerName.replace(/^\//, ""));
  names.push(...input.aliases);
  if (input.containerId !== "") names.push(shortId(input.containerId));
  if (input.hostname !== "") names.push(input.hostname);
  return dedup(names);
}

/** Compares Docker API versions ("1.44" < "1.45" < "1.100"). */
export function compareApiVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

export interface InspectAliasesInput {
  readonly networkName: string;
  /** As stored (null when the client gave none). */
  readonly aliases: readonly string[] | null;
  readonly containerId: string;
  readonly hostname: string;
  /** The negotiated API version of the request, e.g. "1.44". */
  readonly apiVersion: string;
}

/** EndpointSettings.Aliases as `GET /containers/{id}/json` returns it for that API version. */
export function inspectAliases(input: InspectAliasesInput): string[] | null {
  const stored = input.aliases === null ? null : [...input.aliases];
  if (compareApiVersions(input.apiVersion, "1.45") >= 0 || !isUserDefinedNetwork(input.networkName)) return stored;
  return dedup([...(stored ?? []), shortId(input.containerId), input.hostname]);
}
