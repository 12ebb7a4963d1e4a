/**
 * Shared benchmark plumbing: the targets to compare (a fresh berthd in its own network
 * namespace, and a dockerd when one answers), timing of whole CLI commands, medians.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { DOCKER, TestDaemon, run } from "../test/harness/daemon.js";

export interface Target {
  readonly name: string;
  readonly env: Record<string, string>;
  dispose(): Promise<void>;
}

export function timeMs(argv: readonly string[], env: Record<string, string>): number {
  const [bin, ...args] = argv;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(bin ?? "", args, { env: { ...process.env, ...env }, encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${argv.join(" ")} failed: ${r.stderr}`);
  return ms;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}

export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}

export async function targets(): Promise<Target[]> {
  const out: Target[] = [];
  const d = new TestDaemon("bench");
  await d.start();
  out.push({ name: "berthd", env: d.env, dispose: () => d.dispose() });
  const dockerHost = process.env["DOCKERD_HOST"] ?? (existsSync("/var/run/docker.sock") ? "unix:///var/run/docker.sock" : "");
  if (dockerHost && run([DOCKER, "version"], { DOCKER_HOST: dockerHost }).code === 0) {
    out.push({ name: "dockerd", env: { DOCKER_HOST: dockerHost }, dispose: async () => undefined });
  }
  return out;
}

export const docker = (args: readonly string[]): string[] => [DOCKER, ...args];

export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ")).join("\n");
}
