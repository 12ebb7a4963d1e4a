import { test } from "node:test";
import assert from "node:assert/strict";
import { isBerthError } from "../lib/errors.js";
import { addNetns, deleteNetns, listNetns, validateNetnsName } from "./netns.js";
import { scriptedExec } from "./scripted-exec.js";

test("validateNetnsName", () => {
  for (const ok of ["bt-a-1f2e3d", "x", "a.b_c-d"]) assert.equal(validateNetnsName(ok), ok);
  for (const bad of ["", ".hidden", "a/b", "../x", "a b", "x".repeat(65)]) {
    assert.throws(() => validateNetnsName(bad), (e: unknown) => isBerthError(e, "InvalidParameter"), bad);
  }
});

/** `ip` with a set of named namespaces behind it. */
function ipNetns(names: Set<string>) {
  return scriptedExec(({ argv }) => {
    const [, a, b, name] = argv;
    if (a === "-j" && b === "netns") return JSON.stringify([...names].map((n) => ({ name: n })));
    if (a === "netns" && b === "add" && name) return names.has(name) ? { code: 1, stderr: "File exists" } : (names.add(name), "");
    if (a === "netns" && b === "delete" && name) return names.delete(name) ? "" : { code: 1, stderr: "No such file" };
    return { code: 2, stderr: "unexpected" };
  });
}

test("add, list, delete; add of a taken name is a Conflict; delete is idempotent", async () => {
  const names = new Set<string>(["other"]);
  const { exec } = ipNetns(names);
  await addNetns("bt-1", exec);
  assert.deepEqual(await listNetns(exec), ["other", "bt-1"]);
  await assert.rejects(addNetns("bt-1", exec), (e: unknown) => isBerthError(e, "Conflict") && /"bt-1" already exists/.test(e.message));
  await deleteNetns("bt-1", exec);
  await deleteNetns("bt-1", exec);
  assert.deepEqual(await listNetns(exec), ["other"]);
});

test("a failure that is not explained by the namespace list is a System error", async () => {
  const broken = scriptedExec(({ argv }) => (argv[1] === "-j" ? '[{"name":"stuck"}]' : { code: 1, stderr: "Device or resource busy" }));
  await assert.rejects(deleteNetns("stuck", broken.exec), (e: unknown) => isBerthError(e, "System") && /busy/.test(e.message));
  await assert.rejects(addNetns("new", broken.exec), (e: unknown) => isBerthError(e, "System"));
});
