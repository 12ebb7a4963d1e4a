/**
 * The netns addon and the embedded DNS on the real kernel: resolver sockets at 127.0.0.11:53
 * inside a fresh namespace, queried with dig from inside it over UDP and TCP; nothing of it
 * appears in the host namespace, and the daemon's thread is back in its own namespace.
 */
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readlinkSync } from "node:fs";
import { EmbeddedDns } from "../../src/dns/server.js";
import { startFakeUpstream } from "../../src/dns/testing/fake-upstream.js";
import { exec } from "../../src/kernel/exec.js";
import { netnsAddonAvailable, openResolverSockets } from "../../src/kernel/netns-socket.js";
import { assertTestNetnsDisposed, testNetns } from "../harness/netns-fixture.js";
import { kernelSkipReason, onPath } from "../harness/root.js";

const skip = kernelSkipReason() ?? (onPath("dig") ? false : "needs dig (dnsutils)");
const addonSkip = netnsAddonAvailable() ? false : "netns addon not built (npm run build:native)";

const dir = { networks: [{ id: "n1", name: "front", internal: false, entries: [{ containerId: "c1id", names: ["c1", "web"], ipv4: "10.0.1.2", ipv6: "fd00::2" }] }] };

async function dig(path: string, args: string[]): Promise<string> {
  const r = await exec(["dig", "@127.0.0.11", "+short", "+time=2", "+tries=1", ...args], { netns: { kind: "path", path }, timeoutMs: 10_000 });
  return r.stdout.trim();
}

describe("resolver sockets in a container namespace", { skip: skip || addonSkip }, () => {
  after(assertTestNetnsDisposed);

  test("dig inside the namespace gets answers over UDP and TCP; the host has no 127.0.0.11:53", async (t) => {
    const ns = await testNetns(t, "dns");
    const hostNs = readlinkSync("/proc/thread-self/ns/net");
    const upstream = await startFakeUpstream({ answers: { "example.com": ["192.0.2.7"] } });
    const dns = new EmbeddedDns();
    t.after(() => Promise.all([dns.close(), upstream.close()]));
    dns.setDirectory(dir);
    const fds = openResolverSockets(ns.path);
    assert.equal(readlinkSync("/proc/thread-self/ns/net"), hostNs, "the thread is back in its own namespace");
    await dns.attach({ containerId: "me", networkIds: ["n1"], links: [], upstreams: [{ address: upstream.address, port: upstream.port }], forward: true }, fds);

    assert.equal(await dig(ns.path, ["c1"]), "10.0.1.2");
    assert.equal(await dig(ns.path, ["+tcp", "WEB", "AAAA"]), "fd00::2");
    assert.equal(await dig(ns.path, ["-x", "10.0.1.2"]), "c1.front.");
    assert.equal(await dig(ns.path, ["example.com"]), "192.0.2.7", "forwarded from the host namespace to 127.0.0.1");
    assert.equal(await dig(ns.path, ["+tcp", "example.com"]), "192.0.2.7");

    const ss = await exec(["ss", "-Hlnu", "src", "127.0.0.11"]);
    const st = await exec(["ss", "-Hlnt", "src", "127.0.0.11"]);
    assert.equal(ss.stdout.trim() + st.stdout.trim(), "", "no listener on 127.0.0.11 in the host namespace");
    const inside = await exec(["ss", "-Hlnu", "src", "127.0.0.11:53"], { netns: ns.ns });
    assert.match(inside.stdout, /127\.0\.0\.11:53/);

    await dns.detach("me");
    const left = await exec(["ss", "-Hlnut", "src", "127.0.0.11"], { netns: ns.ns });
    assert.equal(left.stdout.trim(), "", "detach closed both sockets");
  });

  test("errors name the failing step and leave the thread where it was", async (t) => {
    const ns = await testNetns(t, "dns-err");
    const hostNs = readlinkSync("/proc/thread-self/ns/net");
    assert.throws(() => openResolverSockets("/run/netns/bt-no-such-ns"), /open\(netns\).*No such file/);
    assert.throws(() => openResolverSockets(ns.path, "not-an-ip"), /IPv4 or IPv6/);
    assert.throws(() => openResolverSockets(ns.path, "192.0.2.1"), /bind\(udp\): Cannot assign requested address/);
    const first = openResolverSockets(ns.path);
    assert.throws(() => openResolverSockets(ns.path), /bind\(udp\): Address already in use/);
    assert.equal(readlinkSync("/proc/thread-self/ns/net"), hostNs);
    const dns = new EmbeddedDns();
    await dns.attach({ containerId: "x", networkIds: [], links: [], upstreams: [], forward: false }, first);
    await dns.close();
  });
});
