import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { PortAllocator } from "./allocator.js";
import type { PortRequest } from "./port-spec.js";

const req = (hostIp: string, hostStart: number, hostEnd = hostStart, group = 0, containerPort = 80): PortRequest => ({
  proto: "tcp", containerPort, hostIp, hostStart, hostEnd, group,
});

test("an explicit port taken by another container: Docker's message; 0.0.0.0 overlaps a specific address", () => {
  const a = new PortAllocator({ start: 40000, end: 40010 });
  a.allocate("c1", [req("0.0.0.0", 8080)]);
  assert.throws(() => a.allocate("c2", [req("0.0.0.0", 8080)]), { message: "Bind for 0.0.0.0:8080 failed: port is already allocated" });
  assert.throws(() => a.allocate("c2", [req("127.0.0.1", 8080)]), { message: "Bind for 127.0.0.1:8080 failed: port is already allocated" });
  assert.deepEqual(a.allocate("c3", [req("::", 8080)]).map((p) => p.hostPort), [8080]); // other family
  assert.throws(() => a.allocate("c4", [req("::1", 8080)]), { message: "Bind for [::1]:8080 failed: port is already allocated" });
  a.release("c1");
  assert.equal(a.allocate("c2", [req("127.0.0.1", 8080)])[0]?.hostPort, 8080);
});

test("a host process on the port: v28's message", () => {
  const a = new PortAllocator();
  assert.throws(() => a.allocate("c1", [req("0.0.0.0", 9090)], () => true), { message: "failed to bind host port 0.0.0.0:9090/tcp: address already in use" });
  assert.equal(a.size, 0);
});

test("all or nothing: a refused request releases the ones before it", () => {
  const a = new PortAllocator();
  a.allocate("c1", [req("0.0.0.0", 9000)]);
  assert.throws(() => a.allocate("c2", [req("0.0.0.0", 8000, 8000, 0), req("0.0.0.0", 9000, 9000, 1)]));
  assert.equal(a.size, 1);
  assert.equal(a.of("c2"), undefined);
});

test("a range takes its first free port; groups share one port", () => {
  const a = new PortAllocator();
  a.allocate("c1", [req("0.0.0.0", 8000)]);
  a.allocate("c2", [req("::", 8001)]);
  const got = a.allocate("c3", [req("0.0.0.0", 8000, 8010, 7), req("::", 8000, 8010, 7)]);
  assert.deepEqual(got.map((p) => p.hostPort), [8002, 8002]);
  assert.throws(() => a.allocate("c4", [req("0.0.0.0", 8000, 8000), req("0.0.0.0", 8002, 8002, 1)]));
});

test("ephemeral ports continue after the last one and wrap around the range", () => {
  const a = new PortAllocator({ start: 50000, end: 50002 });
  const ports = ["a", "b", "c"].map((o) => a.allocate(o, [req("0.0.0.0", 0, 0)])[0]?.hostPort);
  assert.deepEqual(ports, [50000, 50001, 50002]);
  assert.throws(() => a.allocate("d", [req("0.0.0.0", 0, 0)]), /all ports are allocated/);
  a.release("b");
  assert.equal(a.allocate("d", [req("0.0.0.0", 0, 0)])[0]?.hostPort, 50001);
});

test("property: never two owners on overlapping (proto, address, port); release frees exactly", () => {
  const ips = ["0.0.0.0", "127.0.0.1", "192.0.2.1", "::", "::1"];
  const reqArb = fc.record({ ip: fc.constantFrom(...ips), port: fc.integer({ min: 0, max: 12 }), span: fc.integer({ min: 0, max: 3 }) });
  const op = fc.oneof(fc.record({ kind: fc.constant("alloc" as const), reqs: fc.array(reqArb, { minLength: 1, maxLength: 3 }) }), fc.record({ kind: fc.constant("release" as const), n: fc.nat(20) }));
  fc.assert(
    fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
      const a = new PortAllocator({ start: 100, end: 104 });
      const owners: string[] = [];
      ops.forEach((o, i) => {
        if (o.kind === "release") {
          const owner = owners.splice(o.n % Math.max(owners.length, 1), 1)[0];
          if (owner) a.release(owner);
          return;
        }
        const rs = o.reqs.map((r, g) => req(r.ip, r.port === 0 ? 0 : r.port, r.port === 0 ? 0 : r.port + r.span, g));
        try {
          a.allocate(`c${i}`, rs);
          owners.push(`c${i}`);
        } catch {
          assert.equal(a.of(`c${i}`), undefined);
        }
      });
      const held = owners.flatMap((o) => (a.of(o) ?? []).map((p) => ({ ...p, o })));
      for (const x of held) for (const y of held) {
        if (x === y || x.hostPort !== y.hostPort || x.o === y.o) continue;
        const v6 = (s: string): boolean => s.includes(":");
        const any = (s: string): boolean => s === "0.0.0.0" || s === "::";
        const clash = v6(x.hostIp) === v6(y.hostIp) && (x.hostIp === y.hostIp || any(x.hostIp) || any(y.hostIp));
        assert.ok(!clash, `${x.o} and ${y.o} both hold ${x.hostIp}/${y.hostIp}:${x.hostPort}`);
      }
      assert.equal(a.size, held.length);
    }),
  );
});
