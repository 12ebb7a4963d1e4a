/**
 * Container routes of the fake daemon: list, inspect, create, start/stop/kill/restart,
 * rm, rename, wait, logs, prune and exec create/inspect, with dockerd's error texts.
 */
import type { ServerResponse } from "node:http";
import type { ContainerSummaryWire } from "../../api/wire/container.js";
import { inspectOf, summaryOf } from "./container-fixtures.js";
import { CANNED_IMAGES, findImage } from "./image-fixtures.js";
import { NULL_IO, missingExecutable, runProcess } from "./fake-process.js";
import type { FakeContainer, FakeState } from "./fake-state.js";

export interface Ctx {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: string;
  readonly res: ServerResponse;
  json(status: number, v: unknown): void;
  fail(status: number, message: string): void;
  empty(status: number): void;
}

const noSuch = (ref: string): string => `No such container: ${ref}`;

function listed(state: FakeState, c: FakeContainer): ContainerSummaryWire {
  if (c.canned) return summaryOf(c.canned, state.now);
  return {
    Id: c.id, Names: ["/" + c.name], Image: "busybox", ImageID: CANNED_IMAGES[0]!.id, Command: c.cmd.join(" "), Created: state.now,
    Ports: [], Labels: {}, State: c.running ? "running" : "created", Status: c.running ? "Up Less than a second" : "Created",
    HostConfig: { NetworkMode: "default" }, NetworkSettings: { Networks: {} }, Mounts: [],
  };
}

function list(state: FakeState, x: Ctx): void {
  const all = x.query.get("all") === "1";
  const filters = JSON.parse(x.query.get("filters") ?? "{}") as Record<string, Record<string, boolean>>;
  const names = Object.keys(filters["name"] ?? {});
  const statuses = Object.keys(filters["status"] ?? {});
  let out = state.containers.filter((c) => all || statuses.length > 0 || c.running).map((c) => listed(state, c));
  if (names.length) out = out.filter((c) => names.some((n) => c.Names.some((m) => m.includes(n))));
  if (statuses.length) out = out.filter((c) => statuses.includes(c.State));
  const limit = Number(x.query.get("limit") ?? "-1");
  if (limit > 0) out = out.slice(0, limit);
  x.json(200, out);
}

function create(state: FakeState, x: Ctx): void {
  const body = JSON.parse(x.body) as { Image?: string; Cmd?: string[] | null; Entrypoint?: string[] | null; Tty?: boolean; OpenStdin?: boolean; Labels?: Record<string, string>; HostConfig?: { AutoRemove?: boolean } };
  const name = x.query.get("name") ?? "";
  const image = body.Image ?? "";
  const img = findImage(CANNED_IMAGES, image);
  if (!img) return x.fail(404, `No such image: ${/:[^/]*$/.test(image) ? image : image + ":latest"}`);
  const taken = name === "" ? undefined : state.find("/" + name);
  if (taken && taken.name === name) {
    return x.fail(409, `Conflict. The container name "/${name}" is already in use by container "${taken.id}". You have to remove (or rename) that container to be able to reuse that name.`);
  }
  const entrypoint = (body.Entrypoint ?? []).filter((e) => e !== "");
  const c = state.create(name, [...entrypoint, ...(body.Cmd ?? img.cmd ?? [])], body.Tty ?? false, body.OpenStdin ?? false, body.HostConfig?.AutoRemove ?? false);
  const warning = body.Labels?.["fake.warning"];
  x.json(201, { Id: c.id, Warnings: warning ? [warning] : [] });
}

function start(state: FakeState, c: FakeContainer, x: Ctx): void {
  if (c.running) return x.empty(304);
  const missing = missingExecutable(c.cmd);
  if (!c.canned && missing) {
    state.exit(c, 127);
    return x.fail(400, missing);
  }
  x.empty(204);
  if (!c.canned) return state.start(c);
  c.running = true;
  if (c.sessions.length) replay(state, c);
}

/** A canned container attached to: its canned output, then it exits with its code. */
export function replay(state: FakeState, c: FakeContainer): void {
  for (const [stream, text] of c.canned?.logs ?? []) for (const s of c.sessions) s.io.write(stream, text);
  state.exit(c, c.canned?.exitCode ?? 0);
}

function logs(state: FakeState, c: FakeContainer, x: Ctx): void {
  const lines = c.canned ? c.canned.logs : c.output;
  const tail = x.query.get("tail") ?? "all";
  const kept = tail === "all" || Number.isNaN(Number(tail)) || Number(tail) < 0 ? lines : lines.slice(Math.max(0, lines.length - Number(tail)));
  x.res.statusCode = 200;
  x.res.setHeader("Content-Type", c.tty ? "application/vnd.docker.raw-stream" : "application/vnd.docker.multiplexed-stream");
  kept.forEach(([stream, text], i) => {
    const ts = x.query.get("timestamps") === "1" ? `2024-06-12T08:30:1${i}.00000000${i + 1}Z ` : "";
    const data = Buffer.from(ts + text);
    if (c.tty) return void x.res.write(data);
    const h = Buffer.alloc(8);
    h[0] = stream;
    h.writeUInt32BE(data.length, 4);
    x.res.write(Buffer.concat([h, data]));
  });
  x.res.end();
  void state;
}

