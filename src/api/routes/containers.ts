/**
 * Container routes (spec §1.12): create, list, inspect and the lifecycle verbs. The engine
 * does the semantics; these decode the wire, check what dockerd checks in its router, and
 * encode Docker's shapes. Streams (wait, logs, attach) are in container-streams.ts.
 */
import type { ContainerService } from "../../engine/container-contract.js";
import { invalidParameter } from "../../lib/errors.js";
import { decodeJson, readJsonBody, readRawBody } from "../body.js";
import { encodeContainerInspect, encodeContainerSummary } from "../container-codec.js";
import { decodeContainerCreate } from "../container-create-decode.js";
import { containerPruneMatcher, filterContainers } from "../container-filters.js";
import { Filters } from "../filters.js";
import { writeEmpty, writeJson } from "../respond.js";
import { pathParam, type RequestContext, type Route } from "../route.js";
import { boolValue, containerService, intQuery } from "../services.js";
import { versionAtLeast } from "../version.js";
import type { ContainerCreateResponseWire, ContainerPruneResponseWire } from "../wire/container.js";
import { containerStreamRoutes } from "./container-streams.js";

const RUNNING = ["running", "paused", "restarting"];

async function isRunning(svc: ContainerService, ref: string): Promise<boolean> {
  return RUNNING.includes((await svc.inspect(ref)).container.state.status);
}

async function createContainer(ctx: RequestContext): Promise<void> {
  const svc = containerService(ctx);
  const body = await readJsonBody(ctx.req);
  const req = decodeJson(body, (v) => decodeContainerCreate(v, ctx.apiVersion, ctx.query.get("name") ?? ""));
  const created = await svc.create(req.spec);
  const wire: ContainerCreateResponseWire = { Id: created.id, Warnings: [...created.warnings, ...req.warnings] };
  writeJson(ctx.res, 201, wire);
}

/** Image ids the `ancestor` filter values name (unknown images are skipped, as dockerd does). */
async function ancestorIds(ctx: RequestContext, f: Filters, all: Awaited<ReturnType<ContainerService["list"]>>): Promise<Set<string> | undefined> {
  const refs = f.get("ancestor");
  if (refs.length === 0) return undefined;
  const ids = new Set<string>();
  for (const ref of refs) {
    const img = await ctx.engine.images?.inspect(ref).catch(() => undefined);
    if (img) ids.add(img.id);
    for (const d of all) if (d.container.config.image === ref || d.container.imageId === ref) ids.add(d.container.imageId);
  }
  return ids;
}

async function listContainers(ctx: RequestContext): Promise<void> {
  const svc = containerService(ctx);
  const filters = Filters.parse(ctx.query.get("filters"));
  const all = boolValue(ctx, "all");
  const limit = intQuery(ctx, "limit") ?? -1;
  const every = await svc.list(true);
  const ancestors = await ancestorIds(ctx, filters, every);
  const shown = filterContainers(every, { all, limit, filters, ...(ancestors ? { ancestorIds: ancestors } : {}) });
  const containers = every.map((d) => d.container);
  const now = Date.now();
  writeJson(ctx.res, 200, shown.map((d) => encodeContainerSummary(d, containers, now, ctx.apiVersion)));
}

async function inspectContainer(ctx: RequestContext): Promise<void> {
  const detail = await containerService(ctx).inspect(pathParam(ctx, "id"));
  writeJson(ctx.res, 200, encodeContainerInspect(detail, { apiVersion: ctx.apiVersion, runtime: ctx.engine.facts().defaultRuntime }));
}

async function startContainer(ctx: RequestContext): Promise<void> {
  const svc = containerService(ctx);
  const body = await readRawBody(ctx.req);
  // A JSON object worth sending is at least 7 bytes; dockerd refuses start-time HostConfig.
  if (body.length > 7) {
    throw invalidParameter("starting container with non-empty request body was deprecated since API v1.22 and removed in v1.24");
  }
  const ref = pathParam(ctx, "id");
  if (await isRunning(svc, ref)) return writeEmpty(ctx.res, 304);
  await svc.start(ref);
  writeEmpty(ctx.res, 204);
}

