/**
 * Every `sh` block in docs/*.md runs here, in document order, against a real berthd (one per
 * page), inside the daemon's network namespace, with the real docker CLI; a block passes when
 * its script exits 0 (lines starting with `! ` must fail). Blocks tagged `needs-dns` or
 * `needs-ports` run as todos until their issues land (test/conformance/pending.ts).
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { REPO, run, type TestDaemon } from "../harness/daemon.js";
import { docBlocks, docFiles, readBlocks, toScript } from "../conformance/docs-blocks.js";
import { skipReason, startDaemonWithBusybox } from "../conformance/e2e-daemon.js";
import { DOCS_TAGS } from "../conformance/pending.js";

const DOCS = path.join(REPO, "docs");
const files = docFiles(DOCS);

test("the user docs exist and hold runnable examples", () => {
  const names = files.map((f) => path.basename(f));
  for (const n of ["getting-started.md", "networks.md", "dns.md", "ports-and-firewall.md", "differences-from-docker.md", "troubleshooting.md"]) {
    assert.ok(names.includes(n), n);
  }
  for (const f of files) {
    for (const b of readBlocks(f)) assert.ok(b.tag === "" || b.tag in DOCS_TAGS, `${b.file}:${b.line}: unknown tag "${b.tag}"`);
  }
  assert.ok(files.flatMap(readBlocks).length >= 15);
});

for (const file of files) {
  const blocks = readBlocks(file);
  if (blocks.length === 0) continue;
  describe(`docs/${path.basename(file)}`, { skip: skipReason(["/usr/bin/bash"]) }, () => {
    let d: TestDaemon;
    before(async () => {
      d = await startDaemonWithBusybox("doc");
    });
    after(async () => {
      await d?.dispose();
    });
    for (const b of blocks) {
      const todo = b.tag === "" ? false : DOCS_TAGS[b.tag] ?? false;
      const first = b.code.split("\n").find((l) => l.trim() !== "") ?? "";
      test(`line ${b.line}: ${first}`, { todo }, () => {
        const r = run(["nsenter", `--net=/run/netns/${d.netns}`, "--", "/usr/bin/bash", "-c", toScript(b.code)],
          { ...d.env, PATH: `${path.join(REPO, "bin")}:${process.env["PATH"] ?? ""}` });
        assert.equal(r.code, 0, `${b.file}:${b.line} exited ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
      });
    }
  });
}

test("the docs runner: `! cmd` lines must fail, other lines must succeed, tags are read", () => {
  const bash = (code: string): number => run(["/usr/bin/bash", "-c", toScript(code)]).code;
  assert.equal(bash("! false   # documented failure"), 0);
  assert.notEqual(bash("! true   # a documented failure that succeeds"), 0);
  assert.notEqual(bash("false\necho not reached"), 0);
  assert.notEqual(bash("false | cat"), 0);
  const blocks = docBlocks("text\n```sh\necho a\n```\n```console\nrm -rf /\n```\n```sh needs-dns\necho b\n```\n", "x.md");
  assert.deepEqual(blocks, [{ file: "x.md", line: 2, tag: "", code: "echo a" }, { file: "x.md", line: 8, tag: "needs-dns", code: "echo b" }]);
});
