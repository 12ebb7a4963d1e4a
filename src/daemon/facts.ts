/** Facts about this host and daemon for /version and /info. */
import os from "node:os";
import type { DaemonFacts } from "../engine/engine.js";
import type { AddressPool } from "../ipam/index.js";

export const BERTH_VERSION = "0.1.0";

export function daemonFacts(input: {
  rootDir: string;
  apiVersion: string;
  minApiVersion: string;
  pools: readonly AddressPool[];
  networkPlugins: readonly string[];
  runtime: string;
  ipv4Forwarding: () => boolean;
}): () => DaemonFacts {
  const fixed = {
    version: BERTH_VERSION,
    apiVersion: input.apiVersion,
    minApiVersion: input.minApiVersion,
    gitCommit: process.env["BERTH_GIT_COMMIT"] ?? "unknown",
    kernelVersion: os.release(),
    os: "linux",
    arch: os.arch() === "x64" ? "amd64" : os.arch(),
    rootDir: input.rootDir,
    defaultAddressPools: input.pools.map((p) => ({ base: p.base, size: p.size })),
    firewallBackend: "nftables",
    networkPlugins: input.networkPlugins,
    runtimes: ["runc", "crun"],
    defaultRuntime: input.runtime,
    cpus: os.cpus().length,
    memTotal: os.totalmem(),
    osName: "Berth on " + os.type(),
  };
  return () => ({ ...fixed, hostname: os.hostname(), ipv4Forwarding: input.ipv4Forwarding() });
}
