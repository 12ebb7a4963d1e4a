/**
 * The busybox image for tests: a rootfs tarball built once per run by
 * scripts/make-busybox-rootfs from Debian's busybox-static, imported with `docker import`.
 */
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { REPO, run, type TestDaemon } from "./daemon.js";

const CACHE = path.join(REPO, "dist", "test-cache");
export const BUSYBOX_TAR = path.join(CACHE, "busybox-rootfs.tar");

export function busyboxTar(): string {
  if (!existsSync(BUSYBOX_TAR)) {
    mkdirSync(CACHE, { recursive: true });
    const r = run([path.join(REPO, "scripts/make-busybox-rootfs"), BUSYBOX_TAR]);
    if (r.code !== 0) throw new Error(`make-busybox-rootfs failed: ${r.stderr}`);
  }
  return BUSYBOX_TAR;
}

/** Imports busybox:latest into the daemon (CMD ["sh"], as the image the README builds). */
export function importBusybox(d: TestDaemon): void {
  const r = d.docker(["import", "-c", 'CMD ["sh"]', busyboxTar(), "busybox:latest"]);
  if (r.code !== 0) throw new Error(`docker import failed: ${r.stderr}\n${d.log}`);
}

export const hasBusybox = (): boolean => existsSync("/bin/busybox");
