/**
 * Exec bodies and shapes: POST /containers/{id}/exec (container.ExecOptions), POST
 * /exec/{id}/start (ExecStartCheck) and GET /exec/{id}/json (ExecInspect).
 */
import type { ExecDetail, ExecSpec } from "../engine/container-contract.js";
import { invalidParameter } from "../lib/errors.js";
import { StructReader, topLevelObject } from "./decode.js";
import type { ExecInspectWire } from "./wire/container.js";

/** The create body; `No exec command specified` (400) without Cmd. */
export function decodeExecCreate(body: unknown): ExecSpec {
  const r = new StructReader(topLevelObject(body, "container.ExecOptions"), "ExecOptions");
  r.bool("Detach");
  r.string("DetachKeys");
  const spec: ExecSpec = {
    user: r.string("User") ?? "",
    privileged: r.bool("Privileged") ?? false,
    tty: r.bool("Tty") ?? false,
    attachStdin: r.bool("AttachStdin") ?? false,
    attachStderr: r.bool("AttachStderr") ?? false,
    attachStdout: r.bool("AttachStdout") ?? false,
    env: r.stringArray("Env") ?? [],
    workingDir: r.string("WorkingDir") ?? "",
    cmd: r.stringArray("Cmd") ?? [],
  };
  if (spec.cmd.length === 0) throw invalidParameter("No exec command specified");
  return spec;
}

export interface ExecStartRequest {
  readonly detach: boolean;
  readonly tty: boolean;
}

export function decodeExecStart(body: unknown): ExecStartRequest {
  const r = new StructReader(topLevelObject(body, "container.ExecStartOptions"), "ExecStartOptions");
  return { detach: r.bool("Detach") ?? false, tty: r.bool("Tty") ?? false };
}

export function encodeExecInspect(d: ExecDetail): ExecInspectWire {
  const [entrypoint = "", ...args] = d.spec.cmd;
  return {
    ID: d.id,
    Running: d.running,
    ExitCode: d.exitCode,
    ProcessConfig: {
      tty: d.spec.tty,
      entrypoint,
      arguments: args,
      privileged: d.spec.privileged,
      ...(d.spec.user ? { user: d.spec.user } : {}),
    },
    OpenStdin: d.spec.attachStdin,
    OpenStderr: d.spec.attachStderr,
    OpenStdout: d.spec.attachStdout,
    CanRemove: false,
    ContainerID: d.containerId,
    DetachKeys: null,
    Pid: d.pid,
  };
}
