/**
 * The daemon's own resource limits, read from /proc/self/limits. Containers inherit the current
 * RLIMIT_NOFILE: without CAP_SYS_RESOURCE a spec asking for more than the hard limit fails.
 */
import { readFile } from "node:fs/promises";
import { systemError } from "../lib/errors.js";
import type { RlimitPair } from "./oci-spec.js";

/** "unlimited" is RLIM_INFINITY, which the OCI spec carries as 2^64-1; JSON numbers cannot, so cap. */
const UNLIMITED = Number.MAX_SAFE_INTEGER;

/** Parses the "Max open files" row of a /proc/<pid>/limits text. Pure. */
export function parseNofile(limits: string): RlimitPair {
  const row = limits.split("\n").find((l) => l.startsWith("Max open files"));
  const m = row ? /^Max open files\s+(\S+)\s+(\S+)/.exec(row) : null;
  const num = (s: string | undefined): number => (s === "unlimited" ? UNLIMITED : Number(s));
  const soft = num(m?.[1]);
  const hard = num(m?.[2]);
  if (!Number.isInteger(soft) || !Number.isInteger(hard)) throw systemError("cannot read RLIMIT_NOFILE from /proc/self/limits");
  return { soft, hard };
}

export async function currentNofile(): Promise<RlimitPair> {
  return parseNofile(await readFile("/proc/self/limits", "utf8"));
}
