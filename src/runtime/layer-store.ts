/**
 * Extracted layers, addressed by DiffID: `<images>/layers/<hex>/` holds exactly one layer's
 * changes with overlayfs whiteouts, ready to be a `lowerdir`. A layer is extracted into a
 * staging directory and renamed into place, so a present directory is always complete.
 */
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { systemError, messageOf } from "../lib/errors.js";
import type { Exec } from "../kernel/exec.js";
import { convertWhiteouts } from "./whiteouts.js";

const HEX64 = /^[0-9a-f]{64}$/;
const EXTRACT_TIMEOUT_MS = 30 * 60_000;

/** GNU tar flags for a layer: keep owners, modes, file capabilities; never `trusted.*`. */
export const LAYER_TAR_FLAGS: readonly string[] = [
  "--numeric-owner",
  "--same-owner",
  "--same-permissions",
  "--xattrs",
  "--xattrs-include=*",
  "--xattrs-exclude=trusted.*",
];

export function hexOf(digest: string): string {
  const hex = digest.startsWith("sha256:") ? digest.slice(7) : digest;
  if (!HEX64.test(hex)) throw systemError(`invalid digest "${digest}"`);
  return hex;
}

export class LayerStore {
  private readonly layersDir: string;

  constructor(
    private readonly exec: Exec,
    /** `<root>/images` */
    imagesDir: string,
    private readonly tmpDir: string,
  ) {
    this.layersDir = join(imagesDir, "layers");
  }

  /** The directory for overlay `lowerdir` of this layer. */
  path(diffId: string): string {
    return join(this.layersDir, hexOf(diffId));
  }

  async has(diffId: string): Promise<boolean> {
    return stat(this.path(diffId)).then(
      (s) => s.isDirectory(),
      () => false,
    );
  }

  /** Extracts `tarPath` (plain or compressed; tar detects it) as layer `diffId` unless present. */
  async ensure(tarPath: string, diffId: string): Promise<void> {
    if (await this.has(diffId)) return;
    await mkdir(this.layersDir, { recursive: true });
    await mkdir(this.tmpDir, { recursive: true });
    const staging = join(this.tmpDir, `layer-${hexOf(diffId)}-${process.pid}-${Date.now()}`);
    await mkdir(staging, { mode: 0o755 });
    try {
      await this.exec(["tar", "-x", "-f", tarPath, "-C", staging, ...LAYER_TAR_FLAGS], { timeoutMs: EXTRACT_TIMEOUT_MS });
      await convertWhiteouts(this.exec, staging, `${staging}.wh.tar`);
      if (await this.has(diffId)) return; // someone else finished first
      await rename(staging, this.path(diffId));
    } catch (e) {
      throw systemError(`failed to register layer: ${messageOf(e)}`, e);
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  /** Removes a layer directory; absent is success. */
  async remove(diffId: string): Promise<void> {
    // Renamed away first, so a half-removed layer is never mistaken for a complete one.
    const doomed = join(this.tmpDir, `removing-${hexOf(diffId)}-${Date.now()}`);
    await mkdir(this.tmpDir, { recursive: true });
    try {
      await rename(this.path(diffId), doomed);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
      throw e;
    }
    await rm(doomed, { recursive: true, force: true });
  }
}