function rm(state: FakeState, c: FakeContainer, x: Ctx): void {
  if (c.running && x.query.get("force") !== "1") {
    return x.fail(409, `cannot remove container "/${c.name}": container is running: stop the container before removing or force remove`);
  }
  state.containers.splice(state.containers.indexOf(c), 1);
  x.empty(204);
}

function rename(state: FakeState, c: FakeContainer, x: Ctx): void {
  const name = (x.query.get("name") ?? "").replace(/^\//, "");
  if (name === "") return x.fail(400, "Neither old nor new names may be empty");
  const other = state.containers.find((o) => o.name === name);
  if (other) return x.fail(409, `Conflict. The container name "/${name}" is already in use by container "${other.id}". You have to remove (or rename) that container to be able to reuse that name.`);
  c.name = name;
  x.empty(204);
}

function execCreate(state: FakeState, c: FakeContainer, x: Ctx): void {
  if (!c.running) return x.fail(409, `container ${c.id} is not running`);
  const body = JSON.parse(x.body) as { Cmd?: string[]; Tty?: boolean };
  const e = state.newExec(c, body.Cmd ?? [], body.Tty ?? false, body as Record<string, unknown>);
  x.json(201, { Id: e.id });
}

function containerAction(state: FakeState, c: FakeContainer, action: string, x: Ctx): void {
  switch (action) {
    case "start":
      return start(state, c, x);
    case "stop":
    case "restart":
      if (action === "stop" && !c.running) return x.empty(304);
      c.running = action === "restart";
      return x.empty(204);
    case "kill":
      if (!c.running) return x.fail(409, `cannot kill container: ${c.name}: container ${c.id} is not running`);
      c.running = false;
      return x.empty(204);
    case "wait":
      return state.wait(c, x.query.get("condition") ?? "", x.res);
    case "rename":
      return rename(state, c, x);
    case "resize":
      return x.empty(200);
    case "exec":
      return execCreate(state, c, x);
    default:
      return x.fail(404, "page not found");
  }
}

/** Handles /containers/... and /exec/{id}/json; false when the path is not one of them. */
export function routeContainers(state: FakeState, x: Ctx): boolean {
  const { method, path } = x;
  if (path === "/containers/json" && method === "GET") return list(state, x), true;
  if (path === "/containers/create" && method === "POST") return create(state, x), true;
  if (path === "/containers/prune" && method === "POST") {
    return x.json(200, { ContainersDeleted: [state.containers[1]!.id, state.containers[2]!.id], SpaceReclaimed: 1234567 }), true;
  }
  const ex = /^\/exec\/([^/]+)\/(json|start)$/.exec(path);
  if (ex && method === (ex[2] === "json" ? "GET" : "POST")) {
    const e = state.execs.find((v) => v.id === ex[1]);
    if (!e) return x.fail(404, `No such exec instance: ${ex[1]}`), true;
    if (ex[2] === "start") {
      void runProcess(e.cmd, NULL_IO).then((code) => (e.exitCode = code));
      return x.empty(200), true;
    }
    const pc = { tty: e.tty, entrypoint: e.cmd[0] ?? "", arguments: e.cmd.slice(1), privileged: false };
    x.json(200, { ID: e.id, Running: e.running, ExitCode: e.exitCode, ProcessConfig: pc, OpenStdin: false, OpenStderr: true, OpenStdout: true, CanRemove: false, ContainerID: e.container.id, DetachKeys: "", Pid: 99 });
    return true;
  }
  const m = /^\/containers\/([^/]+)(?:\/([a-z]+))?$/.exec(path);
  if (!m) return false;
  const ref = decodeURIComponent(m[1] ?? "");
  const c = state.find(ref);
  if (!c) return x.fail(404, noSuch(ref)), true;
  const action = m[2];
  if (action === undefined && method === "DELETE") return rm(state, c, x), true;
  if (action === undefined || action === "json") {
    if (method !== "GET") return false;
    if (c.replayAfterInspect) {
      clearTimeout(c.replayAfterInspect);
      c.replayAfterInspect = undefined;
      setTimeout(() => replay(state, c), 30);
    }
    if (c.canned) return x.json(200, inspectOf(c.canned, state.now)), true;
    const base = inspectOf({ ...state.containers[0]!.canned!, id: c.id, name: c.name, tty: c.tty, openStdin: c.openStdin, state: c.running ? "running" : "created" }, state.now);
    return x.json(200, { ...base, HostConfig: { ...base.HostConfig, AutoRemove: c.autoRemove } }), true;
  }
  if (action === "logs" && method === "GET") return logs(state, c, x), true;
  if (method !== "POST") return false;
  containerAction(state, c, action, x);
  return true;
}
