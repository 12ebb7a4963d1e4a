import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isBerthError } from "../lib/errors.js";
import type { Exec } from "../kernel/exec.js";
import { DEFAULT_HOSTS, bundlePaths, overlayOptions, prepareBundle, teardownBundle } from "./bundle.js";
import { buildOciSpec } from "./oci-spec.js";

const exists = (p: string): Promise<boolean> => stat(p).then(() => true, () => false);

function recorder(failOn?: string): { exec: Exec; calls: string[][] } {
  const calls: string[][] = [];
  const exec: Exec = async (argv) => {
    calls.push([...argv]);
    if (failOn !== undefined && argv[0] === failOn) throw new Error(`${failOn} failed`);
    return { code: 0, stdout: "", stderr: "" };
  };
  return { exec, calls };
}

async function inTmp(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "bt-bundle-"));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function specFor(paths: ReturnType<typeof bundlePaths>) {
  return buildOciSpec({ args: ["true"], env: [], hostname: "h1", nofile: { soft: 1, hard: 1 }, network: { kind: "host" }, files: paths.files, cgroupsPath: "/x" });
}

test("overlay options: top layer first, index off, bad paths and oversize refused", () => {
  assert.equal(overlayOptions(["/l/a", "/l/b"], "/u", "/w"), "lowerdir=/l/b:/l/a,upperdir=/u,workdir=/w,index=off");
  assert.throws(() => overlayOptions(["/l/a:b"], "/u", "/w"), (e) => isBerthError(e, "InvalidParameter"));
  assert.throws(() => overlayOptions(Array.from({ length: 80 }, (_, i) => `/var/lib/berth/images/layers/${String(i).padStart(64, "0")}`), "/u", "/w"), /too many image layers/);
  assert.throws(() => bundlePaths({ rootDir: "/r", execRoot: "/e" }, "../x"), (e) => isBerthError(e, "InvalidParameter"));
});

test("prepare writes config and network files, mounts overlay; teardown is idempotent", async () => {
  await inTmp(async (dir) => {
    const paths = bundlePaths({ rootDir: join(dir, "root"), execRoot: join(dir, "run") }, "c1");
    const { exec, calls } = recorder();
    await prepareBundle(exec, { paths, layerDirs: ["/l/1", "/l/2"], spec: specFor(paths), files: { resolvConf: "nameserver 10.0.0.1\n" } });
    assert.deepEqual(calls, [
      ["mount", "-t", "overlay", "overlay", "-o", `lowerdir=/l/2:/l/1,upperdir=${paths.upperDir},workdir=${paths.workDir},index=off`, paths.rootfs],
      ["mount", "--make-private", paths.rootfs], // so the host's copy can be detached after start
    ]);
    assert.equal(JSON.parse(await readFile(paths.configFile, "utf8")).hostname, "h1");
    assert.equal(await readFile(paths.files.hosts, "utf8"), DEFAULT_HOSTS);
    assert.equal(await readFile(paths.files.hostname, "utf8"), "h1\n");
    assert.equal(await readFile(paths.files.resolvConf, "utf8"), "nameserver 10.0.0.1\n");
    // A restart keeps edited files unless new contents are given.
    await writeFile(paths.files.hosts, "edited\n");
    await prepareBundle(exec, { paths, layerDirs: [], spec: specFor(paths) });
    assert.equal(await readFile(paths.files.hosts, "utf8"), "edited\n");
    assert.match(calls[2]?.[5] ?? "", new RegExp(`^lowerdir=${paths.emptyDir},`));
    await teardownBundle(exec, paths, { keepContainerDir: true });
    assert.equal(await exists(paths.bundleDir), false);
    assert.equal(await exists(paths.upperDir), true);
    await teardownBundle(exec, paths);
    await teardownBundle(exec, paths);
    assert.equal(await exists(paths.containerDir), false);
  });
});

test("a failed mount undoes the earlier steps and names the step", async () => {
  await inTmp(async (dir) => {
    const paths = bundlePaths({ rootDir: join(dir, "root"), execRoot: join(dir, "run") }, "c2");
    const { exec } = recorder("mount");
    await assert.rejects(prepareBundle(exec, { paths, layerDirs: ["/l/1"], spec: specFor(paths) }), /failed to prepare bundle \(overlay mount\): mount failed/);
    assert.equal(await exists(paths.bundleDir), false);
    assert.equal(await exists(paths.containerDir), false);
  });
});
