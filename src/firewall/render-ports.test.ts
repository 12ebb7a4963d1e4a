import { test } from "node:test";
import assert from "node:assert/strict";
import { loopback6Elements, portElements, portKeys, portMapOf, renderPortsDelta } from "./render-ports.js";
import { renderRuleset } from "./render.js";
import type { FirewallPort } from "./state.js";

const P: FirewallPort = {
  networkId: "a".repeat(64), networkName: "front", containerId: "c".repeat(64), containerName: "web",
  family: 4, proto: "tcp", hostIp: "", hostStart: 8080, hostEnd: 8080, target: "10.0.0.2", targetStart: 80,
};

test("same-numbered runs are one interval in the range map, whatever their length", () => {
  const run = { ...P, hostStart: 20000, hostEnd: 20999, targetStart: 20000, proto: "udp" as const };
  assert.equal(portMapOf(run), "published4-range");
  assert.deepEqual(portKeys(run), ["0.0.0.0/0 . udp . 20000-20999"]);
  assert.match(portElements(run)[0] ?? "", /^0\.0\.0\.0\/0 \. udp \. 20000-20999 comment "berth ctr web \(cccccccccccc\) net front: 0\.0\.0\.0:20000-20999\/udp -> 20000-20999" : 10\.0\.0\.2$/);
});

test("single ports go to hash maps (keyed without address for every address); a shifted range is one element per port", () => {
  assert.equal(portMapOf(P), "published4-any");
  assert.deepEqual(portKeys(P), ["tcp . 8080"]);
  assert.match(portElements(P)[0] ?? "", / : 10\.0\.0\.2 \. 80$/);
  assert.equal(portMapOf({ ...P, targetStart: 8080 }), "published4-any", "a single same-numbered port is not an interval");
  const v6 = { ...P, family: 6 as const, hostIp: "2001:db8::1", hostEnd: 8081, target: "fd00::2" };
  assert.equal(portMapOf(v6), "published6");
  assert.deepEqual(portKeys(v6), ["2001:db8::1 . tcp . 8080", "2001:db8::1 . tcp . 8081"]);
  assert.match(portElements(v6)[1] ?? "", / : fd00::2 \. 81$/);
});

test("a delta names only the runs it changes: one statement per map, deletes first", () => {
  const add = [P, { ...P, hostStart: 9000, hostEnd: 9000, targetStart: 9000 }];
  const script = renderPortsDelta("berth", add, [{ ...P, hostStart: 7000, hostEnd: 7000 }]);
  const lines = script.trim().split("\n");
  assert.equal(lines.length, 2);
  assert.equal(lines[0], "delete element inet berth published4-any { tcp . 7000 }");
  assert.match(lines[1] ?? "", /^add element inet berth published4-any \{ tcp \. 8080 comment "[^"]*" : 10\.0\.0\.2 \. 80, tcp \. 9000 comment /);
  assert.equal(renderPortsDelta("berth", [], []), "");
});

test("the whole ruleset holds every run; comments stay within nft's 128 bytes", () => {
  const long = { ...P, containerName: "x".repeat(200), networkName: "y".repeat(200) };
  const text = renderRuleset({ networks: [], ports: [long] });
  const comments = [...text.matchAll(/comment "([^"]*)"/g)].map((m) => m[1] ?? "");
  assert.ok(comments.every((c) => Buffer.byteLength(c) <= 128));
  assert.match(text, /tcp \. 8080 comment "berth ctr x+/);
});

test("IPv6 runs on [::] or [::1] are reachable from ::1: one loopback6 interval per run, added and deleted with the run", () => {
  const v6 = { ...P, family: 6 as const, hostIp: "", hostEnd: 8090, target: "fd00::2", gateway: "fd00::1" };
  const only = { ...v6, hostIp: "::1", proto: "udp" as const, hostStart: 53, hostEnd: 53, targetStart: 53 };
  const elsewhere = { ...v6, hostIp: "2001:db8::1", hostStart: 9000, hostEnd: 9000 };
  const v4 = { ...P, gateway: "10.0.0.1" };
  assert.deepEqual(loopback6Elements([v6, only, elsewhere, v4, { ...v6, gateway: "" }]).map((e) => e.replace(/ comment "[^"]*"/, "")), [
    "tcp . 8080-8090 : fd00::1",
    "udp . 53 : fd00::1",
  ]);
  const lines = renderPortsDelta("berth", [v6], [only]).trim().split("\n");
  assert.equal(lines[1], "delete element inet berth loopback6 { udp . 53 }");
  assert.match(lines[lines.length - 1] ?? "", /^add element inet berth loopback6 \{ tcp \. 8080-8090 comment "[^"]*" : fd00::1 \}$/);
});
