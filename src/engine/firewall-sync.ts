/**
 * Keeps Berth's nftables tables equal to what the networks in the store (and the published
 * ports) need: a network change re-renders the whole ruleset from desired state and applies
 * it as one nft transaction; published ports change incrementally (PortPublisher).
 * watch() makes the rules come back by themselves when someone deletes them (see self-heal.ts).
 */
import type { Firewall } from "../firewall/firewall.js";
import type { FirewallNetwork, FirewallPort, FirewallState } from "../firewall/render.js";
import { shortNetId } from "../firewall/nft-text.js";
import type { Network } from "../model/network.js";
import type { DriverRegistry } from "../network/registry.js";

export interface FirewallSyncOptions {
  /** Every published run (PortPublisher.runs); default none. */
  readonly ports?: () => readonly FirewallPort[];
  /**
   * Turns IPv6 forwarding on; called before the first apply with an IPv6 subnet (Docker enables
   * forwarding only when a network needs it, since it stops the host accepting router adverts).
   */
  readonly enableIpv6Forwarding?: () => Promise<void>;
}

export class FirewallSync {
  private ipv6Forwarding = false;

  constructor(
    private readonly firewall: Firewall,
    private readonly drivers: DriverRegistry,
    private readonly opts: FirewallSyncOptions = {},
  ) {}

  state(networks: readonly Network[]): FirewallState {
    const out: FirewallNetwork[] = [];
    for (const n of networks) {
      if (n.configOnly) continue;
      const fw = this.drivers.get(n.driver).firewall(n);
      if (fw) out.push(fw);
    }
    const known = new Set(out.map((n) => n.id));
    return { networks: out, ports: (this.opts.ports?.() ?? []).filter((p) => known.has(p.networkId)) };
  }

  async apply(networks: readonly Network[]): Promise<void> {
    const state = this.state(networks);
    if (!this.ipv6Forwarding && this.opts.enableIpv6Forwarding && state.networks.some((n) => n.subnets6.length > 0 && !n.internal)) {
      await this.opts.enableIpv6Forwarding();
      this.ipv6Forwarding = true;
    }
    return this.firewall.apply(state);
  }

  isIntact(networks: readonly Network[]): Promise<boolean> {
    return this.firewall.isIntact(this.state(networks));
  }

  remove(): Promise<void> {
    return this.firewall.remove();
  }

  /**
   * The live rules, chains and map elements Berth made for one network (`berth network
   * inspect --rules`): every line of its tables that names the network by id or name.
   */
  async rules(network: Network): Promise<string[]> {
    const text = await this.firewall.liveText();
    const byId = `(${shortNetId(network.id)})`;
    const byName = ` net ${network.name}: `;
    const chains = new RegExp(`chain net-${shortNetId(network.id)}[a-z0-9_]*-(from|to) \\{`);
    return text
      .split("\n")
      .filter((l) => l.includes(byId) || l.includes(byName) || chains.test(l))
      .map((l) => l.trim().replace(/,$/, ""));
  }
}
