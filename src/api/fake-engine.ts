/**
 * An in-memory Engine for API tests: predefined bridge/host/none networks, simple create /
 * remove / connect semantics with Docker's error texts, and known containers added by tests.
 * No kernel, no store; just enough behaviour to exercise the wire layer.
 */
import type { DaemonFacts, Engine, NetworkDetail, NetworkService } from "../engine/engine.js";
import { conflict, forbidden, invalidParameter, notFound, systemError } from "../lib/errors.js";
import { newEndpointId, newNetworkId, type ContainerId, type NetworkId } from "../lib/ids.js";
import { nowRfc3339Nano } from "../lib/time.js";
import type { Endpoint, EndpointConfig } from "../model/endpoint.js";
import type { Network, NetworkCreateSpec } from "../model/network.js";
import { PREDEFINED_NETWORK_NAMES } from "../model/network.js";

export const FAKE_FACTS: DaemonFacts = {
  version: "0.1.0",
  apiVersion: "1.47",
  minApiVersion: "1.24",
  gitCommit: "fakecommit",
  kernelVersion: "6.1.0-fake",
  os: "linux",
  arch: "amd64",
  hostname: "fakehost",
  rootDir: "/var/lib/berth-fake",
  defaultAddressPools: [{ base: "172.17.0.0/16", size: 16 }],
  ipv4Forwarding: true,
  firewallBackend: "nftables",
  networkPlugins: ["bridge", "host", "null"],
  runtimes: ["runc"],
  defaultRuntime: "runc",
  cpus: 4,
  memTotal: 8 * 1024 ** 3,
  osName: "Fake Linux",
};

const BRIDGE_OPTIONS: Readonly<Record<string, string>> = {
  "com.docker.network.bridge.default_bridge": "true",
  "com.docker.network.bridge.enable_icc": "true",
  "com.docker.network.bridge.enable_ip_masquerade": "true",
  "com.docker.network.bridge.host_binding_ipv4": "0.0.0.0",
  "com.docker.network.bridge.name": "docker0",
  "com.docker.network.driver.mtu": "1500",
};

function baseNetwork(name: string, driver: string, subnet?: string): Network {
  const octets = subnet?.split("/")[0]?.split(".") ?? [];
  const gateway = octets.length === 4 ? `${octets.slice(0, 3).join(".")}.1` : undefined;
  return {
    id: newNetworkId(),
    name,
    created: nowRfc3339Nano(),
    scope: "local",
    driver,
    enableIPv4: driver === "bridge",
    enableIPv6: false,
    ipam: {
      driver: "default",
      options: null,
      config: subnet ? [{ subnet, ...(gateway ? { gateway } : {}), auxAddresses: {} }] : null,
    },
    internal: false,
    attachable: false,
    ingress: false,
    configFrom: "",
    configOnly: false,
    options: {},
    labels: {},
    predefined: false,
  };
}

interface FakeState {
  readonly networks: Map<string, Network>;
  readonly endpoints: Map<string, Endpoint[]>;
  readonly containers: Map<string, string>; // id -> name
  readonly connects: { network: string; container: string; config: EndpointConfig }[];
  nextSubnet: number;
}

class FakeNetworks implements NetworkService {
  constructor(private readonly st: FakeState) {}

  private detail(n: Network): NetworkDetail {
    return { network: n, endpoints: this.st.endpoints.get(n.id) ?? [] };
  }

  private find(ref: string): Network {
    const all = [...this.st.networks.values()];
    const byId = all.find((n) => n.id === ref);
    if (byId) return byId;
    const byName = all.filter((n) => n.name === ref);
    if (byName.length > 1) throw invalidParameter(`network ${ref} is ambiguous (${byName.length} matches found based on name)`);
    const byPrefix = ref === "" ? [] : all.filter((n) => n.id.startsWith(ref));
    if (byPrefix.length > 1) throw invalidParameter(`network ${ref} is ambiguous (${byPrefix.length} matches found based on ID prefix)`);
    const found = byName[0] ?? byPrefix[0];
    if (!found) throw notFound(`network ${ref} not found`);
    return found;
  }

  private container(ref: string): [ContainerId, string] {
    for (const [id, name] of this.st.containers) if (id === ref || name === ref) return [id as ContainerId, name];
    throw notFound(`No such container: ${ref}`);
  }

  list(): Promise<readonly NetworkDetail[]> {
    return Promise.resolve([...this.st.networks.values()].map((n) => this.detail(n)));
  }

  inspect(ref: string): Promise<NetworkDetail> {
    return Promise.resolve().then(() => this.detail(this.find(ref)));
  }

