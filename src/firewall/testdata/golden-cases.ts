/**
 * The firewall states behind the golden files in this folder, shared by the unit test
 * (render.test.ts: exact text) and the kernel test (test/integration/nft.test.ts: nft accepts
 * and applies each one). Goldens are read from the source tree, since the build copies only .ts.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { RenderOptions } from "../render.js";
import type { FirewallNetwork, FirewallPort, FirewallState } from "../state.js";

export interface GoldenCase {
  /** File name without `.nft`. */
  readonly name: string;
  readonly state: FirewallState;
  readonly opts: RenderOptions;
}

/** src/firewall/testdata in the source tree, found by walking up to the folder with package.json. */
export function goldenDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("golden files: no package.json above " + fileURLToPath(import.meta.url));
    dir = parent;
  }
  return join(dir, "src", "firewall", "testdata");
}

const ID_A = "3f0e5b1c2d4a7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f";
const ID_B = "9a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";

/** Docker's default bridge network. */
const DEFAULT_BRIDGE: FirewallNetwork = {
  id: "d2c4e6f8a0b1c3d5e7f9a1b2c4d6e8f0a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0",
  name: "bridge",
  bridge: "docker0",
  subnets4: ["172.17.0.0/16"],
  subnets6: [],
  masquerade: true,
  icc: true,
  internal: false,
};

/** A user-defined network with every option at its default. */
const MYNET: FirewallNetwork = {
  id: ID_A,
  name: "mynet",
  bridge: "br-3f0e5b1c2d4a",
  subnets4: ["172.18.0.0/16"],
  subnets6: [],
  masquerade: true,
  icc: true,
  internal: false,
};

const DUAL: FirewallNetwork = { ...MYNET, subnets6: ["fd5c:8a3e:1b2f::/64"] };

const BACKEND: FirewallNetwork = {
  id: ID_B,
  name: "backend",
  bridge: "br-9a1b2c3d4e5f",
  subnets4: ["10.20.0.0/24", "10.21.0.0/24"],
  subnets6: [],
  masquerade: true,
  icc: true,
  internal: false,
};

const one = (net: FirewallNetwork): FirewallState => ({ networks: [net] });

const WEB = { networkId: ID_A, networkName: "mynet", containerId: "c0ffee00112233445566778899aabbccddeeff00112233445566778899aabbcc", containerName: "web" };

/** -p 8080:80, -p 127.0.0.1:5353:53/udp, -p 30000-30999:30000-30999/udp, -p [2001:db8::1]:9000-9001:90-91, -p [::1]:7000-7001:70-71/udp. */
const PORTS: readonly FirewallPort[] = [
  { ...WEB, family: 4, proto: "tcp", hostIp: "", hostStart: 8080, hostEnd: 8080, target: "172.18.0.2", targetStart: 80, gateway: "172.18.0.1" },
  { ...WEB, family: 6, proto: "tcp", hostIp: "", hostStart: 8080, hostEnd: 8080, target: "fd5c:8a3e:1b2f::2", targetStart: 80, gateway: "fd5c:8a3e:1b2f::1" },
  { ...WEB, family: 6, proto: "udp", hostIp: "::1", hostStart: 7000, hostEnd: 7001, target: "fd5c:8a3e:1b2f::2", targetStart: 70, gateway: "fd5c:8a3e:1b2f::1" },
  { ...WEB, family: 4, proto: "udp", hostIp: "127.0.0.1", hostStart: 5353, hostEnd: 5353, target: "172.18.0.2", targetStart: 53 },
  { ...WEB, family: 4, proto: "udp", hostIp: "", hostStart: 30000, hostEnd: 30999, target: "172.18.0.2", targetStart: 30000 },
  { ...WEB, family: 6, proto: "tcp", hostIp: "2001:db8::1", hostStart: 9000, hostEnd: 9001, target: "fd5c:8a3e:1b2f::2", targetStart: 90 },
];

export const GOLDEN_CASES: readonly GoldenCase[] = [
  { name: "empty", state: { networks: [] }, opts: {} },
  { name: "default-bridge", state: one(DEFAULT_BRIDGE), opts: {} },
  { name: "masquerade-off", state: one({ ...MYNET, masquerade: false }), opts: {} },
  { name: "internal", state: one({ ...MYNET, internal: true }), opts: {} },
  { name: "icc-off", state: one({ ...MYNET, icc: false }), opts: {} },
  { name: "dual-stack", state: one(DUAL), opts: {} },
  { name: "snat-host-address", state: one({ ...DUAL, snat4: "192.0.2.10", snat6: "2001:db8::10" }), opts: {} },
  // Given out of id order: the renderer sorts by id.
  { name: "two-networks", state: { networks: [BACKEND, MYNET] }, opts: {} },
  { name: "internal-icc-off", state: one({ ...DUAL, internal: true, icc: false }), opts: {} },
  { name: "icc-off-by-subnet", state: one({ ...DUAL, icc: false }), opts: { iccMatch: "subnet" } },
  { name: "published-ports", state: { networks: [DUAL], ports: PORTS }, opts: {} },
];

/** Whether a case needs `meta ibrname` (kernels without nft_meta_bridge reject it). */
export const needsBridgeMeta = (c: GoldenCase): boolean =>
  (c.opts.iccMatch ?? "bridge-name") === "bridge-name" && c.state.networks.some((n) => !n.icc);
