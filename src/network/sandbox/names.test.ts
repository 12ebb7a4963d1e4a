import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { isBerthError } from "../../lib/errors.js";
import { LEFT_WORDS, RIGHT_WORDS } from "./name-words.js";
import {
  generateContainerName,
  generateName,
  nameConflictError,
  randomContainerName,
  validateContainerName,
  type RandomSource,
} from "./names.js";

/** A random source that returns the given values, then repeats the last. */
function scripted(...values: number[]): RandomSource {
  let i = 0;
  return () => values[Math.min(i++, values.length - 1)] ?? 0;
}

const at = (words: readonly string[], word: string): number => (words.indexOf(word) + 0.5) / words.length;

test("word lists: about a hundred each, lower-case, unique, and boring/wozniak present", () => {
  for (const list of [LEFT_WORDS, RIGHT_WORDS]) {
    assert.ok(list.length >= 100);
    assert.equal(new Set(list).size, list.length);
    for (const w of list) assert.match(w, /^[a-z]+$/);
  }
  assert.ok(LEFT_WORDS.includes("boring") && RIGHT_WORDS.includes("wozniak"));
});

test("randomContainerName: adjective_surname, never boring_wozniak", () => {
  const r = scripted(at(LEFT_WORDS, "boring"), at(RIGHT_WORDS, "wozniak"), at(LEFT_WORDS, "jolly"), at(RIGHT_WORDS, "turing"));
  assert.equal(randomContainerName(0, r), "jolly_turing");
  assert.equal(generateName(scripted(at(LEFT_WORDS, "zen"), at(RIGHT_WORDS, "wu"))), "zen_wu");
});

test("randomContainerName: retries append one digit", () => {
  assert.equal(randomContainerName(1, scripted(at(LEFT_WORDS, "sad"), at(RIGHT_WORDS, "hopper"), 0.75)), "sad_hopper7");
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 5 }), (retry) => {
      const name = randomContainerName(retry);
      assert.match(name, retry === 0 ? /^[a-z]+_[a-z]+$/ : /^[a-z]+_[a-z]+[0-9]$/);
      assert.notEqual(name.replace(/[0-9]$/, ""), "boring_wozniak");
      validateContainerName(name);
    }),
  );
});

test("generateContainerName: six tries, then the short id", () => {
  const tried: string[] = [];
  const name = generateContainerName("0123456789abcdef".repeat(4), (n) => (tried.push(n), true));
  assert.equal(name, "0123456789ab");
  assert.equal(tried.length, 6);
  assert.match(tried[5] ?? "", /[0-9]$/);
  assert.equal(generateContainerName("f".repeat(64), () => false, scripted(at(LEFT_WORDS, "keen"), at(RIGHT_WORDS, "noether"))), "keen_noether");
});

test("validateContainerName: Docker's pattern, one leading slash removed", () => {
  assert.equal(validateContainerName("pgserver"), "pgserver");
  assert.equal(validateContainerName("/web"), "web");
  assert.equal(validateContainerName("a.b-c_d9"), "a.b-c_d9");
  for (const bad of ["-rm", "&sdfsfd", "safd%sd", "a", "/a", "", "_x", "has space", "a/b"]) {
    assert.throws(
      () => validateContainerName(bad),
      (e: unknown) =>
        isBerthError(e, "InvalidParameter") && e.message === `Invalid container name (${bad}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`,
      bad,
    );
  }
});

test("nameConflictError: Docker's 409 text", () => {
  const e = nameConflictError("web", "a".repeat(64));
  assert.equal(e.kind, "Conflict");
  assert.equal(
    e.message,
    `Conflict. The container name "/web" is already in use by container "${"a".repeat(64)}". You have to remove (or rename) that container to be able to reuse that name.`,
  );
});
