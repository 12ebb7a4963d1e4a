/**
 * Image routes for local images (no registry): import (POST /images/create?fromSrc=-), load,
 * list, inspect, tag, remove. Names may contain slashes and colons, so `/images/*` routes
 * are dispatched on their suffix (`/json`, `/tag`) as Docker's `{name:.*}` patterns are.
 * Progress streams are JSON lines ending "\r\n" (streamformatter); nothing is written until
 * the work is done, so failures are ordinary error responses.
 */
import type { ServerResponse } from "node:http";
import { invalidParameter, notFound } from "../../lib/errors.js";
import { Filters } from "../filters.js";
import { parseImageChanges } from "../image-changes.js";
import { encodeImageInspect, encodeImageSummary, repoTagReference } from "../image-codec.js";
import { filterImages } from "../image-filters.js";
import { parseTimestamp } from "../../lib/time.js";
import { writeJson } from "../respond.js";
import { pathParam, type RequestContext, type Route } from "../route.js";
import { boolValue, imageService } from "../services.js";
import type { ImageDeleteItemWire, JsonMessageWire } from "../wire/image.js";

/** Writes a JSON message stream (each message as streamformatter does: JSON then "\r\n"). */
function writeJsonStream(res: ServerResponse, messages: readonly JsonMessageWire[]): void {
  res.statusCode = 200;
  res.setHeader("Content-Type", "application/json");
  res.end(messages.map((m) => JSON.stringify(m) + "\r\n").join(""));
}

/** `fromImage` would pull from a registry; Berth has none. */
function pullRefused(ctx: RequestContext): never {
  const image = ctx.query.get("fromImage") ?? "";
  const name = image.replace(/[:@].*$/, "").replace(/^(?:docker\.io\/)?(?:library\/)?/, "");
  if (name === "") throw invalidParameter("fromImage or fromSrc is required");
  throw notFound(`pull access denied for ${name}, repository does not exist or may require 'docker login'`);
}

async function createImage(ctx: RequestContext): Promise<void> {
  const svc = imageService(ctx);
  const fromSrc = ctx.query.get("fromSrc") ?? "";
  if (fromSrc === "") return pullRefused(ctx);
  if (fromSrc !== "-") throw invalidParameter("importing from a URL is not supported: send the tarball as the request body (fromSrc=-)");
  const repo = ctx.query.get("repo") ?? "";
  const repoTag = repo === "" ? undefined : repoTagReference(repo, ctx.query.get("tag") ?? "");
  const changes = parseImageChanges(ctx.query.getAll("changes"));
  const message = ctx.query.get("message") ?? "";
  const img = await svc.importRootfs(ctx.req, {
    changes,
    ...(repoTag !== undefined ? { repoTag } : {}),
    ...(message !== "" ? { message } : {}),
  });
  writeJsonStream(ctx.res, [{ status: img.id }]);
}

async function loadImages(ctx: RequestContext): Promise<void> {
  const lines = await imageService(ctx).load(ctx.req);
  writeJsonStream(
    ctx.res,
    lines.map((l) => ({ stream: l.endsWith("\n") ? l : `${l}\n` })),
  );
}

/** Creation time (ms) of the image a before/since filter names. */
async function refTime(ctx: RequestContext, f: Filters, key: string): Promise<number | undefined> {
  const ref = f.get(key)[0];
  if (ref === undefined) return undefined;
  const img = await imageService(ctx).inspect(ref);
  return parseTimestamp(img.created);
}

async function listImages(ctx: RequestContext): Promise<void> {
  const svc = imageService(ctx);
  const filters = Filters.parse(ctx.query.get("filters"));
  filters.validate(["before", "dangling", "label", "label!", "reference", "since", "until"]);
  const before = await refTime(ctx, filters, "before");
  const since = await refTime(ctx, filters, "since");
  const shown = filterImages(await svc.list(), filters, {
    ...(before !== undefined ? { before } : {}),
    ...(since !== undefined ? { since } : {}),
  });
  writeJson(ctx.res, 200, shown.map(encodeImageSummary));
}

async function tagImage(ctx: RequestContext, name: string): Promise<void> {
  const repo = ctx.query.get("repo") ?? "";
  if (repo === "") throw invalidParameter("repository name must have at least one component");
  const ref = repoTagReference(repo, ctx.query.get("tag") ?? "");
  if (ref.startsWith("sha256:")) throw invalidParameter("refusing to create an ambiguous tag using digest algorithm as name");
  await imageService(ctx).tag(name, ref);
  ctx.res.statusCode = 201;
  ctx.res.setHeader("Content-Length", 0);
  ctx.res.end();
}

/** `/images/<name>/<op>`: the name is everything before the last path segment. */
function splitNameOp(rest: string): [string, string] {
  const slash = rest.lastIndexOf("/");
  return slash < 0 ? [rest, ""] : [rest.slice(0, slash), rest.slice(slash + 1)];
}

async function getImage(ctx: RequestContext): Promise<void> {
  const [name, op] = splitNameOp(pathParam(ctx, "*"));
  if (op !== "json" || name === "") throw notFound("page not found");
  writeJson(ctx.res, 200, encodeImageInspect(await imageService(ctx).inspect(name)));
}

async function postImage(ctx: RequestContext): Promise<void> {
  const [name, op] = splitNameOp(pathParam(ctx, "*"));
  if (op !== "tag" || name === "") throw notFound("page not found");
  await tagImage(ctx, name);
}

async function deleteImage(ctx: RequestContext): Promise<void> {
  const name = pathParam(ctx, "*");
  const force = boolValue(ctx, "force");
  const items = await imageService(ctx).remove(name, { force });
  const wire: ImageDeleteItemWire[] = items.map((i) => ("Untagged" in i ? { Untagged: i.Untagged } : { Deleted: i.Deleted }));
  writeJson(ctx.res, 200, wire);
}

export function imageRoutes(): Route[] {
  return [
    { method: "GET", path: "/images/json", handle: listImages },
    { method: "POST", path: "/images/create", handle: createImage },
    { method: "POST", path: "/images/load", handle: loadImages },
    { method: "GET", path: "/images/*", handle: getImage },
    { method: "POST", path: "/images/*", handle: postImage },
    { method: "DELETE", path: "/images/*", handle: deleteImage },
  ];
}
