/**
 * Exec routes: create, start (hijacked like attach unless detached), inspect, resize.
 * Errors from starting arrive in band after the hijack, as dockerd writes them.
 */
import type { StdioSession } from "../../engine/container-contract.js";
import { messageOf } from "../../lib/errors.js";
import { readJsonAs } from "../body.js";
import { decodeExecCreate, decodeExecStart, encodeExecInspect } from "../exec-codec.js";
import { hijack } from "../hijack.js";
import { writeEmpty, writeJson } from "../respond.js";
import { pathParam, type RequestContext, type Route } from "../route.js";
import { execService } from "../services.js";
import { pumpSession } from "../stdio-pump.js";
import { frame, STREAM_IDS } from "../stream-framing.js";
import type { ExecCreateResponseWire } from "../wire/container.js";
import { streamMediaType } from "./container-streams.js";
import { resizeQuery } from "./containers.js";

async function createExec(ctx: RequestContext): Promise<void> {
  const spec = await readJsonAs(ctx.req, decodeExecCreate);
  const created = await execService(ctx).create(pathParam(ctx, "id"), spec);
  const wire: ExecCreateResponseWire = { Id: created.id };
  writeJson(ctx.res, 201, wire);
}

async function startExec(ctx: RequestContext): Promise<void> {
  const svc = execService(ctx);
  const id = pathParam(ctx, "id");
  const req = await readJsonAs(ctx.req, decodeExecStart);
  const detail = await svc.inspect(id); // 404 before anything is hijacked
  if (req.detach) {
    await svc.start(id, { detach: true, tty: req.tty });
    return writeEmpty(ctx.res, 200);
  }
  const tty = req.tty || detail.spec.tty;
  let session: StdioSession;
  try {
    session = await svc.start(id, { detach: false, tty });
  } catch (e) {
    const conn = hijack(ctx, streamMediaType(tty, ctx.apiVersion));
    const text = Buffer.from(`${messageOf(e)}\r\n`);
    await conn.write(tty ? text : frame(STREAM_IDS.stdout, text));
    conn.close();
    return;
  }
  await pumpSession(session, hijack(ctx, streamMediaType(session.tty, ctx.apiVersion)));
}

async function inspectExec(ctx: RequestContext): Promise<void> {
  writeJson(ctx.res, 200, encodeExecInspect(await execService(ctx).inspect(pathParam(ctx, "id"))));
}

async function resizeExec(ctx: RequestContext): Promise<void> {
  const { height, width } = resizeQuery(ctx);
  await execService(ctx).resize(pathParam(ctx, "id"), height, width);
  writeEmpty(ctx.res, 200);
}

export function execRoutes(): Route[] {
  return [
    { method: "POST", path: "/containers/:id/exec", handle: createExec },
    { method: "POST", path: "/exec/:id/start", handle: startExec },
    { method: "GET", path: "/exec/:id/json", handle: inspectExec },
    { method: "POST", path: "/exec/:id/resize", handle: resizeExec },
  ];
}
