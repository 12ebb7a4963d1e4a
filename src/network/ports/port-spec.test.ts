import { test } from "node:test";
import assert from "node:assert/strict";
import { parseHostIp, parseHostPort, parsePortKey, portRequests } from "./port-spec.js";

const base = { exposedPorts: [], publishAll: false, defaultHostIp: "", ipv6: false };

test("port keys: default tcp, Docker's errors for bad numbers and protocols", () => {
  assert.deepEqual(parsePortKey("80"), { port: 80, proto: "tcp" });
  assert.deepEqual(parsePortKey("53/udp"), { port: 53, proto: "udp" });
  assert.deepEqual(parsePortKey("9/SCTP"), { port: 9, proto: "sctp" });
  assert.throws(() => parsePortKey("70000/tcp"), { message: 'invalid port specification: "70000"' });
  assert.throws(() => parsePortKey("x/tcp"), { message: 'invalid port specification: "x"' });
  assert.throws(() => parsePortKey("80/foo"), { message: "invalid proto: foo" });
});

test("host ports: empty is ephemeral, ranges, reversed and too-large ranges refused", () => {
  assert.deepEqual(parseHostPort(""), { start: 0, end: 0 });
  assert.deepEqual(parseHostPort("8080"), { start: 8080, end: 8080 });
  assert.deepEqual(parseHostPort("8000-9000"), { start: 8000, end: 9000 });
  assert.throws(() => parseHostPort("9000-8000"), { message: "invalid range specified for port: 9000-8000" });
  assert.throws(() => parseHostPort("65536"), { message: 'invalid port specification: "65536"' });
  assert.throws(() => parseHostPort("1-2-3"), { name: "BerthError" });
});

test("host addresses: canonical text, brackets accepted, garbage refused", () => {
  assert.equal(parseHostIp("[::1]"), "::1");
  assert.equal(parseHostIp("2001:db8:0:0::1"), "2001:db8::1");
  assert.equal(parseHostIp("127.0.0.1"), "127.0.0.1");
  assert.throws(() => parseHostIp("localhost"), { message: "invalid IP address: localhost" });
});

test("0.0.0.0 means both families sharing a port, :: only with an IPv6 target", () => {
  const b = { "80/tcp": [{ hostIp: "", hostPort: "8080" }] };
  const v4 = portRequests({ ...base, portBindings: b });
  assert.deepEqual(v4.map((r) => r.hostIp), ["0.0.0.0"]);
  const dual = portRequests({ ...base, portBindings: b, ipv6: true });
  assert.deepEqual(dual.map((r) => [r.hostIp, r.group]), [["0.0.0.0", 0], ["::", 0]]);
  const specific = portRequests({ ...base, portBindings: { "80/tcp": [{ hostIp: "127.0.0.1", hostPort: "" }] }, ipv6: true });
  assert.deepEqual(specific.map((r) => r.hostIp), ["127.0.0.1"]);
});

test("the network's host_binding_ipv4 is the default address", () => {
  const r = portRequests({ ...base, defaultHostIp: "192.0.2.7", portBindings: { "80": [{ hostIp: "", hostPort: "" }] }, ipv6: true });
  assert.deepEqual(r.map((x) => [x.hostIp, x.proto, x.containerPort, x.hostStart]), [["192.0.2.7", "tcp", 80, 0]]);
});

test("-P publishes every exposed port not bound explicitly, to ephemeral ports", () => {
  const r = portRequests({ ...base, publishAll: true, exposedPorts: ["80/tcp", "53/udp"], portBindings: { "80/tcp": [{ hostIp: "", hostPort: "8080" }] } });
  assert.deepEqual(r.map((x) => `${x.containerPort}/${x.proto}:${x.hostStart}`), ["53/udp:0", "80/tcp:8080"]);
  assert.deepEqual(portRequests({ ...base, exposedPorts: ["81/tcp"], portBindings: {} }), []);
});
