/**
 * The streaming container routes: wait (headers at once, the body when the wait ends: the
 * CLI waits before it starts a container), logs (framed unless TTY, optionally followed) and
 * attach (the hijacked connection of hijack.ts, bytes pumped by stdio-pump.ts).
 */
import type { ServerResponse } from "node:http";
import type { AttachOptions, OutputChunk, WaitCondition } from "../../engine/container-contract.js";
import { invalidParameter, messageOf } from "../../lib/errors.js";
import { hijack } from "../hijack.js";
import { goJson } from "../respond.js";
import { pathParam, type RequestContext, type Route } from "../route.js";
import { boolValue, containerService } from "../services.js";
import { pumpSession } from "../stdio-pump.js";
import { encodeChunk, MEDIA_MULTIPLEXED_STREAM, MEDIA_RAW_STREAM, rfc3339NanoFixed } from "../stream-framing.js";
import { versionAtLeast } from "../version.js";
import type { ContainerWaitResponseWire } from "../wire/container.js";

/** The stream media type: multiplexed for a non-TTY from API 1.42, else raw. */
export const streamMediaType = (tty: boolean, apiVersion: string): string =>
  !tty && versionAtLeast(apiVersion, "1.42") ? MEDIA_MULTIPLEXED_STREAM : MEDIA_RAW_STREAM;

/** The `condition` query (from API 1.30): not-running (default), next-exit, removed. */
function waitCondition(ctx: RequestContext): WaitCondition {
  const v = ctx.query.get("condition") ?? "";
  if (!versionAtLeast(ctx.apiVersion, "1.30") || v === "") return "not-running";
  if (v === "not-running" || v === "next-exit" || v === "removed") return v;
  throw invalidParameter(`invalid condition: ${JSON.stringify(v)}`);
}

async function waitContainer(ctx: RequestContext): Promise<void> {
  const svc = containerService(ctx);
  const ref = pathParam(ctx, "id");
  const waiting = svc.wait(ref, waitCondition(ctx));
  waiting.catch(() => undefined); // awaited below; an unknown container fails the inspect first
  await svc.inspect(ref);
  ctx.res.writeHead(200, { "Content-Type": "application/json" });
  ctx.res.flushHeaders();
  let result: ContainerWaitResponseWire;
  try {
    const r = await waiting;
    result = { ...(r.error ? { Error: { Message: r.error } } : {}), StatusCode: r.statusCode };
  } catch (e) {
    result = { Error: { Message: messageOf(e) }, StatusCode: -1 };
  }
  ctx.res.end(goJson(result));
}

/** timetypes.ParseTimestamps: "seconds[.nanos]"; "" or 0 means unset. */
function logTime(ctx: RequestContext, name: string): number | undefined {
  const v = ctx.query.get(name) ?? "";
  if (v === "") return undefined;
  if (!/^-?[0-9]+(\.[0-9]{1,9})?$/.test(v)) throw invalidParameter(`invalid value for ${name}: ${v}`);
  const n = Number(v);
  return n === 0 ? undefined : n;
}

/** `tail`: "all", empty or unparseable means everything; a negative count too. */
function tailLines(ctx: RequestContext): number | undefined {
  const v = ctx.query.get("tail") ?? "all";
  if (!/^[+-]?[0-9]+$/.test(v)) return undefined;
  const n = Number(v);
  return n < 0 ? undefined : n;
}

/** Writes to a response, waiting for drain; false once the client is gone. */
function writeTo(res: ServerResponse, data: Buffer): Promise<boolean> {
  if (res.destroyed || res.writableEnded) return Promise.resolve(false);
  if (res.write(data)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onDrain = (): void => finish(true);
    const onClose = (): void => finish(false);
    const finish = (ok: boolean): void => {
      res.off("drain", onDrain);
      res.off("close", onClose);
      resolve(ok);
    };
    res.once("drain", onDrain);
    res.once("close", onClose);
  });
}

/** Iterates `chunks` until they end or the client leaves (then the iterator is told to return). */
async function streamTo(res: ServerResponse, chunks: AsyncIterable<OutputChunk>, encode: (c: OutputChunk) => Buffer): Promise<void> {
  const it = chunks[Symbol.asyncIterator]();
  const gone = new Promise<"gone">((resolve) => res.once("close", () => resolve("gone")));
  for (;;) {
    const next = await Promise.race([it.next(), gone]);
    if (next === "gone" || next.done) break;
    if (!(await writeTo(res, encode(next.value)))) break;
  }
  void it.return?.(undefined)?.catch(() => undefined);
}

async function containerLogs(ctx: RequestContext): Promise<void> {
  const svc = containerService(ctx);
  const ref = pathParam(ctx, "id");
  const stdout = boolValue(ctx, "stdout");
  const stderr = boolValue(ctx, "stderr");
  if (!stdout && !stderr) throw invalidParameter("Bad parameters: you must choose at least one stream");
  const since = logTime(ctx, "since");
  const until = logTime(ctx, "until");
  const tail = tailLines(ctx);
  const timestamps = boolValue(ctx, "timestamps");
  const detail = await svc.inspect(ref);
  const tty = detail.container.config.tty;
  const chunks = await svc.logs(ref, {
    follow: boolValue(ctx, "follow"),
    stdout,
    stderr,
    ...(since !== undefined ? { since } : {}),
    ...(until !== undefined ? { until } : {}),
    ...(tail !== undefined ? { tail } : {}),
  });
  ctx.res.writeHead(200, { "Content-Type": streamMediaType(tty, ctx.apiVersion) });
  ctx.res.flushHeaders();
  const stamp = (c: OutputChunk): string | undefined =>
    timestamps ? `${rfc3339NanoFixed(c.time ?? new Date().toISOString())} ` : undefined;
  try {
    await streamTo(ctx.res, chunks, (c) => encodeChunk(c, tty, stamp(c)));
  } finally {
    ctx.res.end();
  }
}

async function attachContainer(ctx: RequestContext): Promise<void> {
  const svc = containerService(ctx);
  const opts: AttachOptions = {
    stdin: boolValue(ctx, "stdin"),
    stdout: boolValue(ctx, "stdout"),
    stderr: boolValue(ctx, "stderr"),
    logs: boolValue(ctx, "logs"),
    stream: boolValue(ctx, "stream"),
  };
  const session = await svc.attach(pathParam(ctx, "id"), opts);
  const conn = hijack(ctx, streamMediaType(session.tty, ctx.apiVersion));
  await pumpSession(session, conn);
}

export function containerStreamRoutes(): Route[] {
  return [
    { method: "POST", path: "/containers/:id/wait", handle: waitContainer },
    { method: "GET", path: "/containers/:id/logs", handle: containerLogs },
    { method: "POST", path: "/containers/:id/attach", handle: attachContainer },
  ];
}
