import { test } from "node:test";
import assert from "node:assert/strict";
import type { ResolverSockets } from "../../dns/server.js";
import type { DnsClientView, DnsDirectory } from "../../dns/types.js";
import type { Container } from "../../model/container.js";
import { emptyEndpointConfig } from "../../model/endpoint.js";
import { bareContainer, sampleEndpoint } from "../../store/container-samples.js";
import { openMemoryStore } from "../../store/memory-store.js";
import { fullBridge } from "../../store/network-samples.js";
import { ContainerDns, type DnsBackend } from "./container-dns.js";

class FakeBackend implements DnsBackend {
  dir: DnsDirectory = { networks: [] };
  readonly clients = new Map<string, DnsClientView>();
  readonly opened: string[] = [];
  setDirectory(dir: DnsDirectory): void {
    this.dir = dir;
  }
  async attach(client: DnsClientView, _s: ResolverSockets): Promise<void> {
    this.clients.set(client.containerId, client);
  }
  updateClient(client: DnsClientView): void {
    this.clients.set(client.containerId, client);
  }
  async detach(id: string): Promise<void> {
    this.clients.delete(id);
  }
}

function setup(failOpen = false) {
  const store = openMemoryStore();
  const backend = new FakeBackend();
  const logs: string[] = [];
  const net = fullBridge("net1", { internal: false });
  store.tx(() => store.networks.insert(net));
  const dns = new ContainerDns({
    store,
    backend,
    openSockets: (path) => {
      if (failOpen) throw new Error("no such namespace");
      backend.opened.push(path);
      return { udpFd: -1, tcpFd: -1 };
    },
    sandboxPath: (c) => `/run/netns/x-${c.name}`,
    hostnameOf: (c) => c.name,
    upstreamsOf: async () => [{ address: "198.51.100.53", port: 53 }],
    log: (l) => logs.push(l),
  });
  const add = (name: string, withEndpoint: boolean): Container => {
    const c: Container = {
      ...bareContainer(name),
      hostConfig: { ...bareContainer(name).hostConfig, networkMode: "net1" },
      attachments: [{ networkId: net.id, networkName: "net1", config: emptyEndpointConfig }],
    };
    store.tx(() => store.containers.insert(c));
    if (withEndpoint) store.tx(() => store.endpoints.insert(sampleEndpoint(c, net.id, { ipv4Address: `10.0.0.${store.endpoints.all().length + 2}/24`, ipv6Address: "" })));
    return c;
  };
  return { store, backend, dns, add, logs };
}

test("sync opens a resolver for each container with a live endpoint on a user network, once", async () => {
  const { backend, dns, add } = setup();
  const a = add("a", true);
  add("b", false);
  await dns.sync();
  await dns.sync();
  assert.deepEqual(backend.opened, ["/run/netns/x-a"]);
  assert.deepEqual([...backend.clients.keys()], [a.id]);
  assert.deepEqual(backend.dir.networks[0]?.entries.map((e) => e.names[0]), ["a"]);
});

test("a container whose endpoint is gone loses its resolver and its names; release closes at once", async () => {
  const { store, backend, dns, add } = setup();
  const a = add("a", true);
  const b = add("b", true);
  await dns.sync();
  const ep = store.endpoints.byContainer(b.id)[0];
  if (ep) store.tx(() => store.endpoints.remove(ep.id));
  await dns.sync();
  assert.deepEqual([...backend.clients.keys()], [a.id]);
  assert.deepEqual(backend.dir.networks[0]?.entries.map((e) => e.names[0]), ["a"]);
  await dns.release(a.id);
  assert.equal(backend.clients.size, 0);
});

test("a namespace that cannot be entered is logged, not thrown", async () => {
  const { backend, dns, add, logs } = setup(true);
  add("a", true);
  await dns.sync();
  assert.equal(backend.clients.size, 0);
  assert.match(logs.join("\n"), /no resolver for a: no such namespace/);
});
