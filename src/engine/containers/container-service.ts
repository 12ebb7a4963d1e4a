/**
 * The container service (ContainerService for the API): create, inspect, list, rename,
 * remove, prune and wait here; start/stop/kill in ContainerLifecycle; logs/attach in
 * container-io.ts.
 */
import { conflict, invalidParameter, notFound } from "../../lib/errors.js";
import { newContainerId } from "../../lib/ids.js";
import type { Container, ContainerCreateSpec } from "../../model/container.js";
import { generateName, validateContainerName } from "../../network/sandbox/names.js";
import type { ImageStore } from "../../runtime/image-store.js";
import type { AttachOptions, ContainerDetail, ContainerService, LogOptions, OutputChunk, StdioSession, WaitCondition } from "../container-contract.js";
import { imageDetail } from "./image-service.js";
import type { ContainerCore } from "./container-core.js";
import { planContainer } from "./container-plan.js";
import type { ContainerLifecycle } from "./container-lifecycle.js";
import { attachSession, containerLogs, resizeContainerTty } from "./container-io.js";

export class DefaultContainerService implements ContainerService {
  constructor(
    private readonly core: ContainerCore,
    private readonly lifecycle: ContainerLifecycle,
    private readonly images: ImageStore,
  ) {
    lifecycle.onAutoRemove = (c) => this.removeNow(c);
  }

  private get d() {
    return this.core.deps;
  }

  detail(c: Container): ContainerDetail {
    const paths = this.d.runner.paths(c.id);
    const names: Record<string, string> = {};
    for (const a of c.attachments) names[a.networkId] = this.d.store.networks.get(a.networkId)?.name ?? a.networkName;
    const running = c.state.status === "running";
    return {
      container: c,
      endpoints: running ? this.d.sandboxes.endpoints(c) : [],
      networkNames: names,
      hostsPath: paths.files.hosts,
      hostnamePath: paths.files.hostname,
      resolvConfPath: paths.files.resolvConf,
      logPath: paths.logPath,
      sandboxKey: running && !c.hostConfig.networkMode.startsWith("container:") && c.hostConfig.networkMode !== "host" ? this.d.sandboxes.sandboxPath(c) : "",
      exposedPorts: c.config.exposedPorts,
      ...(running && this.d.ports?.published(c.id) ? { publishedPorts: this.d.ports.published(c.id) ?? [] } : {}),
    };
  }

