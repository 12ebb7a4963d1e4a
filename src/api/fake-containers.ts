/**
 * Test support: an in-memory ContainerService whose containers run FakeProcess programs.
 * Output is logged and fanned out to attach sessions; exits resolve waits; AutoRemove
 * removes after exit; addresses come from each network's first subnet. Times can be
 * shifted into the past (`ageMs`) so `docker ps` columns are stable in tests.
 */
import { PassThrough } from "node:stream";
import type {
  AttachOptions, ContainerDetail, ContainerService, LogOptions, OutputChunk, StdioSession, WaitCondition,
} from "../engine/container-contract.js";
import type { NetworkService } from "../engine/engine.js";
import { conflict, invalidParameter } from "../lib/errors.js";
import { newEndpointId, type ContainerId } from "../lib/ids.js";
import { rfc3339Nano } from "../lib/time.js";
import type { Container, ContainerCreateSpec, ContainerState } from "../model/container.js";
import type { Endpoint } from "../model/endpoint.js";
import { checkName, fakeDetail, findContainer, macFor, planFakeContainer } from "./fake-container-plan.js";
import type { FakeImages } from "./fake-images.js";
import { ChunkQueue, chunkNow, FakeProcess } from "./fake-process.js";

export interface FakeContainerHooks {
  readonly networks: NetworkService;
  readonly images: FakeImages;
  readonly hostname: string;
  /** Called when a container is created / removed (the fake network service learns of it). */
  readonly onCreate: (id: string, name: string) => void;
  readonly onRemove: (id: string) => void;
  /** How far in the past recorded times lie. */
  readonly ageMs?: number;
}

type Listener = (c: OutputChunk | null) => void;

export interface FakeRecord {
  container: Container;
  readonly log: OutputChunk[];
  readonly listeners: Set<Listener>;
  readonly exitWaiters: ((code: number) => void)[];
  readonly removeWaiters: ((code: number) => void)[];
  proc: FakeProcess | undefined;
  stdin: PassThrough | undefined;
  endpoints: Endpoint[];
}

export class FakeContainers implements ContainerService {
  readonly records = new Map<string, FakeRecord>();
  private created = 0;
  private pids = 1000;
  private readonly hostsUsed = new Map<string, number>();

  constructor(private readonly hooks: FakeContainerHooks) {}

  now(): string {
    return rfc3339Nano(new Date(Date.now() - (this.hooks.ageMs ?? 0)));
  }

  private all(): Container[] {
    return [...this.records.values()].map((r) => r.container);
  }

  rec(ref: string): FakeRecord {
    const c = findContainer(this.all(), ref);
    return this.records.get(c.id) as FakeRecord;
  }

  private setState(r: FakeRecord, patch: Partial<ContainerState>): void {
    r.container = { ...r.container, state: { ...r.container.state, ...patch } };
  }

  private detail(r: FakeRecord): ContainerDetail {
    return fakeDetail(r.container, r.endpoints);
  }

  async create(spec: ContainerCreateSpec): Promise<{ readonly id: string; readonly warnings: readonly string[] }> {
    const deps = { networks: this.hooks.networks, images: this.hooks.images, hostname: this.hooks.hostname, existing: this.all(), now: () => this.now() };
    const c = await planFakeContainer(spec, deps, ++this.created);
    this.records.set(c.id, { container: c, log: [], listeners: new Set(), exitWaiters: [], removeWaiters: [], endpoints: [], proc: undefined, stdin: undefined });
    this.hooks.onCreate(c.id, c.name);
    const hostPorts = c.hostConfig.networkMode === "host" && Object.keys(spec.hostConfig.portBindings).length > 0;
    return { id: c.id, warnings: hostPorts ? ["Published ports are discarded when using host network mode"] : [] };
  }

  async list(all: boolean): Promise<readonly ContainerDetail[]> {
    return [...this.records.values()].filter((r) => all || r.container.state.status === "running").map((r) => this.detail(r));
  }

