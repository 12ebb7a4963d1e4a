/**
 * Kernel tests need root and the binaries the kernel layer spawns. requireRoot(t) skips a test
 * with a clear reason when they are missing; kernelSkipReason() serves describe()/test() options.
 */
import { accessSync, constants } from "node:fs";
import path from "node:path";
import type { TestContext } from "node:test";

/** What src/kernel spawns: iproute2, nftables, nsenter (other namespaces), sysctl. */
export const KERNEL_BINARIES = ["ip", "nft", "nsenter", "sysctl"] as const;

export function onPath(bin: string): boolean {
  return (process.env["PATH"] ?? "").split(path.delimiter).some((dir) => {
    try {
      accessSync(path.join(dir, bin), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

let cached: { reason: string | undefined } | undefined;

/** Why kernel tests cannot run here, or undefined when they can. */
export function kernelSkipReason(): string | undefined {
  if (cached) return cached.reason;
  const missing = KERNEL_BINARIES.filter((b) => !onPath(b));
  let reason: string | undefined;
  if (process.platform !== "linux") reason = "kernel tests need Linux";
  else if (process.getuid?.() !== 0) reason = "kernel tests need root (run the suite with sudo)";
  else if (missing.length > 0) reason = `kernel tests need ${missing.join(", ")} on PATH`;
  cached = { reason };
  return reason;
}

/** Skips the test (with the reason) unless it can touch the kernel; returns whether it may go on. */
export function requireRoot(t: TestContext): boolean {
  const reason = kernelSkipReason();
  if (reason !== undefined) t.skip(reason);
  return reason === undefined;
}
