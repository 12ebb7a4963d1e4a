import { test } from "node:test";
import assert from "node:assert/strict";
import { parseProcSockets } from "./proc-net-sockets.js";

const HEAD = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";

test("listening TCP sockets only; UDP sockets whatever their state; IPv4 and IPv6", () => {
  const tcp = `${HEAD}   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1\n   1: 0100007F:0050 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 2 1\n`;
  assert.deepEqual(parseProcSockets(tcp, "tcp", true), [{ proto: "tcp", ip: "127.0.0.1", port: 8080 }]);
  const udp6 = `${HEAD}   0: 00000000000000000000000001000000:0035 00000000000000000000000000000000:0000 07 0 0 0 0 0\n`;
  assert.deepEqual(parseProcSockets(udp6, "udp", true), [{ proto: "udp", ip: "0:0:0:0:0:0:0:1", port: 53 }]);
});
