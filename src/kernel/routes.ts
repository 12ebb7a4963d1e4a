/**
 * Routes. For now only what IPAM needs: the on-link prefixes of a namespace, which a new
 * network's subnet must not overlap. Container default routes (add/replace/del) will join here.
 */
import { canonical, formatPrefix, parsePrefix, type Prefix } from "../lib/ip.js";
import type { Exec, Netns } from "./exec.js";
import { ipJson, jsonArray, jsonString, type JsonObject } from "./ip-batch.js";

const isLinkLocalOrMulticast6 = (p: Prefix): boolean => {
  const top16 = p.addr >> 112n;
  return (top16 & 0xffc0n) === 0xfe80n || (top16 & 0xff00n) === 0xff00n;
};

/** A route's destination as a canonical prefix; undefined for "default" or unreadable ones. */
function destination(route: JsonObject, family: 4 | 6): Prefix | undefined {
  const dst = jsonString(route, "dst");
  if (dst === undefined || dst === "default") return undefined;
  const p = parsePrefix(dst.includes("/") ? dst : `${dst}/${family === 4 ? 32 : 128}`);
  return p && p.family === family ? canonical(p) : undefined;
}

/** IPv6 has no route scopes: a route is on-link when it has no gateway. */
const viaGateway = (r: JsonObject): boolean => r["gateway"] !== undefined || r["nexthops"] !== undefined || r["via"] !== undefined;

/** Parses `ip -j -4 route show table main scope link type unicast`. */
export function parseOnLink4(json: unknown): string[] {
  return jsonArray(json, "route show").flatMap((r) => {
    const p = destination(r, 4);
    return p ? [formatPrefix(p)] : [];
  });
}

/** Parses `ip -j -6 route show table main type unicast`, keeping gateway-less, non-link-local routes. */
export function parseOnLink6(json: unknown): string[] {
  return jsonArray(json, "route show").flatMap((r) => {
    const p = destination(r, 6);
    return p && !viaGateway(r) && !isLinkLocalOrMulticast6(p) ? [formatPrefix(p)] : [];
  });
}

/** Destination prefixes of the namespace's on-link routes, IPv4 then IPv6, without duplicates. */
export async function readOnLinkRoutes(run: Exec, ns: Netns): Promise<string[]> {
  const [v4, v6] = await Promise.all([
    ipJson(run, ns, ["-4", "route", "show", "table", "main", "scope", "link", "type", "unicast"]),
    ipJson(run, ns, ["-6", "route", "show", "table", "main", "type", "unicast"]),
  ]);
  return [...new Set([...parseOnLink4(v4), ...parseOnLink6(v6)])];
}
