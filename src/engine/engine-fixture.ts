/** An engine wired to in-memory fakes (store, kernel, nft), for unit tests of the services. */
import { CURRENT_NETNS } from "../kernel/exec.js";
import { FakeNetKernel } from "../kernel/fake-net-kernel.js";
import { FakeNft } from "../kernel/fake-nft.js";
import { Firewall } from "../firewall/firewall.js";
import { DEFAULT_V4_POOLS, ulaPool } from "../ipam/index.js";
import type { NetworkCreateSpec } from "../model/network.js";
import { BridgeDriver } from "../network/bridge/bridge-driver.js";
import { virtualDriver } from "../network/driver.js";
import { DriverRegistry } from "../network/registry.js";
import { openMemoryStore } from "../store/memory-store.js";
import type { Store } from "../store/store.js";
import { FirewallSync } from "./firewall-sync.js";
import { DefaultNetworkService, NO_ENDPOINTS } from "./network-service.js";
import { ensurePredefined } from "./predefined.js";

export const OWNER = "berth:test0000:";

export interface TestEngine {
  readonly store: Store;
  readonly kernel: FakeNetKernel;
  readonly nft: FakeNft;
  readonly drivers: DriverRegistry;
  readonly firewall: FirewallSync;
  readonly networks: DefaultNetworkService;
}

export function testEngine(reserved: readonly string[] = []): TestEngine {
  const store = openMemoryStore();
  const kernel = new FakeNetKernel();
  const nft = new FakeNft({ bridgeMeta: true });
  const drivers = new DriverRegistry()
    .register(new BridgeDriver({ kernel, netns: CURRENT_NETNS, owner: OWNER }))
    .register(virtualDriver("host"))
    .register(virtualDriver("null"));
  const firewall = new FirewallSync(new Firewall(nft, CURRENT_NETNS, "berth"), drivers);
  ensurePredefined(store, { bridgeName: "berth0", mtu: 1500, hostBindingIpv4: "0.0.0.0" }, reserved, DEFAULT_V4_POOLS);
  const networks = new DefaultNetworkService({
    store, drivers, firewall, endpoints: NO_ENDPOINTS,
    reservedPrefixes: async () => reserved,
    pools4: DEFAULT_V4_POOLS, pools6: [ulaPool("test")],
    log: () => undefined,
  });
  return { store, kernel, nft, drivers, firewall, networks };
}

export function spec(name: string, over: Partial<NetworkCreateSpec> = {}): NetworkCreateSpec {
  return {
    name, driver: "bridge", ipam: { driver: "default", options: {}, config: [] },
    internal: false, attachable: false, ingress: false, configOnly: false, configFrom: "",
    options: {}, labels: {}, ...over,
  };
}
