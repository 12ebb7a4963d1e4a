/**
 * Setup as a list of named, reversible steps: if step n fails, steps n-1..1 are undone
 * (in reverse) and the original error is rethrown; undo failures are attached, not hidden.
 */
export interface Step {
  readonly name: string;
  readonly run: () => Promise<void> | void;
  /** Undo of a step that completed; must be idempotent. */
  readonly undo?: () => Promise<void> | void;
}

export class StepError extends Error {
  override readonly name = "StepError";
  constructor(
    readonly step: string,
    override readonly cause: unknown,
    readonly undoErrors: readonly { step: string; error: unknown }[],
  ) {
    super(`${step}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** Runs steps in order; on failure undoes the completed ones and rethrows the step's error. */
export async function runSteps(steps: readonly Step[], onUndoError?: (step: string, e: unknown) => void): Promise<void> {
  const done: Step[] = [];
  for (const step of steps) {
    try {
      await step.run();
      done.push(step);
    } catch (e) {
      for (const d of done.reverse()) {
        try {
          await d.undo?.();
        } catch (ue) {
          onUndoError?.(d.name, ue);
        }
      }
      throw e;
    }
  }
}

/** Runs every teardown step even when some fail; throws one error listing all failures. */
export async function runAll(steps: readonly Step[]): Promise<void> {
  const failures: { step: string; error: unknown }[] = [];
  for (const step of steps) {
    try {
      await step.run();
    } catch (error) {
      failures.push({ step: step.name, error });
    }
  }
  const first = failures[0];
  if (first) {
    const text = failures.map((f) => `${f.step}: ${f.error instanceof Error ? f.error.message : String(f.error)}`).join("; ");
    throw new StepError(first.step, new Error(text), failures);
  }
}

/**
 * Runs independent steps at the same time; if any fails, undoes the ones that completed and
 * rethrows the first failure. Returns a single step whose undo undoes them all.
 */
export function parallelSteps(name: string, steps: readonly Step[], onUndoError?: (step: string, e: unknown) => void): Step {
  const undoAll = async (which: readonly Step[]): Promise<void> => {
    await Promise.all(
      which.map(async (s) => {
        try {
          await s.undo?.();
        } catch (e) {
          onUndoError?.(s.name, e);
        }
      }),
    );
  };
  return {
    name,
    run: async () => {
      const results = await Promise.allSettled(steps.map(async (s) => s.run()));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
      if (!failed) return;
      await undoAll(steps.filter((_, i) => results[i]?.status === "fulfilled"));
      throw failed.reason;
    },
    undo: () => undoAll(steps),
  };
}
