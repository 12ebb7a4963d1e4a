/**
 * A running container's network: its sandbox (a network namespace in /run/netns), one
 * endpoint per attachment (veth pair, address, MAC), the default route through the first
 * network that has a gateway, and rows in the store so a crash leaves nothing unaccounted.
 */
import { conflict, forbidden, messageOf, notFound } from "../../lib/errors.js";
import type { Netns } from "../../kernel/exec.js";
import type { SandboxKernel } from "../../kernel/sandbox.js";
import { dockerStyleMac, generateVethName } from "../../kernel/sandbox.js";
import type { Attachment, Container } from "../../model/container.js";
import type { Endpoint } from "../../model/endpoint.js";
import type { Network } from "../../model/network.js";
import { parseBridgeOptions } from "../../network/bridge/options.js";
import type { Store } from "../../store/store.js";
import { nextIfname, planEndpoint } from "./endpoint-plan.js";

export type SandboxNetwork = { readonly kind: "host" } | { readonly kind: "netns"; readonly path: string };

export interface SandboxDeps {
  readonly store: Store;
  readonly kernel: SandboxKernel;
  readonly host: Netns;
  /** e.g. "berth-1a2b3c4d-": sandbox names are this + the container's 12-char id. */
  readonly sandboxPrefix: string;
  readonly log: (line: string) => void;
}

export class SandboxManager {
  /**
   * Veth pairs and namespaces still being freed, by container. The kernel takes ~15 ms to
   * unregister a veth (RCU grace periods under the RTNL), so a live disconnect, or the
   * teardown after a container exits, goes on once the store, DNS and files no longer have
   * the endpoints, and the kernel objects go right after, in order. The container's next
   * setup or attach waits for them (interface and namespace names are reused), and so does
   * daemon shutdown; after a crash the reconciler removes what is left.
   */
  private readonly freeing = new Map<string, Promise<void>>();

  constructor(private readonly deps: SandboxDeps) {}

  /** Waits for the deferred kernel work (veths, namespace) of one container, or of all. */
  async settled(containerId?: string): Promise<void> {
    if (containerId !== undefined) await this.freeing.get(containerId);
    else await Promise.all(this.freeing.values());
  }

  /** Queues kernel work that frees the container's network after the caller has answered. */
  private defer(c: Container, what: string, work: () => Promise<void>): void {
    const p: Promise<void> = (this.freeing.get(c.id) ?? Promise.resolve())
      .then(work)
      .catch((e) => this.deps.log(`${what} of ${c.name}: ${messageOf(e)} (the reconciler removes what is left at the next start)`))
      .finally(() => {
        if (this.freeing.get(c.id) === p) this.freeing.delete(c.id);
      });
    this.freeing.set(c.id, p);
  }

  sandboxName(c: Container): string {
    return this.deps.sandboxPrefix + c.id.slice(0, 12);
  }

  sandboxPath(c: Container): string {
    return `/run/netns/${this.sandboxName(c)}`;
  }

  private network(id: string): Network | undefined {
    return this.deps.store.networks.get(id as never);
  }

  /** Makes the container's network ready to start in. Reversible: on failure nothing is left. */
  async setup(c: Container, lookup: (id: string) => Container | undefined): Promise<SandboxNetwork> {
    await this.settled(c.id);
    const mode = c.hostConfig.networkMode;
    if (mode === "host") return { kind: "host" };
    if (mode.startsWith("container:")) {
      const target = lookup(mode.slice("container:".length));
      if (!target || target.state.status !== "running") {
        throw conflict(`cannot join network namespace of a non running container: ${mode.slice(10)}`);
      }
      if (target.hostConfig.networkMode === "host") return { kind: "host" };
      return { kind: "netns", path: this.sandboxPath(target) };
    }
    const name = this.sandboxName(c);
    // A container that is starting has no sandbox; one left by a daemon that died while
    // freeing it in the background (see `freeing`) is stale.
    await this.deps.kernel.deleteSandbox(name);
    const path = await this.deps.kernel.createSandbox(this.deps.host, name);
    try {
      for (const a of c.attachments) {
        const net = this.network(a.networkId) ?? this.deps.store.networks.all().find((n) => n.name === a.networkName);
        if (!net) throw notFound(`network ${a.networkName} not found`);
        if (net.driver === "null") continue;
        await this.attach(c, a, net);
      }
    } catch (e) {
      await this.teardown(c).catch((te) => this.deps.log(`teardown after failed setup of ${c.name}: ${messageOf(te)}`));
      throw e;
    }
    return { kind: "netns", path };
  }

