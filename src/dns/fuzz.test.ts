/**
 * Fuzzing the server: 20,000+ random and mutated packets over loopback UDP, random byte
 * streams over TCP, and the same packets straight into handleQuery. The server must never
 * crash or throw, every datagram it sends back must be a DNS response, and it must still
 * answer correctly afterwards.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import dgram from "node:dgram";
import net from "node:net";
import dnsPacket, { type RecordType } from "dns-packet";
import { AnswerCache } from "./answer-cache.js";
import { Forwarder } from "./forwarder.js";
import { handleQuery, type ServerContext } from "./handler.js";
import { classify } from "./wire.js";
import { EmbeddedDns } from "./server.js";
import { bindTestSockets } from "./testing/bound-sockets.js";
import { decode, makeQuery, udpExchangeRaw } from "./testing/dns-client.js";
import { startFakeUpstream } from "./testing/fake-upstream.js";
import type { DnsClientView, DnsDirectory } from "./types.js";

const dir: DnsDirectory = {
  networks: [{ id: "n1", name: "front", internal: false, entries: [{ containerId: "c1id", names: ["c1", "web"], ipv4: "10.0.1.2", ipv6: "fd00::2" }, { containerId: "c2id", names: ["web"], ipv4: "10.0.1.3" }] }],
};

/** A small deterministic PRNG so a failure can be replayed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPES: RecordType[] = ["A", "AAAA", "PTR", "MX", "TXT", "SRV", "ANY" as RecordType, "CNAME"];
const NAMES = ["c1", "WEB", "web.front", "2.1.0.10.in-addr.arpa", "example.com", "x.y.z", "."];

function packets(count: number, seed: number): Buffer[] {
  const r = prng(seed);
  const int = (n: number): number => Math.floor(r() * n);
  const out: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const base = makeQuery(NAMES[int(NAMES.length)] ?? "c1", TYPES[int(TYPES.length)] ?? "A", { id: int(65536), ...(r() < 0.3 ? { edns: int(5000) } : {}) });
    const kind = int(6);
    if (kind === 0) out.push(Buffer.from(Array.from({ length: int(80) }, () => int(256))));
    else if (kind === 1) out.push(base.subarray(0, int(base.length + 1)));
    else if (kind === 2) {
      const b = Buffer.from(base);
      for (let k = 0; k <= int(4); k++) b[int(b.length)] = int(256);
      out.push(b);
    } else if (kind === 3) {
      const b = Buffer.from(base);
      b.writeUInt16BE(int(65536), 2 + 2 * int(6)); // flags or a count
      out.push(b);
    } else if (kind === 4) out.push(Buffer.concat([base, Buffer.from(Array.from({ length: int(40) }, () => int(256)))]));
    else out.push(base);
  }
  return out;
}

test("handleQuery survives 60,000 random and mutated packets and never throws", async (t) => {
  const upstream = await startFakeUpstream({ answers: { "example.com": ["192.0.2.1"] } });
  t.after(() => upstream.close());
  const logs: string[] = [];
  const server: ServerContext = { directory: () => dir, forwarder: new Forwarder({ timeoutMs: 300 }), ttlSeconds: 10, maxForwardsPerClient: 64, log: (m) => logs.push(m) };
  const view: DnsClientView = { containerId: "fz", networkIds: ["n1"], links: [{ alias: "lnk", ipv4: "10.0.1.9" }], upstreams: [{ address: upstream.address, port: upstream.port }], forward: true };
  const client = { view, cache: new AnswerCache(256), forwards: 0 };
  const later: Promise<unknown>[] = [];
  let answered = 0;
  for (const p of packets(60_000, 1)) {
    const reply = handleQuery(server, client, p, p.length % 2 ? "udp" : "tcp");
    if (reply instanceof Promise) later.push(reply);
    else if (reply) {
      answered++;
      const d = dnsPacket.decode(reply);
      assert.equal(d.flag_qr, true);
      assert.equal(d.id, p.readUInt16BE(0));
    }
  }
  await Promise.all(later);
  assert.ok(answered > 10_000, `answered ${answered}`);
  assert.deepEqual(logs, []);
});

test("the server over UDP and TCP survives 20,000 fuzzed datagrams and random TCP streams", async (t) => {
  const upstream = await startFakeUpstream({ answers: { "example.com": ["192.0.2.1"] } });
  const logs: string[] = [];
  const dns = new EmbeddedDns({ forwardTimeoutMs: 300, log: (m) => logs.push(m) });
  t.after(() => Promise.all([dns.close(), upstream.close()]));
  dns.setDirectory(dir);
  const s = await bindTestSockets();
  await dns.attach({ containerId: "fz", networkIds: ["n1"], links: [], upstreams: [{ address: upstream.address, port: upstream.port }], forward: true }, s);
  const sock = dgram.createSocket("udp4");
  let responses = 0;
  let bad = 0;
  sock.on("message", (m) => {
    responses++;
    try {
      if (!dnsPacket.decode(m).flag_qr) bad++;
    } catch {
      bad++;
    }
  });
  await new Promise<void>((res) => sock.bind(0, "127.0.0.1", () => res()));
  const all = packets(20_000, 2);
  for (let i = 0; i < all.length; i += 50) {
    // Paced so the kernel's socket buffers rarely overflow (the machine may be busy: 10% slack).
    await Promise.all(all.slice(i, i + 50).map((p) => new Promise<void>((res) => sock.send(p, s.port, "127.0.0.1", () => res()))));
    await new Promise((r) => setTimeout(r, 5));
  }
  const r = prng(3);
  await Promise.all(Array.from({ length: 20 }, (_, i) => new Promise<void>((res) => {
    const c = net.connect(s.port, "127.0.0.1", () => {
      const junk = Buffer.concat(packets(50, 100 + i).map((p) => Buffer.concat([Buffer.from([r() < 0.5 ? 0 : 255, p.length & 255]), p])));
      c.end(junk);
    });
    c.on("data", () => undefined);
    c.on("error", () => res());
    c.on("close", () => res());
  })));
  await new Promise((res) => setTimeout(res, 700));
  sock.close();
  assert.equal(bad, 0, "every datagram back is a DNS response");
  const expected = all.filter((p) => classify(p).kind !== "drop").length;
  assert.ok(responses >= expected * 0.9 && responses <= expected, `${responses} responses to ${expected} answerable of ${all.length} datagrams`);
  const after = decode(await udpExchangeRaw(s.port, makeQuery("c1", "A")));
  assert.deepEqual(after.answers?.map((a) => (a.type === "A" ? a.data : "")), ["10.0.1.2"]);
  assert.deepEqual(logs, []);
});
