/**
 * What a global test setup/teardown calls around a whole run of kernel tests:
 * beginKernelSession() takes a census and turns the egress guard on; endKernelSession() turns
 * the guard off (if it turned it on) and fails when anything is left that was not there before.
 * Setup and teardown may be separate processes: pass a stateFile to carry the session over.
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { guardDrops, guardOff, guardOn, type GuardState } from "./egress-guard.js";
import { assertNoLeaks, snapshotKernel, type KernelSnapshot } from "./leak-check.js";
import { kernelSkipReason } from "./root.js";

export interface KernelSession {
  /** Set when kernel tests cannot run here; the session then does nothing. */
  readonly skipped?: string;
  readonly before?: KernelSnapshot;
  readonly guard?: GuardState;
}

export interface KernelSessionReport {
  /** Forwarded packets the guard dropped during the run (should be 0), if the guard was on. */
  readonly dropped: number | undefined;
}

export interface SessionOptions {
  /** Where to keep the session between a setup and a teardown process, e.g. ".berth-test/kernel-session.json". */
  readonly stateFile?: string;
}

export async function beginKernelSession(opts: SessionOptions = {}): Promise<KernelSession> {
  const skipped = kernelSkipReason();
  const session: KernelSession = skipped !== undefined ? { skipped } : await start();
  if (opts.stateFile) {
    await mkdir(path.dirname(opts.stateFile), { recursive: true });
    await writeFile(opts.stateFile, JSON.stringify(session));
  }
  return session;
}

async function start(): Promise<KernelSession> {
  const before = await snapshotKernel(); // before the guard, whose table would count as Berth's
  return { before, guard: await guardOn() };
}

/** Ends the session (given, or read from the state file); throws listing any leftovers. */
export async function endKernelSession(session?: KernelSession, opts: SessionOptions = {}): Promise<KernelSessionReport> {
  const s = session ?? (opts.stateFile ? (JSON.parse(await readFile(opts.stateFile, "utf8")) as KernelSession) : undefined);
  if (!s) throw new Error("endKernelSession: no session given and no stateFile to read it from");
  if (opts.stateFile) await rm(opts.stateFile, { force: true });
  if (s.skipped !== undefined || !s.before) return { dropped: undefined };
  const dropped = await guardDrops();
  if (s.guard?.state === "on") await guardOff();
  assertNoLeaks(s.before, await snapshotKernel());
  return { dropped };
}
