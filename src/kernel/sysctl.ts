/**
 * sysctl. In the daemon's own namespace the values are read and written under /proc/sys
 * directly (no spawn). /proc/sys/net shows the namespace of the process that opens it, so for
 * any other namespace `sysctl` runs there through the exec gateway (nsenter).
 *
 * Keys are accepted in sysctl(8)'s two spellings: dotted ("net.ipv4.conf.br0.forwarding", a
 * "." inside a segment written "/") or as a path ("net/ipv4/conf/br0.100/forwarding").
 */
import { readFile, writeFile } from "node:fs/promises";
import { constants } from "node:fs";
import { invalidParameter, notFound, systemError, messageOf } from "../lib/errors.js";
import { ExecError, type Exec, type Netns } from "./exec.js";

export interface SysctlDeps {
  readonly run: Exec;
  /** Where the current namespace's sysctls live; "/proc/sys" except in tests. */
  readonly procSysRoot: string;
}

export const PROC_SYS = "/proc/sys";

/** The key as a path below /proc/sys, with sysctl(8)'s rule: if the first separator is ".", swap "." and "/". */
export function sysctlPath(key: string): string {
  const bad = (why: string): never => {
    throw invalidParameter(`Invalid sysctl key "${key}": ${why}`);
  };
  if (!/^[A-Za-z0-9_.\/@+-]+$/.test(key)) bad("it contains a character that is not allowed");
  const first = /[./]/.exec(key)?.[0];
  const path = first === "." ? key.replace(/[./]/g, (c) => (c === "." ? "/" : ".")) : key;
  if (path.split("/").some((s) => s === "" || s === "." || s === "..")) bad("it has an empty or relative segment");
  return path;
}

export function validateSysctlValue(key: string, value: string): string {
  if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(value)) throw invalidParameter(`Invalid value for sysctl "${key}": control characters are not allowed`);
  return value;
}

const isEnoent = (e: unknown): boolean => e instanceof Error && (e as NodeJS.ErrnoException).code === "ENOENT";
export const missingSysctl = (key: string, cause?: unknown): Error => notFound(`Sysctl "${key}" does not exist`, cause);
const isIpv6Key = (key: string): boolean => sysctlPath(key).startsWith("net/ipv6/");

/** Which of the keys does not exist in that namespace (probing only after a failure). */
async function firstMissing(run: Exec, ns: Netns, keys: readonly string[]): Promise<string | undefined> {
  for (const key of keys) {
    const r = await run(["test", "-e", `${PROC_SYS}/${sysctlPath(key)}`], { netns: ns, okCodes: [0, 1] });
    if (r.code !== 0) return key;
  }
  return undefined;
}

async function explainFailure(run: Exec, ns: Netns, keys: readonly string[], e: unknown, action: string): Promise<Error> {
  if (!(e instanceof ExecError)) return e instanceof Error ? e : new Error(String(e));
  const absent = await firstMissing(run, ns, keys).catch(() => undefined);
  if (absent !== undefined) return missingSysctl(absent, e);
  return systemError(`${action}: ${e.stderr.trim() || messageOf(e)}`, e);
}

export interface SetSysctlOptions {
  /** Skip IPv6 keys that do not exist (a kernel booted with ipv6.disable=1). */
  readonly ignoreMissingIpv6?: boolean;
}

async function setHere(root: string, key: string, value: string, opts: SetSysctlOptions): Promise<void> {
  try {
    // No O_CREAT: a key that does not exist is ENOENT, as in /proc/sys (shells use O_TRUNC too).
    await writeFile(`${root}/${sysctlPath(key)}`, value, { flag: constants.O_WRONLY | constants.O_TRUNC });
  } catch (e) {
    if (isEnoent(e) && opts.ignoreMissingIpv6 && isIpv6Key(key)) return;
    if (isEnoent(e)) throw missingSysctl(key, e);
    throw systemError(`Failed to set sysctl "${key}" to "${value}": ${messageOf(e)}`, e);
  }
}

/** Sets several sysctls, in order; another namespace costs one spawn in all. */
export async function setSysctls(d: SysctlDeps, ns: Netns, entries: ReadonlyArray<readonly [string, string]>, opts: SetSysctlOptions = {}): Promise<void> {
  for (const [k, v] of entries) {
    sysctlPath(k);
    validateSysctlValue(k, v);
  }
  if (entries.length === 0) return;
  if (ns.kind === "current") {
    for (const [k, v] of entries) await setHere(d.procSysRoot, k, v, opts);
    return;
  }
  const ignore = opts.ignoreMissingIpv6 === true && entries.every(([k]) => isIpv6Key(k));
  try {
    await d.run(["sysctl", "-q", ...(ignore ? ["-e"] : []), "-w", ...entries.map(([k, v]) => `${k}=${v}`)], { netns: ns });
  } catch (e) {
    const keys = entries.map(([k]) => k);
    throw await explainFailure(d.run, ns, keys, e, `Failed to set ${keys.map((k) => `"${k}"`).join(", ")}`);
  }
}

async function getHere(root: string, key: string): Promise<string> {
  try {
    return (await readFile(`${root}/${sysctlPath(key)}`, "utf8")).replace(/\n$/, "");
  } catch (e) {
    if (isEnoent(e)) throw missingSysctl(key, e);
    throw systemError(`Failed to read sysctl "${key}": ${messageOf(e)}`, e);
  }
}

/** Reads several sysctls (values without the trailing newline); another namespace costs one spawn. */
export async function getSysctls(d: SysctlDeps, ns: Netns, keys: readonly string[]): Promise<string[]> {
  keys.forEach(sysctlPath);
  if (keys.length === 0) return [];
  if (ns.kind === "current") return Promise.all(keys.map((k) => getHere(d.procSysRoot, k)));
  let stdout: string;
  try {
    ({ stdout } = await d.run(["sysctl", "-n", ...keys], { netns: ns }));
  } catch (e) {
    throw await explainFailure(d.run, ns, keys, e, `Failed to read ${keys.map((k) => `"${k}"`).join(", ")}`);
  }
  const values = stdout.replace(/\n$/, "").split("\n");
  if (values.length !== keys.length) throw systemError(`Failed to read ${keys.join(", ")}: sysctl printed ${values.length} values`);
  return values;
}
