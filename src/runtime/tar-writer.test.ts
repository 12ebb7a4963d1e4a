import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { exec } from "../kernel/exec.js";
import { paxRecord, writeTar } from "./tar-writer.js";

test("pax record lengths count themselves", () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 2000 }), (k, v) => {
      const rec = paxRecord(`k${k.replace(/[= \n]/g, "")}`, v);
      const len = Number(rec.slice(0, rec.indexOf(" ")));
      assert.equal(len, new TextEncoder().encode(rec).length);
    }),
  );
});

test("GNU tar reads what the writer writes (long and non-ASCII names, devices, links)", async () => {
  const dir = await mkdtemp(join(tmpdir(), "bt-tarw-"));
  try {
    const long = "d/" + "x".repeat(150);
    const tar = writeTar([
      { name: "d/", type: "dir", mode: 0o750 },
      { name: long, type: "file", content: "hello\n", mode: 0o600, mtime: 1_700_000_000 },
      { name: "d/ünï", type: "file", content: "u" },
      { name: "d/link", type: "symlink", linkname: "../" + "y".repeat(120) },
      { name: "d/wh", type: "chardev", mode: 0, devmajor: 0, devminor: 0 },
    ]);
    assert.equal(tar.length % 512, 0);
    await writeFile(join(dir, "t.tar"), tar);
    const { stdout } = await exec(["tar", "-t", "-v", "--numeric-owner", "-f", join(dir, "t.tar")]);
    const lines = stdout.trim().split("\n");
    assert.equal(lines.length, 5);
    assert.match(lines[0] ?? "", /^drwxr-x--- 0\/0 .* d\/$/);
    assert.match(lines[1] ?? "", new RegExp(`^-rw------- 0/0 +6 2023-11-1\\d .* ${long}$`));
    assert.match(lines[2] ?? "", /d\/ünï$/);
    assert.match(lines[3] ?? "", new RegExp(`d/link -> \\.\\./y{120}$`));
    assert.match(lines[4] ?? "", /^c--------- 0\/0 +0,0 /);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
