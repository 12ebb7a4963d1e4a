/**
 * Network routes (spec §1.4–§1.10). The engine does the semantics (lookup, conflicts,
 * kernel work); these handlers decode the wire, filter, and encode in Docker's shapes.
 */
import { notFound, notImplemented } from "../../lib/errors.js";
import { readJsonAs } from "../body.js";
import { decodeConnect, decodeDisconnect } from "../endpoint-codec.js";
import { Filters } from "../filters.js";
import { decodeNetworkCreate, encodeCreateResponse, encodeNetwork } from "../network-codec.js";
import { filterNetworks, pruneMatcher } from "../network-filters.js";
import { writeEmpty, writeJson } from "../respond.js";
import { boolQuery, pathParam, type RequestContext, type Route } from "../route.js";
import type { NetworkPruneResponseWire } from "../wire/network.js";

async function listNetworks(ctx: RequestContext): Promise<void> {
  const filters = Filters.parse(ctx.query.get("filters"));
  const shown = filterNetworks(await ctx.engine.networks.list(), filters);
  writeJson(ctx.res, 200, shown.map((d) => encodeNetwork(d, ctx.apiVersion, "list")));
}

async function inspectNetwork(ctx: RequestContext): Promise<void> {
  const ref = pathParam(ctx, "id");
  boolQuery(ctx, "verbose"); // only adds swarm detail; still validated
  const scope = ctx.query.get("scope") ?? "";
  const detail = await ctx.engine.networks.inspect(ref);
  if (scope !== "" && detail.network.scope !== scope) throw notFound(`network ${ref} not found`);
  writeJson(ctx.res, 200, encodeNetwork(detail, ctx.apiVersion, "inspect"));
}

/** Berth extension: GET /networks/{id}/rules -> {"Rules": [...]}, the nft lines Berth made for it. */
async function networkRules(ctx: RequestContext): Promise<void> {
  const ref = pathParam(ctx, "id");
  if (!ctx.engine.networks.rules) throw notImplemented("network rules are not available");
  writeJson(ctx.res, 200, { Rules: [...(await ctx.engine.networks.rules(ref))] });
}

async function createNetwork(ctx: RequestContext): Promise<void> {
  const spec = await readJsonAs(ctx.req, (body) => decodeNetworkCreate(body, ctx.apiVersion));
  const created = await ctx.engine.networks.create(spec);
  writeJson(ctx.res, 201, encodeCreateResponse(created));
}

async function removeNetwork(ctx: RequestContext): Promise<void> {
  await ctx.engine.networks.remove(pathParam(ctx, "id"));
  writeEmpty(ctx.res, 204);
}

async function connectNetwork(ctx: RequestContext): Promise<void> {
  const body = await readJsonAs(ctx.req, (v) => decodeConnect(v, ctx.apiVersion));
  await ctx.engine.networks.connect(pathParam(ctx, "id"), body.container, body.config);
  writeEmpty(ctx.res, 200);
}

async function disconnectNetwork(ctx: RequestContext): Promise<void> {
  const body = await readJsonAs(ctx.req, decodeDisconnect);
  await ctx.engine.networks.disconnect(pathParam(ctx, "id"), body.container, body.force);
  writeEmpty(ctx.res, 200);
}

async function pruneNetworks(ctx: RequestContext): Promise<void> {
  const match = pruneMatcher(Filters.parse(ctx.query.get("filters")));
  const deleted = await ctx.engine.networks.prune(match);
  const report: NetworkPruneResponseWire = { NetworksDeleted: deleted.length > 0 ? [...deleted] : null };
  writeJson(ctx.res, 200, report);
}

export function networkRoutes(): Route[] {
  return [
    { method: "GET", path: "/networks", handle: listNetworks },
    { method: "GET", path: "/networks/:id", handle: inspectNetwork },
    { method: "GET", path: "/networks/:id/rules", handle: networkRules },
    { method: "POST", path: "/networks/create", handle: createNetwork },
    { method: "POST", path: "/networks/prune", handle: pruneNetworks },
    { method: "POST", path: "/networks/:id/connect", handle: connectNetwork },
    { method: "POST", path: "/networks/:id/disconnect", handle: disconnectNetwork },
    { method: "DELETE", path: "/networks/:id", handle: removeNetwork },
  ];
}
