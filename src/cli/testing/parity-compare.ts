/**
 * Comparing a docker run and a berth run: what a user sees (stdout, stderr with docker's
 * name rewritten, exit code) and what the daemon received. Where the docker CLI itself is
 * not deterministic, both sides are normalised the same way: Env and Binds of a create body
 * come from Go map iteration (sorted here), and stop/kill/rm run in parallel (requests sorted).
 */
import assert from "node:assert/strict";
import { visible, wire, type Outcome, type ParityRig } from "./parity.js";

export interface SameOptions {
  readonly stdin?: string;
  /** The CLI sends these requests concurrently: compare them as a set. */
  readonly unordered?: boolean;
  /** Only what the user sees is compared (berth asks fewer questions, e.g. `inspect` of unknown names). */
  readonly outputOnly?: boolean;
}

function normalizeBody(r: string): string {
  const m = /^(POST \S*\/containers\/create\S* \S+ )(.*)$/s.exec(r);
  if (!m) return r;
  const body = JSON.parse(m[2]!) as { Env?: string[] | null; HostConfig?: { Binds?: string[] | null } };
  body.Env?.sort();
  body.HostConfig?.Binds?.sort();
  return m[1] + JSON.stringify(body);
}

export function requests(o: Outcome, unordered = false): string[] {
  const lines = wire(o).map(normalizeBody);
  return unordered ? lines.sort() : lines;
}

/** Runs both CLIs and asserts they behaved the same; returns berth's outcome. */
export async function same(rig: ParityRig, args: readonly string[], opts: SameOptions = {}): Promise<Outcome> {
  const { docker, berth } = await rig.both(args, opts.stdin);
  assert.deepEqual(visible(berth), visible(docker), `berth ${args.join(" ")}`);
  if (!opts.outputOnly) assert.deepEqual(requests(berth, opts.unordered), requests(docker, opts.unordered), `requests of ${args.join(" ")}`);
  return berth;
}

/** `same` for a list of cases, one test each (for node:test's `test`). */
export function cases(rig: ParityRig, test: (name: string, fn: () => Promise<void>) => unknown, list: readonly (readonly string[])[], opts: SameOptions = {}): void {
  for (const args of list) test(args.join(" "), () => same(rig, args, opts).then(() => undefined));
}
