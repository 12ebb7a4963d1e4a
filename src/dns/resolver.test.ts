import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { DNS_TTL_SECONDS, resolve, type Resolution } from "./resolver.js";
import type { DnsClientView, DnsDirectory } from "./types.js";

const dir: DnsDirectory = {
  networks: [
    {
      id: "n1",
      name: "front",
      internal: false,
      entries: [
        { containerId: "c1id", names: ["c1", "web", "c1id00000000", "host1"], ipv4: "10.0.1.2", ipv6: "fd00:1::2" },
        { containerId: "c2id", names: ["c2", "Web"], ipv4: "10.0.1.3" },
        { containerId: "c5id", names: ["c5", "my.svc"], ipv4: "10.0.1.5" },
      ],
    },
    {
      id: "n2",
      name: "back",
      internal: false,
      entries: [
        { containerId: "c3id", names: ["c3", "db"], ipv4: "10.0.2.2" },
        { containerId: "c1id", names: ["c1"], ipv4: "10.0.2.3" },
      ],
    },
    { id: "n3", name: "secret", internal: true, entries: [{ containerId: "c4id", names: ["hidden"], ipv4: "10.0.3.2" }] },
  ],
};

const client: DnsClientView = { containerId: "me", networkIds: ["n1", "n2"], links: [], upstreams: [{ address: "192.0.2.53", port: 53 }], forward: true };
const data = (r: Resolution): string[] => (r.kind === "records" ? r.answers.map((a) => a.data) : [r.kind]);

test("a container name answers A with the address on the first shared network, TTL 10, spelling echoed", () => {
  const r = resolve(dir, client, "C1.", "A");
  assert.equal(r.kind, "records");
  assert.deepEqual(r.kind === "records" ? r.answers : [], [{ type: "A", name: "C1.", ttl: DNS_TTL_SECONDS, class: "IN", data: "10.0.1.2" }]);
  assert.deepEqual(data(resolve(dir, client, "c1", "AAAA")), ["fd00:1::2"]);
  assert.deepEqual(data(resolve(dir, client, "host1", "A")), ["10.0.1.2"]);
  assert.deepEqual(data(resolve(dir, client, "c1id00000000", "A")), ["10.0.1.2"]);
});

test("a known name without the asked family or with another type: NOERROR without records", () => {
  assert.deepEqual(resolve(dir, client, "c2", "AAAA"), { kind: "records", answers: [] });
  assert.deepEqual(resolve(dir, client, "c1", "MX"), { kind: "records", answers: [] });
  assert.deepEqual(resolve(dir, client, "db", "TXT"), { kind: "records", answers: [] });
  assert.deepEqual(resolve(dir, client, "c3", "UNKNOWN_999"), { kind: "records", answers: [] });
});

test("a shared alias answers every holder's address, shuffled", () => {
  const seen = new Set<string>();
  for (let i = 0; i < 40; i++) {
    const d = data(resolve(dir, client, "WEB", "A"));
    assert.deepEqual([...d].sort(), ["10.0.1.2", "10.0.1.3"]);
    seen.add(d.join(","));
  }
  assert.equal(seen.size, 2, "both orders appear");
  assert.deepEqual(data(resolve(dir, client, "web", "A", { random: () => 0 })), ["10.0.1.3", "10.0.1.2"]);
});

test("names on networks the client is not on are unknown: forwarded, or NXDOMAIN when it may not forward", () => {
  assert.deepEqual(resolve(dir, client, "hidden", "A"), { kind: "forward" });
  assert.deepEqual(resolve(dir, { ...client, forward: false }, "hidden", "A"), { kind: "unanswerable" });
  assert.deepEqual(resolve(dir, client, "example.com", "A"), { kind: "forward" });
  assert.deepEqual(resolve(dir, { ...client, forward: false }, "example.com", "AAAA"), { kind: "unanswerable" });
  assert.deepEqual(resolve(dir, client, "hidden.secret", "A"), { kind: "forward" });
  const inside: DnsClientView = { ...client, networkIds: ["n3"], forward: false };
  assert.deepEqual(data(resolve(dir, inside, "hidden", "A")), ["10.0.3.2"]);
  assert.deepEqual(resolve(dir, inside, "c1", "A"), { kind: "unanswerable" });
});

