/**
 * scripts/side-by-side: normalisation and diffing (pure), "dockerd not present" when no
 * dockerd answers, and two berthds side by side showing no difference once ids, timestamps
 * and MACs are masked (which shows the masking is complete for these scenarios).
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { REPO, run, type TestDaemon } from "../harness/daemon.js";
import { diff, normalise } from "../conformance/normalise.js";
import { skipReason, startDaemonWithBusybox } from "../conformance/e2e-daemon.js";

const SCRIPT = path.join(REPO, "scripts/side-by-side");

test("normalise masks ids, short ids, timestamps and MACs, in keys and inside texts", () => {
  const id = "a".repeat(64);
  const v = normalise({ [id]: { Id: id, Created: "2026-11-27T22:12:26.27600122Z", Mac: "fa:82:2a:74:8b:5a", T: `container ${id} is not connected`, S: "abcdef012345", N: 3 } });
  assert.deepEqual(v, { "<id>": { Id: "<id>", Created: "<time>", Mac: "<mac>", T: "container <id> is not connected", S: "<id12>", N: 3 } });
  assert.equal(normalise("10.0.0.2/24 web-1"), "10.0.0.2/24 web-1");
});

test("diff lists each differing path, and nothing for equal values", () => {
  assert.deepEqual(diff({ a: 1, b: [1, 2], c: { d: "x" } }, { a: 1, b: [1, 2], c: { d: "x" } }), []);
  assert.deepEqual(diff({ a: 1, b: [1, 2], c: { d: "x" }, e: 1 }, { a: 2, b: [1, 3], c: { d: "x" }, f: 1 }).sort(),
    [".a: 1 != 2", ".b.1: 2 != 3", ".e: only in first: 1", ".f: only in second: 1"]);
});

describe("scripts/side-by-side against daemons", { skip: skipReason() }, () => {
  let a: TestDaemon;
  let b: TestDaemon;
  before(async () => {
    [a, b] = await Promise.all([startDaemonWithBusybox("sba"), startDaemonWithBusybox("sbb")]);
  });
  after(async () => {
    await Promise.all([a?.dispose(), b?.dispose()]);
  });

  test("no dockerd: prints 'dockerd not present' and exits 0", () => {
    const r = run([SCRIPT, a.env["DOCKER_HOST"] ?? "", `unix://${path.join(a.dir, "no-dockerd.sock")}`]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "dockerd not present\n");
  });

  test("two berthds: the same after normalisation; a real difference is listed with exit 1", () => {
    const r = run([SCRIPT, "--scenarios", "dockerode,docker-py", a.env["DOCKER_HOST"] ?? "", b.env["DOCKER_HOST"] ?? ""]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.stdout, "== dockerode: same\n== docker-py: same\n");
    assert.equal(b.docker(["network", "create", "--subnet", "10.124.0.0/24", "squatter"]).code, 0);
    const d = run([SCRIPT, "--scenarios", "dockerode", a.env["DOCKER_HOST"] ?? "", b.env["DOCKER_HOST"] ?? ""]);
    assert.equal(d.code, 1, d.stdout + d.stderr);
    assert.match(d.stdout, /^== dockerode: \d+ difference\(s\) \(berthd != dockerd\)$/m);
    assert.match(d.stdout, /^ {2}\.exception: only in second: /m);
  });
});