  create(spec: NetworkCreateSpec): Promise<{ readonly id: string; readonly warning: string }> {
    return Promise.resolve().then(() => {
      if (PREDEFINED_NETWORK_NAMES.includes(spec.name)) {
        throw forbidden(`operation is not permitted on predefined ${spec.name} network `);
      }
      if ([...this.st.networks.values()].some((n) => n.name === spec.name)) {
        throw conflict(`network with name ${spec.name} already exists`);
      }
      if (spec.driver !== "bridge") throw notFound(`plugin "${spec.driver}" not found`);
      const requested = spec.ipam.config[0]?.subnet;
      const base = baseNetwork(spec.name, spec.driver, requested ?? `172.${this.st.nextSubnet++}.0.0/16`);
      const net: Network = {
        ...base,
        enableIPv4: spec.enableIPv4 ?? true,
        enableIPv6: spec.enableIPv6 ?? false,
        ipam: { ...base.ipam, driver: spec.ipam.driver, options: spec.ipam.options },
        internal: spec.internal,
        attachable: spec.attachable,
        options: spec.options,
        labels: spec.labels,
      };
      this.st.networks.set(net.id, net);
      return { id: net.id, warning: "" };
    });
  }

  remove(ref: string): Promise<void> {
    return Promise.resolve().then(() => {
      const n = this.find(ref);
      if (n.predefined) throw forbidden(`${n.name} is a pre-defined network and cannot be removed`);
      const eps = this.st.endpoints.get(n.id) ?? [];
      if (eps.length > 0) {
        const list = eps.map((e) => `name:"${e.name}" id:"${e.id.slice(0, 12)}"`).join(", ");
        throw forbidden(`error while removing network: network ${n.name} has active endpoints (${list})`);
      }
      this.st.networks.delete(n.id);
    });
  }

  prune(match: (n: Network) => boolean): Promise<readonly string[]> {
    const gone: string[] = [];
    for (const n of [...this.st.networks.values()]) {
      if (n.predefined || n.configOnly || (this.st.endpoints.get(n.id)?.length ?? 0) > 0 || !match(n)) continue;
      this.st.networks.delete(n.id);
      gone.push(n.name);
    }
    return Promise.resolve(gone);
  }

  connect(ref: string, container: string, config: EndpointConfig): Promise<void> {
    return Promise.resolve().then(() => {
      const [cid, name] = this.container(container);
      const n = this.find(ref);
      const eps = this.st.endpoints.get(n.id) ?? [];
      if (eps.some((e) => e.containerId === cid)) throw forbidden(`endpoint with name ${name} already exists in network ${n.name}`);
      const prefix = n.ipam.config?.[0]?.subnet.split(".").slice(0, 3).join(".");
      const ep: Endpoint = {
        id: newEndpointId(),
        networkId: n.id as NetworkId,
        containerId: cid,
        name,
        macAddress: `02:42:ac:11:00:${(eps.length + 2).toString(16).padStart(2, "0")}`,
        ipv4Address: prefix ? `${prefix}.${eps.length + 2}/16` : "",
        ipv6Address: "",
        gateway4: prefix ? `${prefix}.1` : "",
        gateway6: "",
        ifname: `eth${eps.length}`,
        hostVeth: `veth${cid.slice(0, 7)}`,
      };
      this.st.endpoints.set(n.id, [...eps, ep]);
      this.st.connects.push({ network: n.id, container: cid, config });
    });
  }

  disconnect(ref: string, container: string, force: boolean): Promise<void> {
    return Promise.resolve().then(() => {
      const n = this.find(ref);
      const [cid] = this.container(container);
      const eps = this.st.endpoints.get(n.id) ?? [];
      if (!eps.some((e) => e.containerId === cid) && !force) {
        throw systemError(`container ${cid} is not connected to network ${n.name}`);
      }
      this.st.endpoints.set(n.id, eps.filter((e) => e.containerId !== cid));
    });
  }
}

/** The fake engine, plus hooks tests use to arrange state and observe calls. */
export class FakeEngine implements Engine {
  private readonly st: FakeState = { networks: new Map(), endpoints: new Map(), containers: new Map(), connects: [], nextSubnet: 18 };
  readonly networks: NetworkService = new FakeNetworks(this.st);

  constructor(private readonly factsValue: DaemonFacts = FAKE_FACTS) {
    const bridge = { ...baseNetwork("bridge", "bridge", "172.17.0.0/16"), options: BRIDGE_OPTIONS, predefined: true };
    for (const n of [bridge, { ...baseNetwork("host", "host"), predefined: true }, { ...baseNetwork("none", "null"), predefined: true }]) {
      this.st.networks.set(n.id, n);
    }
  }

  facts(): DaemonFacts {
    return this.factsValue;
  }

  /** Registers a (running) container the network calls may name. */
  addContainer(id: string, name: string): void {
    this.st.containers.set(id, name);
  }

  /** Forgets a container (and its endpoints) the network calls may name. */
  removeContainer(id: string): void {
    this.st.containers.delete(id);
    for (const [net, eps] of this.st.endpoints) this.st.endpoints.set(net, eps.filter((e) => e.containerId !== id));
  }

  /** Puts a network in place as given (tests of exact encoding). */
  putNetwork(n: Network): void {
    this.st.networks.set(n.id, n);
  }

  /** Every successful connect, in order, with the decoded EndpointConfig. */
  get connects(): readonly { network: string; container: string; config: EndpointConfig }[] {
    return this.st.connects;
  }
}
