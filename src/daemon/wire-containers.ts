/** Composition of the container side: images, runtime, monitor, sandboxes, services. */
import { join } from "node:path";
import type { Netns } from "../kernel/exec.js";
import { exec, spawnPersistent } from "../kernel/exec.js";
import { createSandboxKernel, sandboxPrefix } from "../kernel/sandbox.js";
import { tryIpBatch } from "../kernel/ip-batch.js";
import { sharedIpBatchSession } from "../kernel/ip-session.js";
import { ContainerCore } from "../engine/containers/container-core.js";
import { ContainerDns } from "../engine/containers/container-dns.js";
import { EmbeddedDns } from "../dns/server.js";
import { openResolverSockets } from "../kernel/netns-socket.js";
import { ContainerLifecycle } from "../engine/containers/container-lifecycle.js";
import { ContainerNetworks } from "../engine/containers/container-networks.js";
import { ContainerRunner } from "../engine/containers/container-runner.js";
import { DefaultContainerService } from "../engine/containers/container-service.js";
import { EtcFiles } from "../engine/containers/etc-files.js";
import { DefaultImageService } from "../engine/containers/image-service.js";
import { DefaultExecService } from "../engine/containers/exec-service.js";
import { SandboxManager, type SandboxDeps } from "../engine/containers/sandbox-manager.js";
import type { PortPublisher } from "../engine/ports/port-publisher.js";
import { PublishingSandboxManager } from "../engine/ports/publishing-sandboxes.js";
import type { DefaultNetworkService } from "../engine/network-service.js";
import { currentNofile } from "../runtime/host-limits.js";
import { ImageStore } from "../runtime/image-store.js";
import { ConmonMonitor } from "../runtime/monitor.js";
import { CliRuntime } from "../runtime/runtime.js";
import type { Store } from "../store/store.js";

export interface ContainerWiring {
  readonly containers: DefaultContainerService;
  readonly images: DefaultImageService;
  readonly lifecycle: ContainerLifecycle;
  readonly execs: DefaultExecService;
  readonly dns: ContainerDns;
  /** Stops the resolvers (containers keep running; the next daemon reopens them). */
  close(): Promise<void>;
}

export async function wireContainers(input: {
  store: Store;
  networks: DefaultNetworkService;
  root: string;
  execRoot: string;
  runtime: string;
  host: Netns;
  owner8: string;
  /** The host's resolv.conf (the embedded DNS forwards to its servers). */
  hostResolvConf: string;
  log: (line: string) => void;
  /** Publishes ports at start and unpublishes them at stop (issue 5); absent = no publishing. */
  ports?: PortPublisher;
}): Promise<ContainerWiring> {
  const imageStore = await ImageStore.open(exec, input.root);
  const runtimeName = input.runtime === "crun" ? "crun" : "runc";
  const runtime = new CliRuntime(exec, { execRoot: input.execRoot, name: runtimeName });
  const monitor = new ConmonMonitor(exec, runtime, { exitDir: join(input.execRoot, "exits"), socketDir: join(input.execRoot, "sockets") });
  const runner = new ContainerRunner({
    exec,
    images: imageStore,
    runtime,
    monitor,
    layout: { rootDir: input.root, execRoot: input.execRoot },
    nofile: await currentNofile(),
    log: input.log,
  });
  const sandboxDeps: SandboxDeps = {
    store: input.store,
    // Host-side veth lines go through the daemon's ip co-process; sandboxes are created,
    // configured and deleted in-process by the netns addon. No spawn either way (the
    // `ip -batch` runner below is only the fallback when the addon is not built).
    kernel: createSandboxKernel({
      batch: (ns, cmds) => (sharedIpBatchSession.serves(ns) ? sharedIpBatchSession.tryBatch(cmds) : tryIpBatch(exec, ns, cmds)),
    }),
    host: input.host,
    sandboxPrefix: sandboxPrefix(input.owner8),
    log: input.log,
  };
  const sandboxes = input.ports ? new PublishingSandboxManager(sandboxDeps, input.ports) : new SandboxManager(sandboxDeps);
  const files = new EtcFiles(input.store, runner, input.hostResolvConf);
  const embedded = new EmbeddedDns({ log: input.log });
  const dns = new ContainerDns({
    store: input.store,
    backend: embedded,
    openSockets: (path) => openResolverSockets(path),
    sandboxPath: (c) => sandboxes.sandboxPath(c),
    hostnameOf: (c) => runner.hostnameOf(c),
    upstreamsOf: (c) => files.upstreams(c),
    hostResolvConf: input.hostResolvConf,
    log: input.log,
  });
  dns.watchHostResolvConf();
  const core = new ContainerCore({ store: input.store, runner, sandboxes, files, dns, log: input.log, ...(input.ports ? { ports: input.ports } : {}) });
  const lifecycle = new ContainerLifecycle(core);
  const containers = new DefaultContainerService(core, lifecycle, imageStore);
  input.networks.containerOps = new ContainerNetworks(core);
  const execs = new DefaultExecService(core, runtime, spawnPersistent);
  const close = async (): Promise<void> => {
    dns.stop();
    await embedded.close();
    await sandboxes.settled(); // veths and namespaces of disconnects and exits still being freed
  };
  return { containers, images: new DefaultImageService(imageStore), lifecycle, execs, dns, close };
}
