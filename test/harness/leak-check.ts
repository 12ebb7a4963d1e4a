/**
 * A census of kernel state that looks like Berth's, so a test run can prove it left nothing
 * behind: named netns, links of this process's namespace named veth*, br-*, berth*, nftables
 * tables whose name contains "berth", mounts mentioning berth, and berthd processes.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { exec, ExecError, type Exec } from "../../src/kernel/exec.js";
import { listNetns } from "../../src/kernel/netns.js";

export interface KernelSnapshot {
  readonly netns: readonly string[];
  readonly links: readonly string[];
  /** "family name", e.g. "inet berth". */
  readonly nftTables: readonly string[];
  readonly mounts: readonly string[];
  /** "pid argv...". */
  readonly processes: readonly string[];
}

export type Leftovers = { readonly [K in keyof KernelSnapshot]: readonly string[] };

const LINK = /^(veth|br-|berth)/;

async function links(run: Exec): Promise<string[]> {
  const { stdout } = await run(["ip", "-j", "link", "show"]);
  const parsed = JSON.parse(stdout.trim() || "[]") as Array<{ ifname?: unknown }>;
  return parsed.flatMap((l) => (typeof l.ifname === "string" && LINK.test(l.ifname) ? [l.ifname] : []));
}

interface NftTable { table?: { family?: unknown; name?: unknown } }

async function nftTables(run: Exec): Promise<string[]> {
  let stdout: string;
  try {
    ({ stdout } = await run(["nft", "-j", "list", "tables"]));
  } catch (e) {
    if (e instanceof ExecError && e.code === null) return []; // nft is not installed
    throw e;
  }
  const items = (JSON.parse(stdout) as { nftables?: NftTable[] }).nftables ?? [];
  return items.flatMap(({ table: t }) =>
    t && typeof t.name === "string" && /berth/i.test(t.name) ? [`${String(t.family)} ${t.name}`] : [],
  );
}

/** Mount points (octal escapes decoded) whose source or target mentions berth. */
async function mounts(): Promise<string[]> {
  const text = await readFile("/proc/self/mounts", "utf8");
  const unescape = (s: string): string => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
  return text.split("\n").flatMap((line) => {
    const [src = "", target = ""] = line.split(" ").map(unescape);
    return /berth/i.test(src) || /berth/i.test(target) ? [target] : [];
  });
}

const isBerthd = (argv: readonly string[], comm: string): boolean =>
  comm === "berthd" || argv.some((a) => /^berthd(\.js)?$/.test(path.basename(a)) || /dist\/src\/daemon\/main\.js$/.test(a));

/** berthd processes on the machine (leaked daemons are orphans, so not only our children). */
async function processes(): Promise<string[]> {
  const out: string[] = [];
  for (const pid of (await readdir("/proc")).filter((d) => /^\d+$/.test(d))) {
    if (Number(pid) === process.pid) continue;
    try {
      const argv = (await readFile(`/proc/${pid}/cmdline`, "utf8")).split("\0").filter((a) => a !== "");
      const comm = (await readFile(`/proc/${pid}/comm`, "utf8")).trim();
      if (isBerthd(argv, comm)) out.push(`${pid} ${argv.join(" ")}`);
    } catch {
      // the process exited meanwhile
    }
  }
  return out;
}

export async function snapshotKernel(run: Exec = exec): Promise<KernelSnapshot> {
  const [n, l, t, m, p] = await Promise.all([listNetns(run), links(run), nftTables(run), mounts(), processes()]);
  return { netns: n, links: l, nftTables: t, mounts: m, processes: p };
}

/** What `after` has that `before` had not. */
export function leftovers(before: KernelSnapshot, after: KernelSnapshot): Leftovers {
  const diff = (k: keyof KernelSnapshot): string[] => after[k].filter((x) => !before[k].includes(x));
  return { netns: diff("netns"), links: diff("links"), nftTables: diff("nftTables"), mounts: diff("mounts"), processes: diff("processes") };
}

export function formatLeftovers(left: Leftovers): string {
  return (Object.keys(left) as Array<keyof Leftovers>)
    .filter((k) => left[k].length > 0)
    .map((k) => `${k}: ${left[k].join(", ")}`)
    .join("\n");
}

/** Throws, listing everything left behind, if `after` holds state `before` did not. */
export function assertNoLeaks(before: KernelSnapshot, after: KernelSnapshot): void {
  const text = formatLeftovers(leftovers(before, after));
  if (text !== "") throw new Error(`kernel state left behind by the tests (a cleanup bug: fix the test):\n${text}`);
}
