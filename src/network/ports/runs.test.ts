import { test } from "node:test";
import assert from "node:assert/strict";
import { portRuns } from "./runs.js";
import type { ResolvedPort } from "./allocator.js";

const t = { networkId: "n".repeat(64), networkName: "net", containerId: "c".repeat(64), containerName: "web", target4: "10.0.0.2", target6: "" };

test("1,000 same-numbered ports are one run; a shifted range stays one run; gaps split", () => {
  const same: ResolvedPort[] = Array.from({ length: 1000 }, (_, i) => ({ proto: "udp", containerPort: 20000 + i, hostIp: "0.0.0.0", hostPort: 20000 + i }));
  const runs = portRuns(same, t);
  assert.equal(runs.length, 1);
  assert.deepEqual([runs[0]?.hostStart, runs[0]?.hostEnd, runs[0]?.targetStart, runs[0]?.hostIp], [20000, 20999, 20000, ""]);
  const shifted: ResolvedPort[] = [8000, 8001, 8003].map((p) => ({ proto: "tcp", containerPort: p - 7920, hostIp: "127.0.0.1", hostPort: p }));
  assert.deepEqual(portRuns(shifted, t).map((r) => [r.hostStart, r.hostEnd, r.targetStart]), [[8000, 8001, 80], [8003, 8003, 83]]);
});

test("ports of a family without a container address are skipped", () => {
  const ports: ResolvedPort[] = [{ proto: "tcp", containerPort: 80, hostIp: "::", hostPort: 8080 }, { proto: "tcp", containerPort: 80, hostIp: "0.0.0.0", hostPort: 8080 }];
  assert.deepEqual(portRuns(ports, t).map((r) => r.family), [4]);
});
