import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import dnsPacket, { type StringAnswer } from "dns-packet";
import { EmbeddedDns } from "./server.js";
import { bindTestSockets, type TestSockets } from "./testing/bound-sockets.js";
import { decode, makeQuery, rcodeName, tcpExchangeRaw, udpExchangeRaw } from "./testing/dns-client.js";
import type { DnsClientView, DnsDirectory } from "./types.js";

const many = Array.from({ length: 200 }, (_, i) => ({ containerId: `m${i}`, names: [`m${i}`, "crowd"], ipv4: `10.1.${i >> 8}.${(i & 255) + 1}` }));
const dir: DnsDirectory = {
  networks: [
    { id: "n1", name: "front", internal: false, entries: [{ containerId: "c1id", names: ["c1"], ipv4: "10.0.1.2" }, ...many] },
    { id: "n2", name: "other", internal: false, entries: [{ containerId: "c9id", names: ["c9"], ipv4: "10.0.9.2" }] },
  ],
};
const view: DnsClientView = { containerId: "me", networkIds: ["n1"], links: [], upstreams: [], forward: true };
const addrs = (b: Buffer | undefined): string[] => (decode(b).answers ?? []).map((a) => String((a as StringAnswer).data));

describe("EmbeddedDns on loopback sockets", () => {
  const dns = new EmbeddedDns();
  let s: TestSockets;
  before(async () => {
    dns.setDirectory(dir);
    s = await bindTestSockets();
    await dns.attach(view, s);
  });
  after(() => dns.close());

  test("answers A over UDP and TCP with the query's ID, AA, RD echoed and TTL 10", async () => {
    const u = decode(await udpExchangeRaw(s.port, makeQuery("C1", "A", { id: 777 })));
    assert.equal(u.id, 777);
    assert.deepEqual([u.flag_qr, u.flag_aa, u.flag_rd, u.flag_tc, rcodeName(u)], [true, true, true, false, "NOERROR"]);
    assert.deepEqual(u.questions, [{ name: "C1", type: "A", class: "IN" }]);
    assert.deepEqual(u.answers?.map((a) => [a.name, (a as StringAnswer).ttl, (a as StringAnswer).data]), [["C1", 10, "10.0.1.2"]]);
    const [t] = await tcpExchangeRaw(s.port, [makeQuery("c1", "A", { id: 778 })], 1);
    assert.equal(decode(t).id, 778);
    assert.deepEqual(addrs(t), ["10.0.1.2"]);
  });

  test("a cached answer carries each query's own ID", async () => {
    for (const id of [1, 2, 65535]) assert.equal(decode(await udpExchangeRaw(s.port, makeQuery("c1", "A", { id }))).id, id);
  });

  test("several queries on one TCP connection are all answered", async () => {
    const qs = [makeQuery("c1", "A", { id: 1 }), makeQuery("nosuch.invalid", "A", { id: 2 }), makeQuery("c1", "AAAA", { id: 3 })];
    const rs = (await tcpExchangeRaw(s.port, qs, 3)).map((r) => decode(r));
    assert.deepEqual(rs.map((r) => [r.id, rcodeName(r), r.answers?.length]).sort(), [[1, "NOERROR", 1], [2, "SERVFAIL", 0], [3, "NOERROR", 0]]);
  });

  test("200 holders of an alias: TC over plain UDP, fits nothing smaller than the EDNS size, all of them over TCP", async () => {
    const plain = decode(await udpExchangeRaw(s.port, makeQuery("crowd", "A")));
    assert.deepEqual([plain.flag_tc, plain.answers?.length, plain.additionals?.length], [true, 0, 0]);
    const edns = decode(await udpExchangeRaw(s.port, makeQuery("crowd", "A", { edns: 4096 })));
    assert.equal(edns.flag_tc, true, "200 A records exceed our 1232-byte UDP limit");
    const opt = edns.additionals?.[0];
    assert.deepEqual([opt?.type, opt?.type === "OPT" ? opt.udpPayloadSize : 0], ["OPT", 1232]);
    const [t] = await tcpExchangeRaw(s.port, [makeQuery("crowd", "A", { edns: 4096 })], 1);
    assert.equal(new Set(addrs(t)).size, 200);
  });

  test("EDNS: OPT echoed when asked, absent when not; version 1 gets BADVERS", async () => {
    const r = decode(await udpExchangeRaw(s.port, makeQuery("c1", "A", { edns: 1232 })));
    assert.deepEqual(r.additionals?.map((a) => a.type), ["OPT"]);
    assert.deepEqual(decode(await udpExchangeRaw(s.port, makeQuery("c1", "A"))).additionals, []);
    const q = dnsPacket.encode({
      id: 5,
      questions: [{ name: "c1", type: "A" }],
      additionals: [{ type: "OPT", name: ".", udpPayloadSize: 1232, extendedRcode: 0, ednsVersion: 1, flags: 0, flag_do: false, options: [] }],
    });
    const bad = decode(await udpExchangeRaw(s.port, q));
    const opt = bad.additionals?.[0];
    assert.equal(opt?.type === "OPT" ? opt.extendedRcode : -1, 1, "BADVERS = 16: extended rcode 1, header rcode 0");
    assert.deepEqual([rcodeName(bad), bad.answers?.length], ["NOERROR", 0]);
  });

  test("bad input: responses dropped, other opcodes NOTIMP, 0 or 2 questions FORMERR, garbage FORMERR, class CH REFUSED", async () => {
    const resp = dnsPacket.encode({ type: "response", id: 9, questions: [{ name: "c1", type: "A" }] });
    assert.equal(await udpExchangeRaw(s.port, resp, 200), undefined);
    assert.equal(await udpExchangeRaw(s.port, Buffer.from([1, 2, 3]), 200), undefined);
    const notify = dnsPacket.encode({ id: 10, flags: 4 << 11, questions: [{ name: "c1", type: "A" }] });
    assert.equal(rcodeName(decode(await udpExchangeRaw(s.port, notify))), "NOTIMP");
    const none = dnsPacket.encode({ id: 11, questions: [] });
    assert.equal(rcodeName(decode(await udpExchangeRaw(s.port, none))), "FORMERR");
    const two = dnsPacket.encode({ id: 12, questions: [{ name: "c1", type: "A" }, { name: "c1", type: "AAAA" }] });
    assert.equal(rcodeName(decode(await udpExchangeRaw(s.port, two))), "FORMERR");
    const junk = Buffer.concat([Buffer.from([0, 13, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]), Buffer.from([60, 1, 2])]);
    assert.deepEqual([decode(await udpExchangeRaw(s.port, junk)).id, rcodeName(decode(await udpExchangeRaw(s.port, junk)))], [13, "FORMERR"]);
    const ch = dnsPacket.encode({ id: 14, questions: [{ name: "version.bind", type: "TXT", class: "CH" }] });
    assert.equal(rcodeName(decode(await udpExchangeRaw(s.port, ch))), "REFUSED");
  });

  test("setDirectory and updateClient drop cached answers", async () => {
    assert.deepEqual(addrs(await udpExchangeRaw(s.port, makeQuery("c1", "A"))), ["10.0.1.2"]);
    const moved: DnsDirectory = { networks: [{ id: "n1", name: "front", internal: false, entries: [{ containerId: "c1id", names: ["c1"], ipv4: "10.0.1.77" }] }, ...dir.networks.slice(1)] };
    dns.setDirectory(moved);
    assert.deepEqual(addrs(await udpExchangeRaw(s.port, makeQuery("c1", "A"))), ["10.0.1.77"]);
    dns.updateClient({ ...view, networkIds: ["n2"], forward: false });
    assert.equal(rcodeName(decode(await udpExchangeRaw(s.port, makeQuery("c1", "A")))), "SERVFAIL");
    assert.deepEqual(addrs(await udpExchangeRaw(s.port, makeQuery("c9", "A"))), ["10.0.9.2"]);
    dns.updateClient(view);
    dns.setDirectory(dir);
  });
});

