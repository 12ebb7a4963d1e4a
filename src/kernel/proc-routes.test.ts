import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { isBerthError } from "../lib/errors.js";
import { CURRENT_NETNS } from "./exec.js";
import { createNetKernel } from "./net-kernel.js";
import { parseProcIpv6Route, parseProcRoute, procIpv4, readProcOnLinkRoutes } from "./proc-routes.js";
import { scriptedExec } from "./scripted-exec.js";

// Captured on a little-endian machine from a namespace with: default via 10.5.0.254; 10.5.0.0/24 on
// brB (kernel); 10.6.0.0/16 via 10.5.0.9; blackhole 10.7/16; unreachable 10.8/16; 10.9.0.0/24 dev
// brB scope global; throw 10.11/16.
const ROUTE = `Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
brB\t00000000\tFE00050A\t0003\t0\t0\t0\t00000000\t0\t0\t0
brB\t0000050A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
brB\t0000060A\t0900050A\t0003\t0\t0\t0\t0000FFFF\t0\t0\t0
*\t0000070A\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0
*\t0000080A\t00000000\t0201\t0\t0\t0\t0000FFFF\t0\t0\t0
brB\t0000090A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
brB\t0A00A8C0\t00000000\t0005\t0\t0\t0\tFFFFFFFF\t0\t0\t0
*\t00000B0A\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0
`;

// Same namespace: fd00:5::/64 on brB, blackhole fd00:7::/48, fd00:8::/48 via fd00:5::9, the null
// entry, local and multicast routes, link-local routes of two bridges, and an anycast entry.
const Z = "00000000000000000000000000000000";
const IPV6_ROUTE = [
  `fd000005000000000000000000000000 40 ${Z} 00 ${Z} 00000100 00000003 00000000 00000001      brB`,
  `${Z} 00 ${Z} 00 ${Z} ffffffff 00000001 00000000 00200200       lo`,
  `fd000007000000000000000000000000 30 ${Z} 00 ${Z} 00000400 00000001 00000000 00200200       lo`,
  `fd000008000000000000000000000000 30 ${Z} 00 fd000005000000000000000000000009 00000400 00000001 00000000 00000003      brB`,
  `fe800000000000000000000000000000 40 ${Z} 00 ${Z} 00000100 00000002 00000000 00000001      brA`,
  `00000000000000000000000000000001 80 ${Z} 00 ${Z} 00000000 00000002 00000000 80200001       lo`,
  `fd000005000000000000000000000001 80 ${Z} 00 ${Z} 00000000 00000002 00000000 80200001      brB`,
  `fd000005000000000000000000000000 80 ${Z} 00 ${Z} 00000000 00000002 00000000 00300001      brB`,
  `ff000000000000000000000000000000 08 ${Z} 00 ${Z} 00000100 00000003 00000000 00000001      brA`,
  `20010db8000000000000000000000005 80 ${Z} 00 ${Z} 00000400 00000001 00000000 00000001      brB`,
  "",
].join("\n");

test("procIpv4: the kernel prints addresses in host byte order", () => {
  assert.deepEqual(procIpv4(0x0000050a, true), [10, 5, 0, 0]);
  assert.deepEqual(procIpv4(0x0a050000, false), [10, 5, 0, 0]);
});

test("parseProcRoute: device routes without gateway; not default, gateway, reject or device-less types", () => {
  assert.deepEqual(parseProcRoute(ROUTE, true), ["10.5.0.0/24", "10.9.0.0/24", "192.168.0.10/32"]);
  assert.deepEqual(parseProcRoute("Iface\tDestination\n", true), []);
  assert.deepEqual(parseProcRoute(ROUTE.replace("0000050A", "zzzz"), true), ["10.9.0.0/24", "192.168.0.10/32"], "an unreadable line is skipped");
});

test("parseProcIpv6Route: no next hop; not default, lo, local, anycast, reject, link-local or multicast", () => {
  assert.deepEqual(parseProcIpv6Route(IPV6_ROUTE), ["fd00:5::/64", "2001:db8::5/128"]);
});

test("readProcOnLinkRoutes and NetKernel.onLinkRoutes (current namespace): read the files, no spawn", async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), "berth-procnet-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  writeFileSync(path.join(dir, "route"), little ? ROUTE : ROUTE.replace(/\t([0-9A-F]{8})/g, (_, h: string) => `\t${h.match(/../g)?.reverse().join("")}`));
  assert.deepEqual(await readProcOnLinkRoutes(dir), ["10.5.0.0/24", "10.9.0.0/24", "192.168.0.10/32"], "no ipv6_route: IPv4 only");
  writeFileSync(path.join(dir, "ipv6_route"), IPV6_ROUTE + IPV6_ROUTE);
  const s = scriptedExec(() => "[]");
  const k = createNetKernel({ exec: s.exec, procNetRoot: dir });
  assert.deepEqual(await k.onLinkRoutes(CURRENT_NETNS), ["10.5.0.0/24", "10.9.0.0/24", "192.168.0.10/32", "fd00:5::/64", "2001:db8::5/128"]);
  assert.equal(s.calls.length, 0);
  await assert.rejects(readProcOnLinkRoutes(path.join(dir, "missing")), (e: unknown) => isBerthError(e, "System"));
});
