import { test } from "node:test";
import assert from "node:assert/strict";
import { currentNofile, parseNofile } from "./host-limits.js";
import { parseMountPoints } from "./mountinfo.js";

const LIMITS = `Limit                     Soft Limit           Hard Limit           Units
Max cpu time              unlimited            unlimited            seconds
Max open files            1024                 524288               files
Max locked memory         8388608              8388608              bytes
`;

test("RLIMIT_NOFILE is read from /proc/<pid>/limits", async () => {
  assert.deepEqual(parseNofile(LIMITS), { soft: 1024, hard: 524288 });
  assert.throws(() => parseNofile("Max cpu time unlimited unlimited seconds\n"));
  const now = await currentNofile();
  assert.ok(now.soft <= now.hard && now.soft > 0);
});

test("mountinfo mount points are unescaped", () => {
  const text =
    "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/vda rw\n" +
    "98 22 0:51 / /tmp/a\\040b/rootfs rw,relatime - overlay overlay rw,lowerdir=/x\n";
  assert.deepEqual(parseMountPoints(text), ["/", "/tmp/a b/rootfs"]);
});
