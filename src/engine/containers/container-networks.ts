/**
 * Live `network connect` / `network disconnect` (spec §1.7, §1.8): a running container gets
 * or loses an interface at once; a stopped one only has its stored attachments changed.
 */
import { forbidden, invalidParameter, systemError } from "../../lib/errors.js";
import type { Attachment, Container } from "../../model/container.js";
import type { EndpointConfig } from "../../model/endpoint.js";
import { findNetwork } from "../network-lookup.js";
import { checkEndpointConfig } from "./container-plan.js";
import type { ContainerCore } from "./container-core.js";

export class ContainerNetworks {
  constructor(private readonly core: ContainerCore) {}

  private get d() {
    return this.core.deps;
  }

  async connect(netRef: string, ctrRef: string, cfg: EndpointConfig): Promise<void> {
    const c0 = this.core.find(ctrRef);
    const net = findNetwork(this.d.store.networks.all(), netRef, "on name");
    await this.core.locked(c0.id, async () => {
      const c = this.core.get(c0.id) ?? c0;
      const mode = c.hostConfig.networkMode;
      if (net.name === "host" && mode !== "host") {
        throw invalidParameter("cannot connect container to host network - container must be created in host network mode");
      }
      if (mode === "host" || mode.startsWith("container:")) {
        throw invalidParameter("container sharing network namespace with another container or host cannot be connected to any other network");
      }
      if (net.name === "none" || c.attachments.some((a) => a.networkName === "none")) {
        throw invalidParameter("container cannot be connected to multiple networks with one of the networks in private (none) mode");
      }
      checkEndpointConfig(net, cfg);
      const attached = c.attachments.some((a) => a.networkId === net.id);
      const attachment: Attachment = { networkId: net.id, networkName: net.name, config: cfg };
      if (c.state.status !== "running") {
        if (!attached) this.core.save({ ...c, attachments: [...c.attachments, attachment] });
        return;
      }
      if (attached) throw forbidden(`endpoint with name ${c.name} already exists in network ${net.name}`);
      await this.d.sandboxes.attach(c, attachment, net);
      const saved = this.core.save({ ...c, attachments: [...c.attachments, attachment] });
      await this.d.files.refresh(saved);
      await this.d.dns.sync();
    });
  }

  async disconnect(netRef: string, ctrRef: string, force: boolean): Promise<void> {
    const c0 = this.core.find(ctrRef);
    const nets = this.d.store.networks.all();
    let net;
    try {
      net = findNetwork(nets, netRef, "on name");
    } catch (e) {
      if (!force || c0.state.status === "running") throw e;
      this.core.save({ ...c0, attachments: c0.attachments.filter((a) => a.networkName !== netRef && a.networkId !== netRef) });
      return;
    }
    await this.core.locked(c0.id, async () => {
      const c: Container = this.core.get(c0.id) ?? c0;
      if (net.name === "host" && c.hostConfig.networkMode === "host") {
        throw invalidParameter("cannot disconnect container from host network - container was created in host network mode");
      }
      const attached = c.attachments.some((a) => a.networkId === net.id);
      const running = c.state.status === "running";
      if (!attached) {
        throw systemError(`container ${c.id} is not connected to ${running ? "network" : "the network"} ${net.name}`);
      }
      const rest = c.attachments.filter((a) => a.networkId !== net.id);
      if (running) {
        const ep = this.d.sandboxes.endpoints(c).find((e) => e.networkId === net.id);
        if (ep) await this.d.sandboxes.detach(c, ep);
      }
      const saved = this.core.save({ ...c, attachments: rest });
      if (running) await Promise.all([this.d.files.refresh(saved), this.d.dns.sync()]);
    });
  }
}
