/** Helpers shared by the parts of the store conformance suite. */
import assert from "node:assert/strict";
import { isBerthError, type ErrorKind } from "../lib/errors.js";
import type { NetworkRepo, Store } from "./store.js";

/** Opens a new, empty store; every conforming implementation provides one. */
export type OpenStore = () => Store;

/**
 * Opens a store whose database was first brought only to schema `version` and seeded by
 * `seed` (through the network repo, which every version so far has; `schemaVersion` is the
 * database's version as recorded then), so that opening it applies the later migrations to
 * existing rows.
 */
export type OpenStoreFrom = (version: number, seed: (networks: NetworkRepo, schemaVersion: number) => void) => Store;

/** Runs `fn` on a fresh store and closes it afterwards, even when `fn` throws. */
export function withStore(open: OpenStore, fn: (s: Store) => void): () => void {
  return () => {
    const s = open();
    try {
      fn(s);
    } finally {
      s.close();
    }
  };
}

export function assertBerthError(fn: () => unknown, kind: ErrorKind, message: string | RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isBerthError(e, kind), `expected ${kind}, got ${String(e)}`);
    if (typeof message === "string") assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });
}