  /** Attaches one network to the container's sandbox (at start, or live on connect). */
  async attach(c: Container, a: Attachment, net: Network): Promise<Endpoint> {
    await this.settled(c.id);
    const existing = this.deps.store.endpoints.byContainer(c.id);
    if (existing.some((e) => e.networkId === net.id)) {
      throw forbidden(`endpoint with name ${c.name} already exists in network ${net.name}`);
    }
    const inUse = new Set(this.deps.store.endpoints.byNetwork(net.id).flatMap((e) => [e.ipv4Address, e.ipv6Address]).filter((s) => s));
    const cfg = parseBridgeOptions(net.id, net.options);
    const ep = planEndpoint({
      containerId: c.id,
      containerName: c.name,
      attachment: a,
      network: net,
      inUse,
      ifname: nextIfname(cfg.containerIfacePrefix, existing.map((e) => e.ifname)),
      hostVeth: generateVethName(),
      mac: dockerStyleMac(),
    });
    const hasDefault = existing.some((e) => e.gateway4 !== "" || e.gateway6 !== "");
    await this.deps.kernel.attach(this.deps.host, {
      sandbox: this.sandboxName(c),
      bridge: cfg.bridgeName,
      hostVeth: ep.hostVeth,
      ifname: ep.ifname,
      mac: ep.macAddress,
      ...(cfg.mtu > 0 ? { mtu: cfg.mtu } : {}),
      addresses: [ep.ipv4Address, ep.ipv6Address].filter((s) => s !== ""),
      ...(!hasDefault && ep.gateway4 ? { defaultGateway4: ep.gateway4 } : {}),
      ...(!hasDefault && ep.gateway6 ? { defaultGateway6: ep.gateway6 } : {}),
    });
    try {
      this.deps.store.tx(() => this.deps.store.endpoints.insert(ep));
    } catch (e) {
      await this.deps.kernel.detach(this.deps.host, this.sandboxName(c), ep.hostVeth, ep.ifname);
      throw e;
    }
    return ep;
  }

  /**
   * Live disconnect: removes one endpoint and re-chooses the default route; returns before
   * the kernel has freed the veth pair (see `freeing`).
   */
  async detach(c: Container, ep: Endpoint): Promise<void> {
    this.defer(c, `removing ${ep.hostVeth} after disconnect`, () => this.deps.kernel.detach(this.deps.host, this.sandboxName(c), ep.hostVeth, ep.ifname));
    this.deps.store.tx(() => this.deps.store.endpoints.remove(ep.id));
    if (ep.gateway4 === "" && ep.gateway6 === "") return;
    const next = this.deps.store.endpoints.byContainer(c.id).find((e) => e.gateway4 !== "" || e.gateway6 !== "");
    if (next) await this.deps.kernel.setDefaultRoute(this.sandboxName(c), next.gateway4 || undefined, next.gateway6 || undefined);
  }

  /**
   * Tears the container's network down: the endpoints leave the store at once, the veths and
   * the namespace go in the background (see `freeing`). Idempotent; every step runs.
   */
  async teardown(c: Container): Promise<void> {
    const eps = this.deps.store.endpoints.byContainer(c.id);
    this.deps.store.tx(() => {
      for (const ep of eps) this.deps.store.endpoints.remove(ep.id);
    });
    const ownNetns = !c.hostConfig.networkMode.startsWith("container:") && c.hostConfig.networkMode !== "host";
    const sandbox = this.sandboxName(c);
    this.defer(c, "tearing down the network", async () => {
      const errors: string[] = [];
      for (const ep of eps) await this.deps.kernel.detach(this.deps.host, sandbox, ep.hostVeth, ep.ifname).catch((e) => errors.push(messageOf(e)));
      if (ownNetns) await this.deps.kernel.deleteSandbox(sandbox).catch((e) => errors.push(messageOf(e)));
      if (errors.length > 0) throw new Error(errors.join("; "));
    });
  }

  endpoints(c: Container): Endpoint[] {
    return this.deps.store.endpoints.byContainer(c.id);
  }
}
