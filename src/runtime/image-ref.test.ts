import { test } from "node:test";
import assert from "node:assert/strict";
import { isBerthError } from "../lib/errors.js";
import { fullImageId, idPrefix, normalizeRepoTag, parseImageRef } from "./image-ref.js";

test("references normalise to Docker's familiar name:tag", () => {
  const cases: [string, string][] = [
    ["busybox", "busybox:latest"],
    ["busybox:1.36", "busybox:1.36"],
    ["library/busybox", "busybox:latest"],
    ["docker.io/library/busybox:latest", "busybox:latest"],
    ["index.docker.io/busybox", "busybox:latest"],
    ["docker.io/me/app:v1", "me/app:v1"],
    ["localhost:5000/app", "localhost:5000/app:latest"],
    ["localhost/app:dev", "localhost/app:dev"],
    ["registry.example.com/a/b/c:x.y-z", "registry.example.com/a/b/c:x.y-z"],
    ["my_app__x-y.z", "my_app__x-y.z:latest"],
  ];
  for (const [input, want] of cases) assert.equal(normalizeRepoTag(input), want, input);
});

test("digests are parsed but cannot become tags", () => {
  const ref = parseImageRef("busybox@sha256:" + "a".repeat(64));
  assert.equal(ref.name, "busybox");
  assert.equal(ref.digest, "sha256:" + "a".repeat(64));
  assert.throws(() => normalizeRepoTag("busybox@sha256:" + "a".repeat(64)), (e) => isBerthError(e, "InvalidParameter"));
});

test("invalid references are refused with Docker's wording", () => {
  assert.throws(() => parseImageRef("Busybox"), { message: "invalid reference format: repository name (library/Busybox) must be lowercase" });
  for (const bad of ["", "busybox:", ":tag", "bus box", "a//b", "-lead", "busybox:-x", "x:" + "t".repeat(129)]) {
    assert.throws(() => parseImageRef(bad), { message: "invalid reference format" }, bad);
  }
  assert.throws(() => parseImageRef("f".repeat(64)), /cannot specify 64-byte hexadecimal strings/);
});

test("ids and id prefixes", () => {
  const hex = "0123456789abcdef".repeat(4);
  assert.equal(fullImageId(hex), `sha256:${hex}`);
  assert.equal(fullImageId(`sha256:${hex}`), `sha256:${hex}`);
  assert.equal(fullImageId("0123"), undefined);
  assert.equal(idPrefix("sha256:0123"), "0123");
  assert.equal(idPrefix("busybox"), undefined);
});
