/**
 * The embedded DNS's native UDP responder (native/netns/responder.c) on the real kernel: a
 * repeated question is answered by the responder thread with the asker's ID, a changed
 * directory is seen at once (the mirrored cache goes with it), misses reach JavaScript, and
 * closing frees the socket. dig runs inside a fresh namespace, with +nocookie so that its
 * repeated questions are byte-identical after the ID, as a libc stub's are.
 */
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { closeSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { EmbeddedDns } from "../../src/dns/server.js";
import type { DnsDirectory } from "../../src/dns/types.js";
import { exec } from "../../src/kernel/exec.js";
import { openResolverSockets } from "../../src/kernel/netns-socket.js";
import { openUdpResponder, udpResponderAvailable } from "../../src/kernel/udp-responder.js";
import { assertTestNetnsDisposed, testNetns } from "../harness/netns-fixture.js";
import { kernelSkipReason, onPath } from "../harness/root.js";

const skip = kernelSkipReason() ?? (onPath("dig") ? false : "needs dig (dnsutils)");
const addonSkip = udpResponderAvailable() ? false : "netns addon without the responder (npm run build:native)";

const directory = (ipv4: string): DnsDirectory => ({
  networks: [{ id: "n1", name: "front", internal: false, entries: [{ containerId: "c1id", names: ["c1"], ipv4 }] }],
});
const view = { containerId: "me", networkIds: ["n1"], links: [], upstreams: [], forward: false };

async function dig(path: string, args: string[]): Promise<string> {
  const r = await exec(["dig", "@127.0.0.11", "+short", "+nocookie", "+time=2", "+tries=1", ...args], { netns: { kind: "path", path }, timeoutMs: 10_000 });
  return r.stdout.trim();
}

describe("native UDP responder", { skip: skip || addonSkip }, () => {
  after(assertTestNetnsDisposed);

  test("repeats are answered natively; a directory change is seen at once", async (t) => {
    const ns = await testNetns(t, "resp");
    const dns = new EmbeddedDns();
    t.after(() => dns.close());
    dns.setDirectory(directory("10.0.1.2"));
    await dns.attach(view, openResolverSockets(ns.path));

    for (let i = 0; i < 5; i++) assert.equal(await dig(ns.path, ["c1"]), "10.0.1.2");
    const s = dns.udpStats("me");
    assert.ok(s, "the session reads UDP through the responder");
    assert.equal(s.misses, 1, "only the first question reached JavaScript");
    assert.equal(s.hits, 4);

    dns.setDirectory(directory("10.0.1.3"));
    assert.equal(await dig(ns.path, ["c1"]), "10.0.1.3", "no stale native answer after a change");
    assert.equal(dns.udpStats("me")?.misses, 2);
    assert.equal(await dig(ns.path, ["+tcp", "c1"]), "10.0.1.3", "TCP is answered too");
    assert.equal(await dig(ns.path, ["unknown.invalid"]), "", "an unknown name on a non-forwarding client");
  });

  test("a flood of unanswerable questions is bounded and the resolver keeps answering", { skip: onPath("dnsperf") ? false : "needs dnsperf" }, async (t) => {
    const ns = await testNetns(t, "resp-flood");
    const dns = new EmbeddedDns({ forwardTimeoutMs: 300 });
    t.after(() => dns.close());
    dns.setDirectory(directory("10.0.1.2"));
    // Forwarded to a port nobody answers on: every question is a miss that waits out its budget.
    await dns.attach({ ...view, forward: true, upstreams: [{ address: "127.0.0.1", port: 9 }] }, openResolverSockets(ns.path));
    const dir = mkdtempSync(path.join(tmpdir(), "berth-flood-"));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(path.join(dir, "q"), Array.from({ length: 5000 }, (_, i) => `n${i}.flood.test A`).join("\n") + "\n");
    const rss = process.memoryUsage().rss;
    await exec(["dnsperf", "-s", "127.0.0.11", "-d", path.join(dir, "q"), "-l", "2", "-q", "20000", "-t", "1", "-c", "4"], { netns: { kind: "path", path: ns.path }, timeoutMs: 30_000 });
    const grown = (process.memoryUsage().rss - rss) / 2 ** 20;
    assert.ok(grown < 64, `memory grew by ${grown.toFixed(1)} MiB`);
    assert.equal(await dig(ns.path, ["c1"]), "10.0.1.2", "still answering");
    const st = dns.udpStats("me");
    t.diagnostic(`flood: ${JSON.stringify(st)}, rss +${grown.toFixed(1)} MiB`);
    assert.ok((st?.misses ?? 0) > 500, "the flood reached the resolver");
  });

  test("misses reach JavaScript with the asker's address; replies keep the asker's ID; close frees the port", async (t) => {
    const ns = await testNetns(t, "resp-raw");
    const { udpFd, tcpFd } = openResolverSockets(ns.path);
    const seen: string[] = [];
    const r = openUdpResponder(udpFd, (msg, address, port) => {
      seen.push(address);
      // Echo the question as an answerless NOERROR response (QR set); cache it for repeats.
      const reply = Buffer.from(msg);
      reply[2] = (reply[2] ?? 0) | 0x80;
      r.put(msg.subarray(2), reply);
      r.send(reply, address, port);
    });
    t.after(() => r.close());
    const dump = await exec(["dig", "@127.0.0.11", "+nocookie", "+time=2", "+tries=1", "-q", "x.test"], { netns: { kind: "path", path: ns.path } });
    assert.match(dump.stdout, /status: NOERROR/);
    const again = await exec(["dig", "@127.0.0.11", "+nocookie", "+time=2", "+tries=1", "-q", "x.test"], { netns: { kind: "path", path: ns.path } });
    assert.match(again.stdout, /status: NOERROR/, "the cached reply carries the new query's ID (dig rejects a wrong ID)");
    assert.deepEqual(seen, ["127.0.0.1"]);
    assert.deepEqual(r.stats(), { hits: 1, misses: 1, dropped: 0 });
    r.close();
    const left = await exec(["ss", "-Hlnu", "src", "127.0.0.11:53"], { netns: { kind: "path", path: ns.path } });
    assert.equal(left.stdout.trim(), "", "close released the UDP socket");
    closeSync(tcpFd);
  });
});
