/**
 * The optional engine services (containers, images, execs) and query helpers their routes
 * share. A service the engine does not provide answers 501 `not implemented`.
 */
import type { ContainerService, ExecService } from "../engine/container-contract.js";
import type { ImageService } from "../engine/image-contract.js";
import { invalidParameter, notImplemented } from "../lib/errors.js";
import type { RequestContext } from "./route.js";

export function containerService(ctx: RequestContext): ContainerService {
  const s = ctx.engine.containers;
  if (!s) throw notImplemented("not implemented");
  return s;
}

export function imageService(ctx: RequestContext): ImageService {
  const s = ctx.engine.images;
  if (!s) throw notImplemented("not implemented");
  return s;
}

export function execService(ctx: RequestContext): ExecService {
  const s = ctx.engine.execs;
  if (!s) throw notImplemented("not implemented");
  return s;
}

/** Go's strconv.Atoi with its error text (InvalidParameter). */
export function atoi(v: string): number {
  if (!/^[+-]?[0-9]+$/.test(v)) throw invalidParameter(`strconv.Atoi: parsing "${v}": invalid syntax`);
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw invalidParameter(`strconv.Atoi: parsing "${v}": value out of range`);
  return n;
}

/** An optional integer query parameter (absent or "" → undefined). */
export function intQuery(ctx: RequestContext, name: string): number | undefined {
  const v = ctx.query.get(name);
  return v === null || v === "" ? undefined : atoi(v);
}

/** httputils.BoolValue: anything but "", "0", "no", "false", "none" is true (no error). */
export function boolValue(ctx: RequestContext, name: string): boolean {
  const v = (ctx.query.get(name) ?? "").trim().toLowerCase();
  return !["", "0", "no", "false", "none"].includes(v);
}
