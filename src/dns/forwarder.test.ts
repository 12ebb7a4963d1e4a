import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { StringAnswer } from "dns-packet";
import { EmbeddedDns } from "./server.js";
import { bindTestSockets, type TestSockets } from "./testing/bound-sockets.js";
import { decode, makeQuery, rcodeName, tcpExchangeRaw, udpExchangeRaw } from "./testing/dns-client.js";
import { startFakeUpstream, type FakeUpstream } from "./testing/fake-upstream.js";
import type { DnsClientView, DnsDirectory, Upstream } from "./types.js";

const dir: DnsDirectory = { networks: [{ id: "n1", name: "front", internal: false, entries: [{ containerId: "c1id", names: ["c1"], ipv4: "10.0.1.2" }] }] };
const addrs = (b: Buffer | undefined): string[] => (decode(b).answers ?? []).map((a) => String((a as StringAnswer).data));
const big = Array.from({ length: 100 }, (_, i) => `192.0.2.${i + 1}`);

describe("forwarding to upstreams", () => {
  const ups: FakeUpstream[] = [];
  const up = async (o: Parameters<typeof startFakeUpstream>[0]): Promise<Upstream> => {
    const u = await startFakeUpstream(o);
    ups.push(u);
    return { address: u.address, port: u.port };
  };
  let good: Upstream, silent: Upstream, trunc: Upstream;
  const dns = new EmbeddedDns({ forwardTimeoutMs: 600 });
  const attach = async (id: string, upstreams: Upstream[], forward = true): Promise<TestSockets> => {
    const s = await bindTestSockets();
    const view: DnsClientView = { containerId: id, networkIds: ["n1"], links: [], upstreams, forward };
    await dns.attach(view, s);
    return s;
  };
  before(async () => {
    dns.setDirectory(dir);
    good = await up({ answers: { "example.com": ["93.184.216.34", "2001:db8::1"], "big.test": big } });
    silent = await up({ answers: {}, silent: true });
    trunc = await up({ answers: { "big.test": big }, truncateUdp: true });
  });
  after(async () => {
    await dns.close();
    await Promise.all(ups.map((u) => u.close()));
  });

  test("other names go to the upstream; its answer comes back with the client's ID", async () => {
    const s = await attach("f1", [good]);
    const r = await udpExchangeRaw(s.port, makeQuery("Example.COM", "A", { id: 4321 }));
    assert.deepEqual([decode(r).id, addrs(r)], [4321, ["93.184.216.34"]]);
    assert.deepEqual(addrs(await udpExchangeRaw(s.port, makeQuery("example.com", "AAAA"))), ["2001:db8::1"]);
    assert.equal(rcodeName(decode(await udpExchangeRaw(s.port, makeQuery("nope.test", "A")))), "NXDOMAIN");
    const [t] = await tcpExchangeRaw(s.port, [makeQuery("example.com", "A", { id: 99 })], 1);
    assert.deepEqual([decode(t).id, addrs(t)], [99, ["93.184.216.34"]]);
    assert.ok(ups[0]?.queries.includes("Example.COM"));
  });

  test("local names are not forwarded", async () => {
    const s = await attach("f2", [good]);
    const before = ups[0]?.queries.length;
    assert.deepEqual(addrs(await udpExchangeRaw(s.port, makeQuery("c1", "A"))), ["10.0.1.2"]);
    assert.equal(ups[0]?.queries.length, before);
  });

  test("a silent upstream is skipped within the overall timeout; all silent or none: SERVFAIL", async () => {
    const s = await attach("f3", [silent, good]);
    const t0 = Date.now();
    assert.deepEqual(addrs(await udpExchangeRaw(s.port, makeQuery("example.com", "A"), 2000)), ["93.184.216.34"]);
    const took = Date.now() - t0;
    assert.ok(took >= 250 && took < 900, `second upstream answered after ${took} ms`);
    const dead = await attach("f4", [silent]);
    const r = decode(await udpExchangeRaw(dead.port, makeQuery("example.com", "A"), 2000));
    assert.equal(rcodeName(r), "SERVFAIL");
    const none = await attach("f5", []);
    assert.equal(rcodeName(decode(await udpExchangeRaw(none.port, makeQuery("example.com", "A")))), "SERVFAIL");
  });

  test("forward=false: unknown names SERVFAIL (as Docker's resolver on internal networks), the upstream is never asked", async () => {
    const s = await attach("f6", [good], false);
    const before = ups[0]?.queries.length;
    assert.equal(rcodeName(decode(await udpExchangeRaw(s.port, makeQuery("example.com", "A")))), "SERVFAIL");
    assert.equal(ups[0]?.queries.length, before);
  });

  test("a truncated upstream answer: UDP clients get TC, TCP clients the whole answer (re-asked over TCP)", async () => {
    const s = await attach("f7", [trunc]);
    const u = decode(await udpExchangeRaw(s.port, makeQuery("big.test", "A")));
    assert.deepEqual([u.flag_tc, u.answers?.length], [true, 0]);
    const [t] = await tcpExchangeRaw(s.port, [makeQuery("big.test", "A", { id: 7 })], 1, 2000);
    assert.deepEqual([decode(t).id, decode(t).flag_tc, addrs(t).length], [7, false, 100]);
    const tu = ups[2];
    assert.deepEqual(tu?.transports.slice(-3), ["udp", "udp", "tcp"]);
  });

  test("an upstream answer larger than a plain UDP client takes becomes TC", async () => {
    const s = await attach("f8", [good]);
    const u = decode(await udpExchangeRaw(s.port, makeQuery("big.test", "A")));
    assert.deepEqual([u.flag_tc, u.answers?.length, rcodeName(u)], [true, 0, "NOERROR"]);
  });
});

test("the per-client cap drops forwards beyond it", async () => {
  const silent = await startFakeUpstream({ answers: {}, silent: true });
  const dns = new EmbeddedDns({ forwardTimeoutMs: 400, maxForwardsPerClient: 2 });
  dns.setDirectory(dir);
  const s = await bindTestSockets();
  await dns.attach({ containerId: "cap", networkIds: ["n1"], links: [], upstreams: [{ address: silent.address, port: silent.port }], forward: true }, s);
  const rs = await Promise.all([1, 2, 3, 4].map((id) => udpExchangeRaw(s.port, makeQuery(`x${id}.test`, "A", { id }), 1500)));
  assert.equal(rs.filter((r) => r !== undefined).length, 2, "two SERVFAILs, two dropped");
  assert.equal(silent.queries.length, 2);
  await dns.close();
  await silent.close();
});
