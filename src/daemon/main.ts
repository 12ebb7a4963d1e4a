/**
 * berthd, the composition root: parse the command line, take the root's lock (the store's
 * exclusive SQLite lock), wire store, kernel, drivers, firewall and services, make the
 * kernel match the store, then serve the Engine API on the unix socket.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { API_VERSION, MIN_API_VERSION, createApiServer, listenUnix } from "../api/server.js";
import type { Engine } from "../engine/engine.js";
import { FirewallSync } from "../engine/firewall-sync.js";
import { DefaultNetworkService } from "../engine/network-service.js";
import { createPortPublisher, watchFirewall } from "../engine/ports/wire-ports.js";
import { ensurePredefined } from "../engine/predefined.js";
import { reconcile } from "../engine/reconciler.js";
import { DockerCoexistence } from "../firewall/docker-user.js";
import { Firewall } from "../firewall/firewall.js";
import { DEFAULT_V4_POOLS, ulaPool } from "../ipam/index.js";
import { CURRENT_NETNS, exec } from "../kernel/exec.js";
import { realIptables } from "../kernel/iptables.js";
import { realNetKernel } from "../kernel/net-kernel.js";
import { realNft } from "../kernel/nft.js";
import { closeSharedSessions } from "../kernel/sessions.js";
import { messageOf } from "../lib/errors.js";
import { randomHexId } from "../lib/ids.js";
import { BridgeDriver } from "../network/bridge/bridge-driver.js";
import { virtualDriver } from "../network/driver.js";
import { DriverRegistry } from "../network/registry.js";
import { openSqliteStore } from "../store/sqlite-store.js";
import { USAGE, parseDaemonArgs, type DaemonConfig } from "./config.js";
import { daemonFacts } from "./facts.js";
import { reservedPrefixes } from "./host-view.js";
import { ownerId } from "./owner.js";
import { wireContainers } from "./wire-containers.js";

const log = (line: string): void => {
  process.stderr.write(`${new Date().toISOString()} berthd: ${line}\n`);
};

function ipv4Forwarding(): boolean {
  try {
    return readFileSync("/proc/sys/net/ipv4/ip_forward", "utf8").trim() === "1";
  } catch {
    return false;
  }
}

async function start(cfg: DaemonConfig): Promise<() => Promise<void>> {
  mkdirSync(cfg.root, { recursive: true, mode: 0o711 });
  mkdirSync(cfg.execRoot, { recursive: true, mode: 0o711 });
  const store = openSqliteStore(`${cfg.root}/berth.db`, { exclusive: true });
  const hostId = store.meta.get("host-id") ?? randomHexId();
  store.meta.set("host-id", hostId);
  const netns = CURRENT_NETNS;
  const kernel = realNetKernel();
  const owner8 = ownerId(cfg.root);
  const owner = `berth:${owner8}:`;
  const drivers = new DriverRegistry()
    .register(new BridgeDriver({ kernel, netns, owner }))
    .register(virtualDriver("host"))
    .register(virtualDriver("null"));
  const nftFirewall = new Firewall(realNft, netns, cfg.nftTable);
  const ports = await createPortPublisher({ store, firewall: nftFirewall, setSysctl: (k, v) => kernel.setSysctl(netns, k, v), log });
  const firewall = new FirewallSync(nftFirewall, drivers, {
    ports: () => ports.runs(),
    enableIpv6Forwarding: () => kernel.setSysctl(netns, "net.ipv6.conf.all.forwarding", "1"),
  });
  const pools4 = DEFAULT_V4_POOLS;
  const pools6 = [ulaPool(hostId)];
  const reserved = reservedPrefixes(kernel, netns);

  await kernel.setSysctl(netns, "net.ipv4.ip_forward", "1");
  ensurePredefined(store, { bridgeName: cfg.bridgeName, mtu: cfg.mtu, hostBindingIpv4: cfg.hostBindingIpv4 }, await reserved(), pools4);
  const report = await reconcile({ store, drivers, kernel, netns, owner, firewall });
  log(
    `reconciled: created [${report.created.join(" ")}] repaired [${report.repaired.join(" ")}] ` +
      `removed orphans [${report.removedOrphans.join(" ")}]` + (report.errors.length ? ` errors: ${report.errors.join("; ")}` : ""),
  );

  const networks = new DefaultNetworkService({
    store,
    drivers,
    firewall,
    endpoints: { endpointsOf: (id) => store.endpoints.byNetwork(id as never) },
    reservedPrefixes: reserved,
    pools4,
    pools6,
    log,
  });
  const facts = daemonFacts({
    rootDir: cfg.root,
    apiVersion: API_VERSION,
    minApiVersion: MIN_API_VERSION,
    pools: pools4,
    networkPlugins: drivers.names(),
    runtime: cfg.runtime,
    ipv4Forwarding,
  });
  const wired = await wireContainers({
    store,
    networks,
    root: cfg.root,
    execRoot: cfg.execRoot,
    runtime: cfg.runtime,
    host: netns,
    owner8,
    hostResolvConf: cfg.resolvConf,
    log,
    ports,
  });
  const coexistence = new DockerCoexistence({ iptables: realIptables(exec, netns), log });
  await coexistence.ensure();
  const ensureForeign = async (): Promise<void> => void (await coexistence.ensure());
  const watch = watchFirewall({ store, sync: firewall, ports, netns, table: cfg.nftTable, log, ensureForeign });
  await wired.lifecycle.recover();
  await wired.dns.sync();
  const engine: Engine = { networks, facts, containers: wired.containers, images: wired.images, execs: wired.execs };
  const server = createApiServer(engine, cfg.debug ? { log } : {});
  await listenUnix(server, cfg.socket);
  log(`API listening on unix://${cfg.socket} (root ${cfg.root})`);
  return async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
    watch.stop();
    await networks.settle();
    await wired.close();
    await closeSharedSessions();
    store.close();
  };
}

async function main(): Promise<void> {
  let cfg: DaemonConfig | "help";
  try {
    cfg = parseDaemonArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`berthd: ${messageOf(e)}\n\n${USAGE}`);
    process.exit(2);
  }
  if (cfg === "help") {
    process.stdout.write(USAGE);
    return;
  }
  const stop = await start(cfg).catch((e: unknown) => {
    log(`failed to start: ${messageOf(e)}`);
    process.exit(1);
  });
  let stopping = false;
  const shutdown = (sig: string): void => {
    if (stopping) return;
    stopping = true;
    log(`${sig}: shutting down (networks stay in place)`);
    const force = setTimeout(() => process.exit(0), 5000);
    force.unref();
    void stop().finally(() => process.exit(0));
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

void main();
