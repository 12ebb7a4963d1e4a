/** Mount points of this process's mount namespace, from /proc/self/mountinfo. */
import { readFile, stat } from "node:fs/promises";
import { dirname } from "node:path";

/** Undoes the kernel's octal escapes (\040 space, \011 tab, \012 newline, \134 backslash). */
function unescape(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(Number.parseInt(o, 8)));
}

/** Mount point paths (field 5) of a mountinfo text, in mount order. Pure. */
export function parseMountPoints(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split("\n")) {
    const mp = line.split(" ")[4];
    if (mp !== undefined) out.push(unescape(mp));
  }
  return out;
}

export async function mountPoints(): Promise<string[]> {
  return parseMountPoints(await readFile("/proc/self/mountinfo", "utf8"));
}

/**
 * Whether another filesystem (an overlay root, say) is mounted on `path`: its device differs
 * from its parent directory's. Two stat calls, where isMountPoint reads the whole mount table,
 * which grows with every running container. Not for bind mounts within one filesystem.
 */
export async function hasMountOn(path: string): Promise<boolean> {
  try {
    const [self, parent] = await Promise.all([stat(path), stat(dirname(path))]);
    return self.dev !== parent.dev;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw e;
  }
}

export async function isMountPoint(path: string): Promise<boolean> {
  return (await mountPoints()).includes(path);
}

/** Mount points at or below `dir` (leak checks in tests, cleanup). */
export async function mountsUnder(dir: string): Promise<string[]> {
  const prefix = dir.endsWith("/") ? dir : `${dir}/`;
  return (await mountPoints()).filter((m) => m === dir || m.startsWith(prefix));
}
