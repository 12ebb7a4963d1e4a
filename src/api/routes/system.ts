/** System routes (spec §1.1): /_ping, /version, /info, and CORS-style OPTIONS. */
import { writeEmpty, writeJson } from "../respond.js";
import type { RequestContext, Route } from "../route.js";
import { API_VERSION, MIN_API_VERSION } from "../version.js";
import type { VersionWire } from "../wire/system.js";
import { buildInfo } from "./system-info.js";

/** What Berth runs on, in the slot where Docker reports its Go version. */
const RUNTIME_VERSION = `node ${process.version}`;

function ping(ctx: RequestContext): void {
  const { res } = ctx;
  res.setHeader("Cache-Control", "no-cache, no-store, must-revalidate");
  res.setHeader("Pragma", "no-cache");
  res.setHeader("Swarm", "inactive");
  res.setHeader("Content-Type", "text/plain; charset=utf-8");
  res.statusCode = 200;
  if (ctx.req.method === "HEAD") {
    res.setHeader("Content-Length", "0");
    res.end();
    return;
  }
  res.setHeader("Content-Length", "2");
  res.end("OK");
}

/** GET /version: Docker's types.Version, with Berth named honestly. */
export function buildVersion(ctx: Pick<RequestContext, "engine">): VersionWire {
  const f = ctx.engine.facts();
  const details: Record<string, string> = {
    ApiVersion: API_VERSION,
    Arch: f.arch,
    BuildTime: "",
    Experimental: "false",
    GitCommit: f.gitCommit,
    GoVersion: RUNTIME_VERSION,
    KernelVersion: f.kernelVersion,
    MinAPIVersion: MIN_API_VERSION,
    Os: f.os,
  };
  return {
    Platform: { Name: "Berth" },
    Components: [{ Name: "Engine", Version: f.version, Details: details }],
    Version: f.version,
    ApiVersion: API_VERSION,
    MinAPIVersion: MIN_API_VERSION,
    GitCommit: f.gitCommit,
    GoVersion: RUNTIME_VERSION,
    Os: f.os,
    Arch: f.arch,
    ...(f.kernelVersion ? { KernelVersion: f.kernelVersion } : {}),
  };
}

export function systemRoutes(): Route[] {
  return [
    { method: ["GET", "HEAD"], path: "/_ping", handle: ping },
    { method: "GET", path: "/version", handle: (ctx) => writeJson(ctx.res, 200, buildVersion(ctx)) },
    { method: "GET", path: "/info", handle: (ctx) => writeJson(ctx.res, 200, buildInfo(ctx.engine.facts(), ctx.apiVersion)) },
    // dockerd answers OPTIONS on every path with an empty 200 (CORS preflight).
    { method: "OPTIONS", path: "/*", handle: (ctx) => writeEmpty(ctx.res, 200) },
  ];
}