test("name.network looks on that network only; dotted names try every split", () => {
  assert.deepEqual(data(resolve(dir, client, "c1.back", "A")), ["10.0.2.3"]);
  assert.deepEqual(data(resolve(dir, client, "c1.FRONT.", "A")), ["10.0.1.2"]);
  assert.deepEqual(resolve(dir, client, "c3.front", "A"), { kind: "forward" });
  assert.deepEqual(data(resolve(dir, client, "my.svc", "A")), ["10.0.1.5"]);
  assert.deepEqual(data(resolve(dir, client, "my.svc.front", "A")), ["10.0.1.5"]);
  assert.deepEqual(resolve(dir, client, "my.svc.back", "A"), { kind: "forward" });
});

test("networks are searched in the client's endpoint order", () => {
  assert.deepEqual(data(resolve(dir, { ...client, networkIds: ["n2", "n1"] }, "c1", "A")), ["10.0.2.3"]);
  assert.deepEqual(resolve(dir, { ...client, networkIds: ["nosuch"] }, "c1", "A"), { kind: "forward" });
});

test("link aliases: only the linking container sees them, and they come before container names", () => {
  const linker: DnsClientView = { ...client, links: [{ alias: "DBLink", ipv4: "10.0.2.2" }, { alias: "c2", ipv4: "10.0.2.99" }] };
  assert.deepEqual(data(resolve(dir, linker, "dblink", "A")), ["10.0.2.2"]);
  assert.deepEqual(resolve(dir, linker, "dblink", "AAAA"), { kind: "records", answers: [] });
  assert.deepEqual(data(resolve(dir, linker, "c2", "A")), ["10.0.2.99"]);
  assert.deepEqual(resolve(dir, client, "dblink", "A"), { kind: "forward" });
});

test("PTR answers <first name>.<network> for addresses on the client's networks", () => {
  const r = resolve(dir, client, "2.1.0.10.in-addr.arpa.", "PTR");
  assert.deepEqual(r.kind === "records" ? r.answers : r, [{ type: "PTR", name: "2.1.0.10.in-addr.arpa.", ttl: DNS_TTL_SECONDS, class: "IN", data: "c1.front" }]);
  assert.deepEqual(data(resolve(dir, client, "3.2.0.10.IN-ADDR.ARPA", "PTR")), ["c1.back"]);
  const v6 = "2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1.0.0.0.0.0.d.f.ip6.arpa";
  assert.deepEqual(data(resolve(dir, client, v6, "PTR")), ["c1.front"]);
  assert.deepEqual(resolve(dir, client, "2.3.0.10.in-addr.arpa", "PTR"), { kind: "forward" });
  assert.deepEqual(resolve(dir, client, "1.1.1.10.in-addr.arpa", "PTR"), { kind: "forward" });
  assert.deepEqual(resolve(dir, client, "c1", "PTR"), { kind: "records", answers: [] });
});

test("the empty name and the root are never local", () => {
  assert.deepEqual(resolve(dir, client, ".", "A"), { kind: "forward" });
  assert.deepEqual(resolve(dir, client, "", "NS"), { kind: "forward" });
});

test("property: an answer never carries an address from a network the client is not on", () => {
  const label = fc.constantFrom("a", "b", "c", "d", "a.b");
  const entry = fc.record({ names: fc.array(label, { minLength: 1, maxLength: 3 }), host: fc.integer({ min: 1, max: 250 }) });
  const net = fc.array(entry, { maxLength: 5 });
  fc.assert(
    fc.property(fc.array(net, { minLength: 1, maxLength: 4 }), fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), label, fc.constantFrom("", ".n0", ".n1", ".n2"), (nets, member, name, suffix) => {
      const d: DnsDirectory = {
        networks: nets.map((es, i) => ({
          id: `id${i}`,
          name: `n${i}`,
          internal: false,
          entries: es.map((e, j) => ({ containerId: `c${i}-${j}`, names: e.names, ipv4: `10.${i}.0.${e.host}` })),
        })),
      };
      const mine = d.networks.filter((_, i) => member[i]).map((n) => n.id);
      const r = resolve(d, { ...client, networkIds: mine }, name + suffix, "A");
      if (r.kind !== "records") return;
      for (const a of r.answers) assert.ok(mine.includes(`id${String(a.data).split(".")[1]}`), `${String(a.data)} leaked to ${mine.join(",")}`);
    }),
    { numRuns: 500 },
  );
});