  async create(spec: ContainerCreateSpec): Promise<{ readonly id: string; readonly warnings: readonly string[] }> {
    const image = await this.images.get(spec.config.image).catch((e: unknown) => {
      throw notFound(`No such image: ${spec.config.image}`, e);
    });
    const all = this.core.all();
    let name = spec.name ?? "";
    if (name !== "") validateContainerName(name);
    name = name.replace(/^\//, "");
    if (name === "") do name = generateName(); while (all.some((c) => c.name === name));
    const imgCfg = imageDetail(image).config;
    const merged: ContainerCreateSpec = {
      ...spec,
      config: { ...spec.config, exposedPorts: [...new Set([...imgCfg.exposedPorts, ...spec.config.exposedPorts])] },
    };
    const c = planContainer({ id: newContainerId(), name, imageId: image.id, spec: merged, networks: this.d.store.networks.all(), containers: all });
    await this.d.runner.validate(c);
    this.d.store.tx(() => this.d.store.containers.insert(c));
    const warnings = c.hostConfig.networkMode === "host" && Object.keys(spec.hostConfig.portBindings).length > 0
      ? ["Published ports are discarded when using host network mode"] : [];
    return { id: c.id, warnings };
  }

  async list(all: boolean): Promise<readonly ContainerDetail[]> {
    return this.core.all().filter((c) => all || c.state.status === "running").map((c) => this.detail(c));
  }

  async inspect(ref: string): Promise<ContainerDetail> {
    return this.detail(this.core.find(ref));
  }

  async start(ref: string): Promise<void> {
    await this.lifecycle.start(this.core.find(ref).id);
  }

  async stop(ref: string, opts: { timeoutSec?: number; signal?: string }): Promise<void> {
    const c = this.core.find(ref);
    await this.lifecycle.stop(c.id, opts.timeoutSec, opts.signal);
  }

  async restart(ref: string, opts: { timeoutSec?: number; signal?: string }): Promise<void> {
    const c = this.core.find(ref);
    await this.lifecycle.stop(c.id, opts.timeoutSec, opts.signal);
    await this.lifecycle.start(c.id);
  }

  async kill(ref: string, signal: string): Promise<void> {
    await this.lifecycle.kill(this.core.find(ref).id, signal || "SIGKILL");
  }

  async remove(ref: string, opts: { force: boolean; volumes: boolean; link: boolean }): Promise<void> {
    const c = this.core.find(ref);
    if (c.state.status === "running") {
      if (!opts.force) {
        // Docker ≥ 25 (daemon/delete.go) quotes the reference as the client gave it.
        throw conflict(`cannot remove container ${JSON.stringify(ref)}: container is running: stop the container before removing or force remove`);
      }
      const exited = this.core.next("exit", c.id);
      this.core.stoppedByUser.add(c.id);
      await this.d.runner.kill(c.id, "SIGKILL").catch(() => undefined);
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    }
    await this.core.locked(c.id, () => this.removeNow(this.core.get(c.id) ?? c));
  }

  private async removeNow(c: Container): Promise<void> {
    if (!this.core.get(c.id)) return;
    await this.core.teardownNetwork(c);
    await this.d.runner.removeAll(c.id);
    const last = this.core.get(c.id) ?? c;
    this.d.store.tx(() => this.d.store.containers.remove(c.id));
    this.core.emit("remove", c.id, last.state.exitCode);
  }

  async rename(ref: string, newName: string): Promise<void> {
    const c = this.core.find(ref);
    const name = newName.replace(/^\//, "");
    if (name === "") throw invalidParameter("Neither old nor new names may be empty");
    validateContainerName(name);
    if (name === c.name) throw invalidParameter(`Renaming a container with the same name as its current name`);
    this.core.save({ ...c, name });
    this.core.emit("rename", c.id);
    if (c.state.status === "running") await this.d.files.refresh(this.core.get(c.id) ?? c).catch(() => undefined);
  }

  async wait(ref: string, condition: WaitCondition): Promise<{ readonly statusCode: number; readonly error?: string }> {
    const c = this.core.find(ref);
    if (condition === "removed") {
      const code = await this.core.next("remove", c.id);
      return { statusCode: code ?? 0 };
    }
    if (condition === "not-running" && c.state.status !== "running") return { statusCode: c.state.exitCode };
    const code = await this.core.next("exit", c.id);
    return { statusCode: code ?? 0 };
  }

  async prune(match: (c: Container) => boolean): Promise<{ readonly deleted: readonly string[] }> {
    const deleted: string[] = [];
    for (const c of this.core.all()) {
      if (c.state.status === "running" || !match(c)) continue;
      await this.core.locked(c.id, () => this.removeNow(c));
      deleted.push(c.id);
    }
    return { deleted };
  }

  async logs(ref: string, opts: LogOptions): Promise<AsyncIterable<OutputChunk>> {
    return containerLogs(this.core, this.core.find(ref), opts);
  }

  async attach(ref: string, opts: AttachOptions): Promise<StdioSession> {
    return attachSession(this.core, this.core.find(ref), opts);
  }

  async resize(ref: string, height: number, width: number): Promise<void> {
    const c = this.core.find(ref);
    // dockerd's ContainerResize: errNotRunning (409) for a container that is not running.
    if (c.state.status !== "running") throw conflict(`Container ${c.id} is not running`);
    await resizeContainerTty(this.core, c.id, height, width);
  }
}
