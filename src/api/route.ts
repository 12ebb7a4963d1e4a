/** What a route handler receives and how routes are declared. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Engine } from "../engine/engine.js";
import { invalidParameter } from "../lib/errors.js";

export type RouteMethod = "GET" | "HEAD" | "POST" | "PUT" | "DELETE" | "OPTIONS";

export interface RequestContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** Path parameters (find-my-way decodes them). */
  readonly params: Readonly<Record<string, string | undefined>>;
  readonly query: URLSearchParams;
  /** The API version the request is served at: its path version, else the maximum. */
  readonly apiVersion: string;
  readonly engine: Engine;
}

export type RouteHandler = (ctx: RequestContext) => Promise<void> | void;

export interface Route {
  readonly method: RouteMethod | readonly RouteMethod[];
  /** find-my-way syntax, without the `/vX.Y` prefix, e.g. `/networks/:id/connect`. */
  readonly path: string;
  readonly handle: RouteHandler;
}

/** A path parameter that the route pattern guarantees. */
export function pathParam(ctx: RequestContext, name: string): string {
  return ctx.params[name] ?? "";
}

/** Go's strconv.ParseBool. */
export function parseGoBool(v: string): boolean | undefined {
  if (["1", "t", "T", "TRUE", "true", "True"].includes(v)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(v)) return false;
  return undefined;
}

/** An optional boolean query parameter, with dockerd's error for a bad value. */
export function boolQuery(ctx: RequestContext, name: string): boolean {
  const v = ctx.query.get(name);
  if (v === null || v === "") return false;
  const b = parseGoBool(v);
  if (b === undefined) {
    throw invalidParameter(`invalid value for ${name}: ${v}: strconv.ParseBool: parsing "${v}": invalid syntax`);
  }
  return b;
}
