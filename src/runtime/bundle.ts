/**
 * A container's OCI bundle and writable layer:
 *   <execRoot>/containers/<id>/   bundle: config.json, rootfs/ (overlay mount), conmon's files
 *   <rootDir>/containers/<id>/    upper/, work/ (overlay), hosts, hostname, resolv.conf, log
 * The bundle is volatile (made at start, torn down at stop); the container directory persists
 * until the container is removed. Setup is a list of reversible steps; teardown is idempotent,
 * runs every step and reports failures together.
 */
import { mkdir, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { invalidParameter, messageOf, systemError } from "../lib/errors.js";
import type { Exec } from "../kernel/exec.js";
import { spawningMounter, type Mounter } from "../kernel/mounts.js";
import { hasMountOn } from "./mountinfo.js";
import type { NetworkFiles, OciSpec } from "./oci-spec.js";

export interface RuntimeLayout {
  /** Persistent state, e.g. /var/lib/berth. */
  readonly rootDir: string;
  /** Volatile state, e.g. /run/berth. */
  readonly execRoot: string;
}

export interface BundlePaths {
  readonly id: string;
  readonly bundleDir: string;
  readonly rootfs: string;
  readonly configFile: string;
  readonly containerDir: string;
  readonly upperDir: string;
  readonly workDir: string;
  /** Empty lowerdir for an image without layers. */
  readonly emptyDir: string;
  readonly files: NetworkFiles;
  readonly logPath: string;
}

export function bundlePaths(layout: RuntimeLayout, id: string): BundlePaths {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(id)) throw invalidParameter(`invalid container id "${id}"`);
  const bundleDir = join(layout.execRoot, "containers", id);
  const containerDir = join(layout.rootDir, "containers", id);
  return {
    id,
    bundleDir,
    rootfs: join(bundleDir, "rootfs"),
    configFile: join(bundleDir, "config.json"),
    containerDir,
    upperDir: join(containerDir, "upper"),
    workDir: join(containerDir, "work"),
    emptyDir: join(containerDir, "empty"),
    files: { hosts: join(containerDir, "hosts"), hostname: join(containerDir, "hostname"), resolvConf: join(containerDir, "resolv.conf") },
    logPath: join(containerDir, "container.log"),
  };
}

/** Contents for the network files; an omitted one is created (empty-ish) only if missing. */
export interface NetworkFileContents {
  readonly hosts?: string;
  readonly hostname?: string;
  readonly resolvConf?: string;
}

export interface PrepareInput {
  readonly paths: BundlePaths;
  /** Image layer directories, lowest first (ImageStore.layerDirs). */
  readonly layerDirs: readonly string[];
  readonly spec: OciSpec;
  readonly files?: NetworkFileContents;
  /** How to mount the overlay (default: spawn mount through `exec`). */
  readonly mounter?: Mounter;
}

export const DEFAULT_HOSTS =
  "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\n" +
  "ff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n";

/** Overlay mount data; lowerdir lists the TOP layer first. One page (4096 bytes) at most. */
export function overlayOptions(lowest: readonly string[], upper: string, work: string): string {
  for (const p of [...lowest, upper, work]) {
    if (/[,:]/.test(p)) throw invalidParameter(`overlay path must not contain ',' or ':': ${p}`);
  }
  const data = `lowerdir=${[...lowest].reverse().join(":")},upperdir=${upper},workdir=${work},index=off`;
  if (data.length >= 4096) throw invalidParameter(`too many image layers for one overlay mount (${lowest.length})`);
  return data;
}

const exists = (p: string): Promise<boolean> =>
  stat(p).then(
    () => true,
    () => false,
  );

async function writeNetworkFiles(p: BundlePaths, c: NetworkFileContents, hostname: string): Promise<void> {
  const want: [string, string | undefined, string][] = [
    [p.files.hosts, c.hosts, DEFAULT_HOSTS],
    [p.files.hostname, c.hostname, `${hostname}\n`],
    [p.files.resolvConf, c.resolvConf, ""],
  ];
  for (const [path, given, fallback] of want) {
    if (given !== undefined) await writeFile(path, given, { mode: 0o644 });
    else if (!(await exists(path))) await writeFile(path, fallback, { mode: 0o644 });
  }
}