function stopOptions(ctx: RequestContext): { timeoutSec?: number; signal?: string } {
  const t = intQuery(ctx, "t");
  const signal = versionAtLeast(ctx.apiVersion, "1.42") ? (ctx.query.get("signal") ?? "") : "";
  return { ...(t !== undefined ? { timeoutSec: t } : {}), ...(signal !== "" ? { signal } : {}) };
}

async function stopContainer(ctx: RequestContext): Promise<void> {
  const svc = containerService(ctx);
  const ref = pathParam(ctx, "id");
  const opts = stopOptions(ctx);
  if (!(await isRunning(svc, ref))) return writeEmpty(ctx.res, 304);
  await svc.stop(ref, opts);
  writeEmpty(ctx.res, 204);
}

async function restartContainer(ctx: RequestContext): Promise<void> {
  const svc = containerService(ctx);
  await svc.restart(pathParam(ctx, "id"), stopOptions(ctx));
  writeEmpty(ctx.res, 204);
}

async function killContainer(ctx: RequestContext): Promise<void> {
  await containerService(ctx).kill(pathParam(ctx, "id"), ctx.query.get("signal") ?? "");
  writeEmpty(ctx.res, 204);
}

async function removeContainer(ctx: RequestContext): Promise<void> {
  const opts = { force: boolValue(ctx, "force"), volumes: boolValue(ctx, "v"), link: boolValue(ctx, "link") };
  await containerService(ctx).remove(pathParam(ctx, "id"), opts);
  writeEmpty(ctx.res, 204);
}

async function renameContainer(ctx: RequestContext): Promise<void> {
  await containerService(ctx).rename(pathParam(ctx, "id"), ctx.query.get("name") ?? "");
  writeEmpty(ctx.res, 204);
}

async function pruneContainers(ctx: RequestContext): Promise<void> {
  const match = containerPruneMatcher(Filters.parse(ctx.query.get("filters")));
  const { deleted } = await containerService(ctx).prune(match);
  const report: ContainerPruneResponseWire = { ContainersDeleted: deleted.length > 0 ? [...deleted] : null, SpaceReclaimed: 0 };
  writeJson(ctx.res, 200, report);
}

/** h and w as dockerd reads them (strconv.Atoi). */
export function resizeQuery(ctx: RequestContext): { height: number; width: number } {
  const height = intQuery(ctx, "h") ?? Number.NaN;
  const width = intQuery(ctx, "w") ?? Number.NaN;
  if (Number.isNaN(height)) throw invalidParameter(`strconv.Atoi: parsing "": invalid syntax`);
  if (Number.isNaN(width)) throw invalidParameter(`strconv.Atoi: parsing "": invalid syntax`);
  return { height, width };
}

async function resizeContainer(ctx: RequestContext): Promise<void> {
  const { height, width } = resizeQuery(ctx);
  await containerService(ctx).resize(pathParam(ctx, "id"), height, width);
  writeEmpty(ctx.res, 200);
}

export function containerRoutes(): Route[] {
  return [
    { method: "POST", path: "/containers/create", handle: createContainer },
    { method: "GET", path: "/containers/json", handle: listContainers },
    { method: "POST", path: "/containers/prune", handle: pruneContainers },
    { method: "GET", path: "/containers/:id/json", handle: inspectContainer },
    { method: "POST", path: "/containers/:id/start", handle: startContainer },
    { method: "POST", path: "/containers/:id/stop", handle: stopContainer },
    { method: "POST", path: "/containers/:id/restart", handle: restartContainer },
    { method: "POST", path: "/containers/:id/kill", handle: killContainer },
    { method: "POST", path: "/containers/:id/rename", handle: renameContainer },
    { method: "POST", path: "/containers/:id/resize", handle: resizeContainer },
    { method: "DELETE", path: "/containers/:id", handle: removeContainer },
    ...containerStreamRoutes(),
  ];
}
