/** Engine API calls for containers, execs and images, with the docker client's query encoding. */
import type http from "node:http";
import type { Readable } from "node:stream";
import type {
  ContainerCreateResponseWire,
  ContainerInspectWire,
  ContainerPruneResponseWire,
  ContainerSummaryWire,
  ExecCreateResponseWire,
  ExecInspectWire,
} from "../api/wire/container.js";
import type { ImageDeleteItemWire, ImageInspectWire, ImageSummaryWire } from "../api/wire/image.js";
import { filtersQuery, type BerthClient } from "./client.js";
import { openStream, type StreamRequest } from "./client-stream.js";
import { goPathEscape, type Filters } from "./query.js";

const p = goPathEscape;

export interface ListOptions {
  readonly all: boolean;
  readonly limit: number;
  readonly size: boolean;
  readonly filters: Filters;
}

export async function containerList(c: BerthClient, o: ListOptions): Promise<ContainerSummaryWire[]> {
  const query: Record<string, string> = { ...filtersQuery(o.filters) };
  if (o.all) query["all"] = "1";
  if (o.limit > 0) query["limit"] = String(o.limit);
  if (o.size) query["size"] = "1";
  return (await c.json<ContainerSummaryWire[]>("GET", "/containers/json", { query })).value;
}

export const containerInspect = (c: BerthClient, ref: string): Promise<{ value: ContainerInspectWire; raw: string }> =>
  c.json<ContainerInspectWire>("GET", `/containers/${p(ref)}/json`);

export async function containerCreate(c: BerthClient, body: string, name: string): Promise<ContainerCreateResponseWire> {
  return (await c.json<ContainerCreateResponseWire>("POST", "/containers/create", { body, query: name ? { name } : {} })).value;
}

export async function containerPost(c: BerthClient, id: string, action: string, query: Record<string, string> = {}): Promise<void> {
  await c.request("POST", `/containers/${p(id)}/${action}`, { query });
}

/** stop and restart: signal and t only when given. */
export function stopQuery(signal: string, timeout: number | undefined): Record<string, string> {
  const q: Record<string, string> = {};
  if (signal !== "") q["signal"] = signal;
  if (timeout !== undefined) q["t"] = String(timeout);
  return q;
}

export async function containerRemove(c: BerthClient, id: string, o: { force: boolean; volumes: boolean; link: boolean }): Promise<void> {
  const query: Record<string, string> = {};
  if (o.volumes) query["v"] = "1";
  if (o.link) query["link"] = "1";
  if (o.force) query["force"] = "1";
  await c.request("DELETE", `/containers/${p(id)}`, { query });
}

export interface LogsOptions {
  readonly follow: boolean;
  readonly tail: string;
  readonly timestamps: boolean;
  readonly since: string;
  readonly until: string;
  readonly details: boolean;
}

export function containerLogs(c: BerthClient, id: string, o: LogsOptions): Promise<http.IncomingMessage> {
  const query: Record<string, string> = { stdout: "1", stderr: "1" };
  if (o.since !== "") query["since"] = o.since;
  if (o.until !== "") query["until"] = o.until;
  if (o.timestamps) query["timestamps"] = "1";
  if (o.details) query["details"] = "1";
  if (o.follow) query["follow"] = "1";
  query["tail"] = o.tail;
  return openStream(c, { method: "GET", path: `/containers/${p(id)}/logs`, query });
}

export async function containersPrune(c: BerthClient, filters: Filters): Promise<ContainerPruneResponseWire> {
  return (await c.json<ContainerPruneResponseWire>("POST", "/containers/prune", { query: filtersQuery(filters) })).value;
}

export async function execCreate(c: BerthClient, container: string, body: string): Promise<ExecCreateResponseWire> {
  return (await c.json<ExecCreateResponseWire>("POST", `/containers/${p(container)}/exec`, { body })).value;
}

export async function execInspect(c: BerthClient, id: string): Promise<ExecInspectWire> {
  return (await c.json<ExecInspectWire>("GET", `/exec/${p(id)}/json`)).value;
}

export async function imageList(c: BerthClient, filters: Filters, all: boolean): Promise<ImageSummaryWire[]> {
  const query: Record<string, string> = { ...filtersQuery(filters) };
  if (all) query["all"] = "1";
  return (await c.json<ImageSummaryWire[]>("GET", "/images/json", { query })).value;
}

export const imageInspect = (c: BerthClient, ref: string): Promise<{ value: ImageInspectWire; raw: string }> =>
  c.json<ImageInspectWire>("GET", `/images/${p(ref)}/json`);

export async function imageRemove(c: BerthClient, ref: string, force: boolean, noPrune: boolean): Promise<ImageDeleteItemWire[]> {
  const query: Record<string, string> = {};
  if (force) query["force"] = "1";
  if (noPrune) query["noprune"] = "1";
  return (await c.json<ImageDeleteItemWire[]>("DELETE", `/images/${p(ref)}`, { query })).value;
}

/** POST /images/create (import with fromSrc, pull with fromImage); the progress stream is returned. */
export function imageCreate(c: BerthClient, query: Record<string, string | string[]>, body?: Readable): Promise<http.IncomingMessage> {
  const req: StreamRequest = body
    ? { method: "POST", path: "/images/create", query, body, headers: { "Content-Type": "text/plain" } }
    : { method: "POST", path: "/images/create", query };
  return openStream(c, req);
}

export function imageLoad(c: BerthClient, body: Readable, quiet: boolean): Promise<http.IncomingMessage> {
  return openStream(c, { method: "POST", path: "/images/load", query: quiet ? { quiet: "1" } : {}, body, headers: { "Content-Type": "application/x-tar" } });
}