  async inspect(ref: string): Promise<ContainerDetail> {
    return this.detail(this.rec(ref));
  }

  private async endpointsFor(c: Container): Promise<Endpoint[]> {
    const out: Endpoint[] = [];
    for (const [i, a] of c.attachments.entries()) {
      const { network } = await this.hooks.networks.inspect(a.networkId);
      const subnet = network.ipam.config?.[0]?.subnet;
      const [base = "", len = ""] = subnet?.split("/") ?? [];
      const prefix = base.split(".").slice(0, 3).join(".");
      const host = (this.hostsUsed.get(network.id) ?? 1) + 1;
      if (subnet) this.hostsUsed.set(network.id, host);
      const ip = subnet ? a.config.ipv4Address ?? `${prefix}.${host}` : "";
      out.push({
        id: newEndpointId(), networkId: a.networkId, containerId: c.id as ContainerId, name: c.name,
        macAddress: a.config.macAddress ?? macFor(ip), ipv4Address: ip ? `${ip}/${len}` : "", ipv6Address: "",
        gateway4: subnet ? `${prefix}.1` : "", gateway6: "", ifname: `eth${i}`, hostVeth: `veth${c.id.slice(0, 7)}`,
      });
    }
    return out;
  }

  private emit(r: FakeRecord, chunk: OutputChunk | null): void {
    if (chunk) r.log.push(chunk);
    for (const l of [...r.listeners]) l(chunk);
  }

  async start(ref: string): Promise<void> {
    const r = this.rec(ref);
    if (r.container.state.status === "running") return;
    r.endpoints = await this.endpointsFor(r.container);
    const cfg = r.container.config;
    if (cfg.openStdin && !r.stdin) r.stdin = new PassThrough();
    const argv = [...(cfg.entrypoint ?? []), ...cfg.cmd];
    const penv = { env: cfg.env, workingDir: cfg.workingDir, hostname: cfg.hostname };
    const proc = new FakeProcess(argv, penv, (stream, data) => this.emit(r, chunkNow(stream, data)), cfg.openStdin ? r.stdin : undefined);
    r.proc = proc;
    this.setState(r, { status: "running", pid: ++this.pids, startedAt: this.now(), finishedAt: "0001-01-01T00:00:00Z", exitCode: 0 });
    void proc.exited.then((code) => this.exited(r, proc, code));
  }

  private exited(r: FakeRecord, proc: FakeProcess, code: number): void {
    if (r.proc !== proc) return;
    r.proc = undefined;
    r.stdin = undefined; // the next start gets a fresh stdin
    r.endpoints = [];
    this.setState(r, { status: "exited", pid: 0, exitCode: code, finishedAt: this.now() });
    this.emit(r, null);
    for (const w of r.exitWaiters.splice(0)) w(code);
    if (r.container.hostConfig.autoRemove && this.records.has(r.container.id)) this.drop(r);
  }

  private drop(r: FakeRecord): void {
    this.records.delete(r.container.id);
    this.hooks.onRemove(r.container.id);
    for (const w of r.removeWaiters.splice(0)) w(r.container.state.exitCode);
  }

  private async signalAndWait(r: FakeRecord, signal: string): Promise<void> {
    const proc = r.proc;
    if (!proc) return;
    const done = new Promise<void>((resolve) => r.exitWaiters.push(() => resolve()));
    proc.kill(signal);
    await done;
  }

  async stop(ref: string, opts: { readonly timeoutSec?: number; readonly signal?: string }): Promise<void> {
    const r = this.rec(ref);
    await this.signalAndWait(r, opts.signal ?? (r.container.config.stopSignal || "SIGTERM"));
  }

  async restart(ref: string, opts: { readonly timeoutSec?: number; readonly signal?: string }): Promise<void> {
    await this.stop(ref, opts);
    await this.start(ref);
  }