type Step = { readonly name: string; readonly run: () => Promise<void>; readonly undo: () => Promise<void> };

async function runSteps(steps: readonly Step[]): Promise<void> {
  const done: Step[] = [];
  for (const s of steps) {
    try {
      await s.run();
      done.push(s);
    } catch (e) {
      for (const d of done.reverse()) await d.undo().catch(() => undefined);
      throw systemError(`failed to prepare bundle (${s.name}): ${messageOf(e)}`, e);
    }
  }
}

/** Creates (or re-creates after a stop) the bundle with its overlay rootfs mounted. */
export async function prepareBundle(exec: Exec, input: PrepareInput): Promise<void> {
  const p = input.paths;
  const freshContainer = !(await exists(p.containerDir));
  const lower = input.layerDirs.length > 0 ? input.layerDirs : [p.emptyDir];
  const data = overlayOptions(lower, p.upperDir, p.workDir);
  const mounter = input.mounter ?? spawningMounter(exec);
  await runSteps([
    {
      name: "container directory",
      run: async () => {
        for (const d of [p.containerDir, p.upperDir, p.workDir, p.emptyDir]) await mkdir(d, { recursive: true, mode: 0o755 });
        await writeNetworkFiles(p, input.files ?? {}, input.spec.hostname);
      },
      undo: async () => (freshContainer ? rm(p.containerDir, { recursive: true, force: true }) : undefined),
    },
    {
      name: "bundle directory",
      run: async () => {
        await mkdir(p.rootfs, { recursive: true, mode: 0o755 });
        await writeFile(p.configFile, JSON.stringify(input.spec, null, 2) + "\n", { mode: 0o600 });
      },
      undo: () => rm(p.bundleDir, { recursive: true, force: true }),
    },
    {
      name: "overlay mount",
      run: async () => {
        if (!(await hasMountOn(p.rootfs))) await mounter.mountOverlay(p.rootfs, data);
      },
      undo: async () => void (await mounter.unmount(p.rootfs, false).catch(() => undefined)),
    },
  ]);
}

export interface TeardownOptions {
  /** Keep <rootDir>/containers/<id> (writable layer, network files, log): a stop, not a removal. */
  readonly keepContainerDir?: boolean;
  /** How to unmount (default: spawn umount through `exec`). */
  readonly mounter?: Mounter;
}

/** Unmounts the rootfs and removes the bundle (and the container directory). Idempotent. */
export async function teardownBundle(exec: Exec, paths: BundlePaths, opts: TeardownOptions = {}): Promise<void> {
  const errors: string[] = [];
  const step = async (name: string, fn: () => Promise<unknown>): Promise<void> => {
    try {
      await fn();
    } catch (e) {
      errors.push(`${name}: ${messageOf(e)}`);
    }
  };
  await step("unmount rootfs", async () => {
    // Stacked mounts are possible after a crash between checks; unmount until none is left.
    const mounter = opts.mounter ?? spawningMounter(exec);
    for (let i = 0; i < 8 && (await hasMountOn(paths.rootfs)); i++) await mounter.unmount(paths.rootfs, false);
    if (await hasMountOn(paths.rootfs)) await mounter.unmount(paths.rootfs, true);
  });
  // Never recurse into a directory that still has a mount (it would delete the image layers).
  if (await hasMountOn(paths.rootfs).catch(() => true)) errors.push(`rootfs still mounted: ${paths.rootfs}`);
  else await step("remove bundle", () => rm(paths.bundleDir, { recursive: true, force: true }));
  if (!opts.keepContainerDir) await step("remove container directory", () => rm(paths.containerDir, { recursive: true, force: true }));
  if (errors.length > 0) throw systemError(`failed to tear down bundle of ${paths.id}: ${errors.join("; ")}`);
}
