import { test } from "node:test";
import assert from "node:assert/strict";
import { hostBusy } from "./host-busy.js";

test("a host socket holds overlapping addresses of its family; :: also holds IPv4", () => {
  const busy = hostBusy([
    { proto: "tcp", ip: "127.0.0.1", port: 8080 },
    { proto: "tcp", ip: "0:0:0:0:0:0:0:0", port: 9090 },
    { proto: "udp", ip: "0.0.0.0", port: 53 },
  ]);
  assert.equal(busy("tcp", "0.0.0.0", 8080), true);
  assert.equal(busy("tcp", "127.0.0.1", 8080), true);
  assert.equal(busy("tcp", "192.0.2.1", 8080), false);
  assert.equal(busy("udp", "127.0.0.1", 8080), false);
  assert.equal(busy("tcp", "192.0.2.1", 9090), true);
  assert.equal(busy("tcp", "::1", 9090), true);
  assert.equal(busy("udp", "::", 53), false);
  assert.equal(busy("udp", "10.0.0.1", 53), true);
});
