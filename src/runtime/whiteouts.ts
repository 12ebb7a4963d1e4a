/**
 * Converts OCI/AUFS whiteouts in an extracted layer into overlayfs whiteouts:
 *   `dir/.wh.name`      -> `dir/name` as a 0:0 character device (name deleted from lower layers)
 *   `dir/.wh..wh..opq`  -> xattr `trusted.overlay.opaque=y` on `dir` (lower contents hidden)
 *   other `.wh..wh.*`   -> AUFS bookkeeping (plink, aufs), removed.
 * Node cannot mknod or set xattrs, so the changes are written as a small pax tar and applied by
 * the system tar (one process per layer, only when the layer has whiteouts).
 */
import { lstat, opendir, rm, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import type { Exec } from "../kernel/exec.js";
import { writeTar, type TarEntry } from "./tar-writer.js";

const WH = ".wh.";
const OPAQUE = ".wh..wh..opq";
const META = ".wh..wh.";

export interface WhiteoutScan {
  /** Paths (relative to the layer root) of files to turn into whiteout devices. */
  readonly whiteouts: readonly string[];
  /** Directories (relative; "." for the root) to mark opaque. */
  readonly opaqueDirs: readonly string[];
  /** Marker files (and AUFS marker directories) to delete (absolute paths). */
  readonly markers: readonly string[];
}

/** Walks the layer and collects whiteout markers; does not change anything. */
export async function scanWhiteouts(root: string): Promise<WhiteoutScan> {
  const whiteouts: string[] = [];
  const opaqueDirs: string[] = [];
  const markers: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for await (const ent of await opendir(dir)) {
      const full = join(dir, ent.name);
      if (!ent.name.startsWith(WH)) {
        if (ent.isDirectory()) await walk(full);
        continue;
      }
      markers.push(full); // AUFS keeps directories (.wh..wh.plnk) as markers too: never descended
      const rel = relative(root, dir) || ".";
      if (ent.name === OPAQUE) opaqueDirs.push(rel);
      else if (!ent.name.startsWith(META)) whiteouts.push(join(rel, ent.name.slice(WH.length)));
    }
  };
  await walk(root);
  return { whiteouts, opaqueDirs, markers };
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

/** The tar entries that recreate the scan's whiteouts and opaque marks on top of `root`. */
async function overlayEntries(root: string, scan: WhiteoutScan): Promise<TarEntry[]> {
  const entries: TarEntry[] = [];
  for (const rel of scan.opaqueDirs) {
    const st = await lstat(join(root, rel));
    entries.push({
      name: rel === "." ? "./" : `./${rel}/`,
      type: "dir",
      mode: st.mode & 0o7777,
      uid: st.uid,
      gid: st.gid,
      mtime: Math.floor(st.mtimeMs / 1000),
      xattrs: { "trusted.overlay.opaque": "y" },
    });
  }
  for (const rel of scan.whiteouts) {
    // A whiteout and a real entry of the same name in one layer is malformed: the entry wins.
    if (await exists(join(root, rel))) continue;
    entries.push({ name: `./${rel}`, type: "chardev", mode: 0, devmajor: 0, devminor: 0 });
  }
  return entries;
}

/**
 * Rewrites the whiteouts of the layer extracted at `root`. `scratch` is a file path the
 * function may use for the generated tar (removed afterwards). Returns the number converted.
 */
export async function convertWhiteouts(exec: Exec, root: string, scratch: string): Promise<number> {
  const scan = await scanWhiteouts(root);
  if (scan.markers.length === 0) return 0;
  for (const m of scan.markers) await rm(m, { recursive: true, force: true });
  const entries = await overlayEntries(root, scan);
  if (entries.length === 0) return 0;
  await writeFile(scratch, writeTar(entries));
  try {
    await exec(
      ["tar", "-x", "-f", scratch, "-C", root, "--numeric-owner", "--same-owner", "--same-permissions",
        "--xattrs", "--xattrs-include=trusted.overlay.opaque"],
      { timeoutMs: 120_000 },
    );
  } finally {
    await rm(scratch, { force: true });
  }
  return entries.length;
}