  async kill(ref: string, signal: string): Promise<void> {
    const r = this.rec(ref);
    if (r.container.state.status !== "running") {
      throw conflict(`Cannot kill container: ${ref}: Container ${r.container.id} is not running`);
    }
    await this.signalAndWait(r, signal || "SIGKILL");
  }

  async remove(ref: string, opts: { readonly force: boolean }): Promise<void> {
    const r = this.rec(ref);
    if (r.container.state.status === "running") {
      if (!opts.force) {
        throw conflict(`cannot remove container ${JSON.stringify(ref)}: container is running: stop the container before removing or force remove`);
      }
      await this.signalAndWait(r, "SIGKILL");
    }
    if (this.records.has(r.container.id)) this.drop(r);
  }

  async rename(ref: string, newName: string): Promise<void> {
    const r = this.rec(ref);
    if (newName === "") throw invalidParameter("Neither old nor new names may be empty");
    if (newName.replace(/^\//, "") === r.container.name) throw invalidParameter("Renaming a container with the same name as its current name");
    checkName(newName, this.all(), r.container.id);
    r.container = { ...r.container, name: newName.replace(/^\//, "") };
    this.hooks.onCreate(r.container.id, r.container.name);
  }

  async wait(ref: string, condition: WaitCondition): Promise<{ readonly statusCode: number; readonly error?: string }> {
    const r = this.rec(ref);
    if (condition === "not-running" && r.container.state.status !== "running") return { statusCode: r.container.state.exitCode };
    const waiters = condition === "removed" ? r.removeWaiters : r.exitWaiters;
    const statusCode = await new Promise<number>((resolve) => waiters.push(resolve));
    return { statusCode };
  }

  async prune(match: (c: Container) => boolean): Promise<{ readonly deleted: readonly string[] }> {
    const gone = [...this.records.values()].filter((r) => r.container.state.status !== "running" && match(r.container));
    for (const r of gone) this.drop(r);
    return { deleted: gone.map((r) => r.container.id) };
  }

  async logs(ref: string, opts: LogOptions): Promise<AsyncIterable<OutputChunk>> {
    const r = this.rec(ref);
    const pick = (c: OutputChunk): boolean => {
      const t = Date.parse(c.time ?? "") / 1000;
      if (!(c.stream === "stdout" ? opts.stdout : opts.stderr)) return false;
      return !(opts.since !== undefined && t < opts.since) && !(opts.until !== undefined && t > opts.until);
    };
    const past = r.log.filter(pick);
    const q = new ChunkQueue();
    for (const c of opts.tail === undefined ? past : past.slice(Math.max(0, past.length - opts.tail))) q.push(c);
    if (!opts.follow || r.container.state.status !== "running") q.end();
    else this.subscribe(r, q, pick);
    return q;
  }

  private subscribe(r: FakeRecord, q: ChunkQueue, pick: (c: OutputChunk) => boolean): () => void {
    const l: Listener = (c) => {
      if (c === null) {
        r.listeners.delete(l);
        q.end();
      } else if (pick(c)) q.push(c);
    };
    r.listeners.add(l);
    return () => r.listeners.delete(l);
  }

  async attach(ref: string, opts: AttachOptions): Promise<StdioSession> {
    const r = this.rec(ref);
    const cfg = r.container.config;
    if (cfg.openStdin && !r.stdin) r.stdin = new PassThrough();
    const q = new ChunkQueue();
    const pick = (c: OutputChunk): boolean => (c.stream === "stdout" ? opts.stdout : opts.stderr);
    if (opts.logs) for (const c of r.log) if (pick(c)) q.push(c);
    const unsubscribe = opts.stream ? this.subscribe(r, q, pick) : (q.end(), () => undefined);
    const stdin = opts.stdin && cfg.openStdin ? r.stdin : undefined;
    return {
      tty: cfg.tty,
      output: q,
      ...(stdin ? { stdin } : {}),
      resize: async () => undefined,
      close: () => {
        unsubscribe();
        q.close();
      },
    };
  }

  async resize(ref: string): Promise<void> {
    this.rec(ref);
  }
}
