/**
 * Test support: an in-memory ExecService running FakeProcess programs in containers of a
 * FakeContainers. The exit code is recorded before the output stream ends, so a client that
 * inspects the exec right after the stream (as the CLI does) sees it.
 */
import { PassThrough } from "node:stream";
import type { ExecDetail, ExecService, ExecSpec, StdioSession } from "../engine/container-contract.js";
import { conflict, notFound } from "../lib/errors.js";
import { randomHexId } from "../lib/ids.js";
import type { FakeContainers } from "./fake-containers.js";
import { ChunkQueue, chunkNow, FakeProcess } from "./fake-process.js";

export class FakeExecs implements ExecService {
  private readonly execs = new Map<string, ExecDetail & { started: boolean }>();
  private pids = 5000;

  constructor(private readonly containers: FakeContainers) {}

  private get(id: string): ExecDetail & { started: boolean } {
    const e = this.execs.get(id);
    if (!e) throw notFound(`No such exec instance: ${id}`);
    return e;
  }

  async create(containerRef: string, spec: ExecSpec): Promise<{ readonly id: string }> {
    const r = this.containers.rec(containerRef);
    if (r.container.state.status !== "running") throw conflict(`container ${r.container.id} is not running`);
    const id = randomHexId();
    this.execs.set(id, { id, containerId: r.container.id, spec, running: false, exitCode: null, pid: 0, started: false });
    return { id };
  }

  async start(id: string, opts: { readonly detach: boolean; readonly tty: boolean }): Promise<StdioSession> {
    const e = this.get(id);
    if (e.started) throw conflict(`Error: Exec command ${id} is already running`);
    const c = this.containers.rec(e.containerId).container;
    const q = new ChunkQueue();
    const stdin = e.spec.attachStdin && !opts.detach ? new PassThrough() : undefined;
    const penv = { env: [...c.config.env, ...e.spec.env], workingDir: e.spec.workingDir || c.config.workingDir, hostname: c.config.hostname };
    const proc = new FakeProcess(e.spec.cmd, penv, (stream, data) => q.push(chunkNow(stream, data)), stdin);
    this.execs.set(id, { ...e, started: true, running: true, pid: ++this.pids });
    void proc.exited.then((code) => {
      this.execs.set(id, { ...this.get(id), running: false, exitCode: code, pid: 0 });
      q.end();
    });
    if (opts.detach) q.close();
    return {
      tty: e.spec.tty || opts.tty,
      output: q,
      ...(stdin ? { stdin } : {}),
      resize: async () => undefined,
      close: () => q.close(),
    };
  }

  async inspect(id: string): Promise<ExecDetail> {
    const { started: _started, ...detail } = this.get(id);
    return detail;
  }

  async resize(id: string): Promise<void> {
    this.get(id);
  }
}
