import { test } from "node:test";
import assert from "node:assert/strict";
import type { Container } from "../../model/container.js";
import { emptyEndpointConfig } from "../../model/endpoint.js";
import type { Network } from "../../model/network.js";
import { bareContainer, sampleEndpoint } from "../../store/container-samples.js";
import { fullBridge } from "../../store/network-samples.js";
import { buildDirectory, clientView, wantsResolver, type DirectoryInput } from "./dns-directory.js";

function on(c: Container, nets: Network[], aliases: Record<string, string[]> = {}): Container {
  return {
    ...c,
    hostConfig: { ...c.hostConfig, networkMode: nets[0]?.name ?? "none" },
    attachments: nets.map((n) => ({ networkId: n.id, networkName: n.name, config: { ...emptyEndpointConfig, aliases: aliases[n.name] ?? [] } })),
  };
}

function world() {
  const net1 = fullBridge("net1", { internal: false });
  const net2 = fullBridge("net2", { internal: false });
  const inside = fullBridge("inside", { internal: true });
  const bridge = fullBridge("bridge", { predefined: true, internal: false });
  const web = on(bareContainer("web"), [net1], { net1: ["www"] });
  const db = on(bareContainer("db"), [net1, net2]);
  const other = on(bareContainer("other"), [net2]);
  const legacy = on(bareContainer("legacy"), [bridge]);
  const secret = on(bareContainer("secret"), [inside]);
  const stopped = on(bareContainer("stopped"), [net1]);
  const endpoints = [
    sampleEndpoint(web, net1.id, { ipv4Address: "10.1.0.2/24", ipv6Address: "" }),
    sampleEndpoint(db, net1.id, { ipv4Address: "10.1.0.3/24", ipv6Address: "fd01::3/64" }),
    sampleEndpoint(db, net2.id, { ipv4Address: "10.2.0.3/24", ipv6Address: "" }),
    sampleEndpoint(other, net2.id, { ipv4Address: "10.2.0.4/24", ipv6Address: "" }),
    sampleEndpoint(legacy, bridge.id, { ipv4Address: "172.17.0.2/16", ipv6Address: "" }),
    sampleEndpoint(secret, inside.id, { ipv4Address: "10.3.0.2/24", ipv6Address: "" }),
  ];
  const input: DirectoryInput = {
    networks: [net1, net2, inside, bridge],
    containers: [web, db, other, legacy, secret, stopped],
    endpoints,
    hostnameOf: (c) => `${c.name}-host`,
  };
  return { input, net1, net2, inside, bridge, web, db, other, legacy, secret, stopped };
}

test("the directory holds user-defined networks only, with Docker's DNSNames per live endpoint", () => {
  const w = world();
  const dir = buildDirectory(w.input);
  assert.deepEqual(dir.networks.map((n) => n.name), ["net1", "net2", "inside"]);
  const net1 = dir.networks.find((n) => n.name === "net1");
  assert.deepEqual(net1?.entries.map((e) => e.containerId), [w.web.id, w.db.id], "a container without an endpoint (stopped) has no names");
  assert.deepEqual(net1?.entries[0], { containerId: w.web.id, names: ["web", "www", w.web.id.slice(0, 12), "web-host"], ipv4: "10.1.0.2" });
  assert.deepEqual(net1?.entries[1]?.ipv6, "fd01::3");
  assert.equal(dir.networks.find((n) => n.name === "inside")?.internal, true);
});

test("a client sees its own user-defined networks; internal-only clients never forward", () => {
  const w = world();
  const up = [{ address: "198.51.100.53", port: 53 }];
  assert.deepEqual(clientView(w.db, w.input, up), { containerId: w.db.id, networkIds: [w.net1.id, w.net2.id], links: [], upstreams: up, forward: true });
  assert.equal(clientView(w.legacy, w.input, up), undefined, "the default bridge has no embedded DNS");
  assert.equal(clientView(w.stopped, w.input, up), undefined);
  assert.equal(clientView(w.secret, w.input, up)?.forward, false);
});

test("--link aliases resolve to the target's address on a network both share, for the linker only", () => {
  const w = world();
  const linker = { ...w.other, hostConfig: { ...w.other.hostConfig, links: ["db:database", "web:site", "nosuch:x"] } };
  const view = clientView(linker, { ...w.input, containers: w.input.containers.map((c) => (c.id === linker.id ? linker : c)) }, []);
  assert.deepEqual(view?.links, [{ alias: "database", ipv4: "10.2.0.3" }], "web shares no network with the linker; nosuch does not exist");
});

test("who gets a resolver: containers attached to a user-defined network, not host or container: modes", () => {
  const w = world();
  assert.equal(wantsResolver(w.web, w.input.networks), true);
  assert.equal(wantsResolver(w.legacy, w.input.networks), false);
  assert.equal(wantsResolver({ ...w.web, hostConfig: { ...w.web.hostConfig, networkMode: `container:${w.db.id}` } }, w.input.networks), false);
  const late = on(bareContainer("late"), [w.bridge, w.net1]);
  assert.equal(wantsResolver(late, w.input.networks), true, "connected to a user network besides the default bridge");
});
