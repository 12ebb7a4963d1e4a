/** The in-process overlay mount (native addon) against the real kernel, in a temp directory. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { nativeMounter } from "../../src/kernel/mounts.js";
import { isMountPoint } from "../../src/runtime/mountinfo.js";
import { isRoot } from "../harness/daemon.js";

const mounter = nativeMounter();
const skip = !isRoot() ? "needs root" : !mounter ? "the native addon is not built" : false;

test("mountOverlay shows the lower layer, writes go up; unmount leaves nothing mounted", { skip }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "berth-mounts-"));
  const [lower, upper, work, target] = ["lower", "upper", "work", "rootfs"].map((d) => path.join(dir, d));
  try {
    for (const d of [lower, upper, work, target]) mkdirSync(d!);
    writeFileSync(path.join(lower!, "from-image"), "layer\n");
    await mounter!.mountOverlay(target!, `lowerdir=${lower},upperdir=${upper},workdir=${work},index=off`);
    assert.equal(await isMountPoint(target!), true);
    assert.equal(readFileSync(path.join(target!, "from-image"), "utf8"), "layer\n");
    writeFileSync(path.join(target!, "written"), "x");
    assert.equal(readFileSync(path.join(upper!, "written"), "utf8"), "x");
    await mounter!.unmount(target!, false);
    assert.equal(await isMountPoint(target!), false);
    await assert.rejects(mounter!.unmount(target!, false), (e: NodeJS.ErrnoException) => e.code === "EINVAL");
    await assert.rejects(mounter!.mountOverlay(path.join(dir, "missing"), `lowerdir=${lower}`), (e: NodeJS.ErrnoException) => e.code === "ENOENT");
  } finally {
    if (await isMountPoint(target!)) await mounter!.unmount(target!, true);
    rmSync(dir, { recursive: true, force: true });
  }
});
