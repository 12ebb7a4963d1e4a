import { test } from "node:test";
import assert from "node:assert/strict";
import { parallelSteps, runAll, runSteps } from "./steps.js";
import { Mutex } from "./mutex.js";

test("runSteps undoes completed steps in reverse on failure", async () => {
  const log: string[] = [];
  await assert.rejects(
    runSteps([
      { name: "a", run: () => void log.push("a"), undo: () => void log.push("undo a") },
      { name: "b", run: () => void log.push("b"), undo: () => void log.push("undo b") },
      { name: "c", run: () => { throw new Error("boom"); }, undo: () => void log.push("undo c") },
    ]),
    /boom/,
  );
  assert.deepEqual(log, ["a", "b", "undo b", "undo a"]);
});

test("runAll runs every step and reports all failures", async () => {
  const log: string[] = [];
  await assert.rejects(
    runAll([
      { name: "x", run: () => { throw new Error("x failed"); } },
      { name: "y", run: () => void log.push("y") },
      { name: "z", run: () => { throw new Error("z failed"); } },
    ]),
    /x failed.*z failed/,
  );
  assert.deepEqual(log, ["y"]);
});

test("Mutex serialises and survives rejections", async () => {
  const m = new Mutex();
  const order: number[] = [];
  const slow = (n: number, ms: number) => m.run(async () => { await new Promise((r) => setTimeout(r, ms)); order.push(n); });
  await Promise.all([slow(1, 20), m.run(() => { throw new Error("no"); }).catch(() => order.push(0)), slow(2, 1)]);
  assert.deepEqual(order, [1, 0, 2]);
});

test("parallelSteps undoes the completed siblings when one fails", async () => {
  const log: string[] = [];
  const step = parallelSteps("both", [
    { name: "a", run: () => void log.push("a"), undo: () => void log.push("undo a") },
    { name: "b", run: async () => { throw new Error("b failed"); }, undo: () => void log.push("undo b") },
  ]);
  await assert.rejects(Promise.resolve(step.run()), /b failed/);
  assert.deepEqual(log, ["a", "undo a"]);
});
