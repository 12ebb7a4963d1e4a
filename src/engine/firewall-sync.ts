/**
 * Keeps Berth's nftables table equal to what the networks in the store need: every change
 * re-renders the whole ruleset from desired state and applies it as one nft transaction.
 */
import type { Firewall } from "../firewall/firewall.js";
import type { FirewallNetwork } from "../firewall/render.js";
import type { Network } from "../model/network.js";
import type { DriverRegistry } from "../network/registry.js";

export class FirewallSync {
  constructor(
    private readonly firewall: Firewall,
    private readonly drivers: DriverRegistry,
  ) {}

  state(networks: readonly Network[]): { networks: FirewallNetwork[] } {
    const out: FirewallNetwork[] = [];
    for (const n of networks) {
      if (n.configOnly) continue;
      const fw = this.drivers.get(n.driver).firewall(n);
      if (fw) out.push(fw);
    }
    return { networks: out };
  }

  apply(networks: readonly Network[]): Promise<void> {
    return this.firewall.apply(this.state(networks));
  }

  isIntact(networks: readonly Network[]): Promise<boolean> {
    return this.firewall.isIntact(this.state(networks));
  }

  remove(): Promise<void> {
    return this.firewall.remove();
  }
}
