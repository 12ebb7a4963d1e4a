/**
 * Runs a container's process: bundle (overlay rootfs + config.json) and the OCI runtime
 * under conmon, which outlives berthd, keeps the log and records the exit code.
 */
import { mkdir, rm } from "node:fs/promises";
import { hostname as osHostname } from "node:os";
import { join } from "node:path";
import { messageOf } from "../../lib/errors.js";
import type { Exec } from "../../kernel/exec.js";
import { bestMounter, type Mounter } from "../../kernel/mounts.js";
import type { Container } from "../../model/container.js";
import { bundlePaths, prepareBundle, teardownBundle, type BundlePaths, type NetworkFileContents, type RuntimeLayout } from "../../runtime/bundle.js";
import { seqpacketConnector, writeResize, type AttachConnector } from "../../runtime/attach-socket.js";
import { ConmonExec } from "../../runtime/conmon-exec.js";
import type { ImageStore } from "../../runtime/image-store.js";
import type { ConmonMonitor } from "../../runtime/monitor.js";
import { buildOciSpec, type RlimitPair } from "../../runtime/oci-spec.js";
import type { OciRuntime } from "../../runtime/runtime.js";
import { imageDetail } from "./image-service.js";
import { parseBind, processArgs, processEnv } from "./process-spec.js";
import type { SandboxNetwork } from "./sandbox-manager.js";

export interface RunnerDeps {
  readonly exec: Exec;
  readonly images: ImageStore;
  readonly runtime: OciRuntime;
  readonly monitor: ConmonMonitor;
  readonly layout: RuntimeLayout;
  readonly nofile: RlimitPair;
  readonly log: (line: string) => void;
  /** Mounts root filesystems (default: the netns addon in-process, else spawned mount/umount). */
  readonly mounter?: Mounter;
  /** Connects to conmon's attach sockets (default: the real SOCK_SEQPACKET one; a fake in tests). */
  readonly attach?: AttachConnector;
}

/** A running container's stdio endpoints: conmon's attach socket and TTY control FIFO. */
export interface StdioPaths {
  readonly socket: string;
  readonly ctl: string;
}

export class ContainerRunner {
  readonly attach: AttachConnector;
  /** TTY exec sessions, run under conmon too. */
  readonly conmonExec: ConmonExec;
  private readonly mounter: Mounter;

  constructor(private readonly deps: RunnerDeps) {
    this.mounter = deps.mounter ?? bestMounter(deps.exec);
    this.attach = deps.attach ?? seqpacketConnector;
    this.conmonExec = new ConmonExec(deps.exec, deps.runtime, { conmon: deps.monitor.binary, socketDir: deps.monitor.socketDir });
  }

  paths(id: string): BundlePaths {
    return bundlePaths(this.deps.layout, id);
  }

  stdioPaths(id: string): StdioPaths {
    const dir = this.paths(id).bundleDir;
    return { socket: join(dir, "attach"), ctl: join(dir, "ctl") };
  }

  /** Resizes a running container's TTY; false when no conmon reads its control FIFO. */
  resizeTty(id: string, height: number, width: number): Promise<boolean> {
    return writeResize(this.stdioPaths(id).ctl, height, width);
  }

  hostnameOf(c: Container): string {
    if (c.hostConfig.networkMode === "host" && c.config.hostname === "") return osHostname();
    return c.config.hostname || c.id.slice(0, 12);
  }

  /** Checks what can be checked at create time (command present, binds well-formed). */
  async validate(c: Container): Promise<void> {
    const image = imageDetail(await this.deps.images.get(c.imageId));
    processArgs(c, image.config);
    for (const b of c.hostConfig.binds) parseBind(b);
  }

  async start(c: Container, net: SandboxNetwork, files: NetworkFileContents, extraEnv: readonly string[]): Promise<number> {
    const image = await this.deps.images.get(c.imageId);
    const detail = imageDetail(image);
    const paths = this.paths(c.id);
    const hostname = this.hostnameOf(c);
    const spec = buildOciSpec({
      args: processArgs(c, detail.config),
      env: processEnv(c, detail.config, hostname, extraEnv),
      cwd: c.config.workingDir || detail.config.workingDir || "/",
      terminal: c.config.tty,
      hostname,
      nofile: this.deps.nofile,
      network: net,
      files: paths.files,
      binds: c.hostConfig.binds.map(parseBind),
      cgroupsPath: `/berth/${c.id}`,
    });
    await teardownBundle(this.deps.exec, paths, { keepContainerDir: true, mounter: this.mounter }).catch(() => undefined);
    await this.deps.runtime.delete(c.id, true).catch(() => undefined);
    // Docker creates a missing bind source directory for -v host:container.
    for (const b of c.hostConfig.binds.map(parseBind)) await mkdir(b.source, { recursive: true });
    await prepareBundle(this.deps.exec, { paths, layerDirs: await this.deps.images.layerDirs(image), spec, files, mounter: this.mounter });
    try {
      const started = await this.deps.monitor.start(c.id, paths.bundleDir, {
        logPath: paths.logPath,
        terminal: c.config.tty,
        stdin: c.config.openStdin,
        // dockerd closes stdin when a StdinOnce client leaves, but never a TTY's
        leaveStdinOpen: c.config.tty || !c.config.stdinOnce,
        name: c.name,
      });
      await this.releaseRootfs(paths.rootfs, c.name);
      return started.pid;
    } catch (e) {
      await this.cleanup(c.id).catch((ce) => this.deps.log(`cleanup after failed start of ${c.name}: ${messageOf(ce)}`));
      throw e;
    }
  }

  /**
   * After start the container's mount namespace holds its own copy of the (private) overlay
   * root; the host's copy is detached, so the host's mount table, which runc reads several
   * times per create, does not grow with the number of running containers. The writable layer
   * stays in the container directory; teardown finds nothing mounted and mounts afresh at the
   * next start.
   */
  private async releaseRootfs(rootfs: string, name: string): Promise<void> {
    await this.mounter.unmount(rootfs, true).catch((e) => this.deps.log(`detaching the host's view of ${name}'s root: ${messageOf(e)}`));
  }

  /** Resolves with the exit code once the container's process has exited. */
  waitExit(id: string): Promise<number> {
    return this.deps.monitor.waitExit(id);
  }

  readExitCode(id: string): Promise<number | undefined> {
    return this.deps.monitor.readExitCode(id);
  }

  async kill(id: string, signal: string): Promise<void> {
    await this.deps.runtime.kill(id, signal, { all: true });
  }

  /** After exit: forget the runtime container and unmount the rootfs; keeps the writable layer and log. */
  async cleanup(id: string): Promise<void> {
    await this.deps.runtime.delete(id, true).catch(() => undefined);
    await teardownBundle(this.deps.exec, this.paths(id), { keepContainerDir: true, mounter: this.mounter });
  }

  /** On rm: everything, the container directory included. */
  async removeAll(id: string): Promise<void> {
    await this.deps.runtime.delete(id, true).catch(() => undefined);
    await this.deps.monitor.clearExit(id).catch(() => undefined);
    await rm(join(this.deps.monitor.socketDir, id), { force: true }); // conmon's link to the bundle
    await teardownBundle(this.deps.exec, this.paths(id), { mounter: this.mounter });
  }

  async isRunning(id: string): Promise<boolean> {
    try {
      const st = await this.deps.runtime.state(id);
      return st.status === "running" || st.status === "created";
    } catch {
      return false;
    }
  }
}
