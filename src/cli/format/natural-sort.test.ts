import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { naturalCompare, naturalLess } from "./natural-sort.js";

test("numbers compare by value, digits before letters, fewer zeros first", () => {
  assert.deepEqual(["net10", "net2", "bridge", "net1", "host", "a01", "a1", "a001"].sort(naturalCompare), ["a1", "a01", "a001", "bridge", "host", "net1", "net2", "net10"]);
  assert.equal(naturalLess("1a", "a"), true);
  assert.equal(naturalLess("abc", "abcd"), true);
  assert.equal(naturalLess("x", "x"), false);
});

test("property: a strict weak order (irreflexive, asymmetric, transitive)", () => {
  const s = fc.stringMatching(/^[a0-9b]{0,6}$/);
  fc.assert(
    fc.property(s, s, s, (a, b, c) => {
      assert.equal(naturalLess(a, a), false);
      if (naturalLess(a, b)) assert.equal(naturalLess(b, a), false);
      if (naturalLess(a, b) && naturalLess(b, c)) assert.equal(naturalLess(a, c), true);
    }),
  );
});
