/**
 * Overlay mounts for container root filesystems: in-process through the native addon
 * (native/netns/mounts.c: mount(2)/umount2(2), no spawn), or by spawning mount(8)/umount(8)
 * when the addon is not built and in unit tests with a scripted exec.
 */
import type { Exec } from "./exec.js";
import { nativeAddon } from "./netns-socket.js";

export interface Mounter {
  /** `mount -t overlay overlay -o <data> <target>`, then `mount --make-private <target>` */
  mountOverlay(target: string, data: string): Promise<void>;
  /** `umount [--lazy] <target>` */
  unmount(target: string, lazy: boolean): Promise<void>;
}

export function spawningMounter(exec: Exec): Mounter {
  return {
    mountOverlay: async (target, data) => {
      await exec(["mount", "-t", "overlay", "overlay", "-o", data, target]);
      await exec(["mount", "--make-private", target]);
    },
    unmount: async (target, lazy) => void (await exec(["umount", ...(lazy ? ["--lazy"] : []), target])),
  };
}

interface MountAddon {
  mountOverlay(target: string, data: string): void;
  unmount(target: string, lazy: boolean): void;
}

const isMountAddon = (x: unknown): x is MountAddon =>
  typeof x === "object" && x !== null && typeof (x as Partial<MountAddon>).mountOverlay === "function" && typeof (x as Partial<MountAddon>).unmount === "function";

/** The addon's mount functions, or undefined when it is not built. */
export function nativeMounter(): Mounter | undefined {
  const addon = nativeAddon();
  if (!isMountAddon(addon)) return undefined;
  return {
    mountOverlay: async (target, data) => addon.mountOverlay(target, data),
    unmount: async (target, lazy) => addon.unmount(target, lazy),
  };
}

/** In-process when possible, else by spawning. */
export const bestMounter = (exec: Exec): Mounter => nativeMounter() ?? spawningMounter(exec);