describe("EmbeddedDns lifecycle and limits", () => {
  test("detach closes the client's sockets; has() follows attach and detach", async () => {
    const dns = new EmbeddedDns();
    dns.setDirectory(dir);
    const s = await bindTestSockets();
    await dns.attach(view, s);
    assert.equal(dns.has("me"), true);
    await dns.detach("me");
    assert.equal(dns.has("me"), false);
    assert.equal(await udpExchangeRaw(s.port, makeQuery("c1", "A"), 200), undefined);
    assert.deepEqual(await tcpExchangeRaw(s.port, [makeQuery("c1", "A")], 1, 300), []);
    await dns.detach("me");
    await dns.close();
  });

  test("TCP: connections beyond the cap are closed, idle ones time out", async () => {
    const dns = new EmbeddedDns({ maxTcpConnections: 2, tcpIdleMs: 150 });
    dns.setDirectory(dir);
    const s = await bindTestSockets();
    await dns.attach(view, s);
    const net = await import("node:net");
    const open = await Promise.all([0, 1].map(() => new Promise<import("node:net").Socket>((res) => { const c = net.connect(s.port, "127.0.0.1", () => res(c)); })));
    const closedAt = open.map((c) => new Promise<number>((res) => c.on("close", () => res(Date.now()))));
    const t0 = Date.now();
    await new Promise((r) => setTimeout(r, 30));
    assert.deepEqual(await tcpExchangeRaw(s.port, [makeQuery("c1", "A")], 1, 100), [], "third connection refused while two are open");
    const closed = await Promise.all(closedAt);
    for (const at of closed) assert.ok(at - t0 >= 100 && at - t0 < 2000, `idle connection closed after ${at - t0} ms`);
    assert.equal((await tcpExchangeRaw(s.port, [makeQuery("c1", "A")], 1)).length, 1, "a slot is free again");
    await dns.close();
  });
});
