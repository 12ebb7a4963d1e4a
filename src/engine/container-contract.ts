/**
 * What the API layer may ask of the container, image and exec services (issue: containers).
 * Streams are plain async iterables of chunks and a writable for stdin, so the API can frame
 * them as Docker does (raw for TTYs, the 8-byte multiplexed header otherwise).
 */
import type { Writable } from "node:stream";
import type { Container, ContainerCreateSpec } from "../model/container.js";
import type { Endpoint } from "../model/endpoint.js";
import type { ResolvedPort } from "../network/ports/allocator.js";

/** A container with what is live for it now (endpoints of a running container). */
export interface ContainerDetail {
  readonly container: Container;
  readonly endpoints: readonly Endpoint[];
  /** Network names keyed by network id, for encoding (a network may have been removed: name ""). */
  readonly networkNames: Readonly<Record<string, string>>;
  /** Paths Docker shows in inspect. */
  readonly hostsPath: string;
  readonly hostnamePath: string;
  readonly resolvConfPath: string;
  readonly logPath: string;
  /** Sandbox (netns) key, or "" when not running / container: mode. */
  readonly sandboxKey: string;
  /** Image config's exposed ports merged with the container's, "80/tcp". */
  readonly exposedPorts: readonly string[];
  /** While running: the published ports with the host ports chosen (absent = not known). */
  readonly publishedPorts?: readonly ResolvedPort[];
}

export type StreamName = "stdin" | "stdout" | "stderr";

export interface OutputChunk {
  readonly stream: "stdout" | "stderr";
  readonly data: Buffer;
  /** RFC 3339 nano, when known (logs). */
  readonly time?: string;
}

/** A live attachment to a container's or exec's stdio. */
export interface StdioSession {
  readonly tty: boolean;
  /** Output until the process ends (or the session is closed). */
  readonly output: AsyncIterable<OutputChunk>;
  /** Present when stdin was requested and the process has it open. */
  readonly stdin?: Writable;
  resize(height: number, width: number): Promise<void>;
  close(): void;
}

export interface LogOptions {
  readonly follow: boolean;
  readonly stdout: boolean;
  readonly stderr: boolean;
  /** Epoch seconds (fractional) or undefined. */
  readonly since?: number;
  readonly until?: number;
  /** Last N lines; undefined = all. */
  readonly tail?: number;
}

export interface AttachOptions {
  readonly stdin: boolean;
  readonly stdout: boolean;
  readonly stderr: boolean;
  /** Replay the log before streaming. */
  readonly logs: boolean;
  readonly stream: boolean;
}

export type WaitCondition = "not-running" | "next-exit" | "removed";

export interface ContainerService {
  create(spec: ContainerCreateSpec): Promise<{ readonly id: string; readonly warnings: readonly string[] }>;
  /** all=false: running only (as `docker ps`). */
  list(all: boolean): Promise<readonly ContainerDetail[]>;
  /** By full id, exact name (with or without "/"), or unique id prefix; 404 `No such container: X`. */
  inspect(ref: string): Promise<ContainerDetail>;
  start(ref: string): Promise<void>;
  /** Stop: signal, then SIGKILL after `timeoutSec` (default: container's StopTimeout or 10). */
  stop(ref: string, opts: { readonly timeoutSec?: number; readonly signal?: string }): Promise<void>;
  restart(ref: string, opts: { readonly timeoutSec?: number; readonly signal?: string }): Promise<void>;
  kill(ref: string, signal: string): Promise<void>;
  remove(ref: string, opts: { readonly force: boolean; readonly volumes: boolean; readonly link: boolean }): Promise<void>;
  rename(ref: string, newName: string): Promise<void>;
  wait(ref: string, condition: WaitCondition): Promise<{ readonly statusCode: number; readonly error?: string }>;
  prune(match: (c: Container) => boolean): Promise<{ readonly deleted: readonly string[] }>;
  logs(ref: string, opts: LogOptions): Promise<AsyncIterable<OutputChunk>>;
  attach(ref: string, opts: AttachOptions): Promise<StdioSession>;
  resize(ref: string, height: number, width: number): Promise<void>;
}

export interface ExecSpec {
  readonly cmd: readonly string[];
  readonly env: readonly string[];
  readonly workingDir: string;
  readonly user: string;
  readonly tty: boolean;
  readonly attachStdin: boolean;
  readonly attachStdout: boolean;
  readonly attachStderr: boolean;
  readonly privileged: boolean;
}

export interface ExecDetail {
  readonly id: string;
  readonly containerId: string;
  readonly spec: ExecSpec;
  readonly running: boolean;
  readonly exitCode: number | null;
  readonly pid: number;
}

export interface ExecService {
  create(containerRef: string, spec: ExecSpec): Promise<{ readonly id: string }>;
  /** detach=true: run in the background and return an empty session. */
  start(id: string, opts: { readonly detach: boolean; readonly tty: boolean }): Promise<StdioSession>;
  inspect(id: string): Promise<ExecDetail>;
  resize(id: string, height: number, width: number): Promise<void>;
}
