/** Shared set-up for the conformance e2e files: skip reasons and a daemon with busybox. */
import { existsSync } from "node:fs";
import { TestDaemon, hasDocker, isRoot } from "../harness/daemon.js";
import { hasBusybox, importBusybox } from "../harness/busybox.js";

export const PYTHON = "/usr/bin/python3";

/** Why the suite cannot run here (false when it can); `needs` lists extra binaries. */
export function skipReason(needs: readonly string[] = []): string | false {
  if (!isRoot()) return "needs root";
  if (!hasDocker()) return "needs the docker CLI";
  if (!hasBusybox()) return "needs busybox-static";
  const missing = needs.find((b) => !existsSync(b));
  return missing ? `needs ${missing}` : false;
}

export async function startDaemonWithBusybox(prefix: string): Promise<TestDaemon> {
  const d = new TestDaemon(prefix);
  try {
    await d.start();
    importBusybox(d);
  } catch (e) {
    await d.dispose();
    throw e;
  }
  return d;
}
