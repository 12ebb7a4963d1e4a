/** Assertions on docker CLI runs against a test daemon, shared by the e2e files. */
import assert from "node:assert/strict";
import type { TestDaemon } from "./daemon.js";

/** Runs `docker args` and returns its stdout; fails the test (with the daemon's log tail) otherwise. */
export function dockerOk(d: TestDaemon, args: readonly string[]): string {
  const r = d.docker(args);
  assert.equal(r.code, 0, `docker ${args.join(" ")} failed (${r.code}): ${r.stderr}\n${d.log.slice(-2000)}`);
  return r.stdout;
}

/** Runs `docker args`, expecting a failure whose stderr contains (or matches) `message`. */
export function dockerFails(d: TestDaemon, args: readonly string[], message: RegExp | string, code?: number): void {
  const r = d.docker(args);
  assert.notEqual(r.code, 0, `expected docker ${args.join(" ")} to fail: ${r.stdout}`);
  if (code !== undefined) assert.equal(r.code, code);
  if (typeof message === "string") assert.ok(r.stderr.includes(message), `stderr: ${r.stderr}`);
  else assert.match(r.stderr, message);
}
