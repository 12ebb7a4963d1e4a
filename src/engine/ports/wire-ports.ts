/** Composition of port publishing and the firewall's self-heal for the daemon (src/daemon/main.ts). */
import type { Firewall } from "../../firewall/firewall.js";
import { spawnPersistent, type Netns } from "../../kernel/exec.js";
import { readEphemeralRange, readHostSockets } from "../../kernel/proc-net-sockets.js";
import { sharedNftSession } from "../../kernel/nft-session.js";
import { DEFAULT_EPHEMERAL, PortAllocator } from "../../network/ports/allocator.js";
import type { Store } from "../../store/store.js";
import type { FirewallSync } from "../firewall-sync.js";
import { FirewallWatch } from "./firewall-watch.js";
import { PortPublisher } from "./port-publisher.js";

export async function createPortPublisher(input: {
  store: Store;
  firewall: Firewall;
  setSysctl: (key: string, value: string) => Promise<void>;
  log: (line: string) => void;
}): Promise<PortPublisher> {
  const allocator = new PortAllocator((await readEphemeralRange()) ?? DEFAULT_EPHEMERAL);
  const ports = new PortPublisher({ ...input, allocator, hostSockets: () => readHostSockets() });
  await ports.restore(input.store.containers.all());
  return ports;
}

/** Starts the self-heal watch over the whole desired state; returns it (stop() at shutdown). */
export function watchFirewall(input: {
  store: Store;
  sync: FirewallSync;
  ports: PortPublisher;
  netns: Netns;
  table: string;
  log: (line: string) => void;
  ensureForeign?: () => Promise<void>;
}): FirewallWatch {
  const watch = new FirewallWatch({
    spawn: spawnPersistent,
    netns: input.netns,
    table: input.table,
    isIntact: () => input.sync.isIntact(input.store.networks.all()),
    repair: () => input.sync.apply(input.store.networks.all()),
    ownPids: () => {
      const pid = sharedNftSession().pid;
      return new Set(pid === undefined ? [] : [pid]);
    },
    log: input.log,
    ...(input.ensureForeign ? { ensureForeign: input.ensureForeign } : {}),
  });
  input.ports.onDrift = () => void watch.check();
  watch.start();
  return watch;
}
