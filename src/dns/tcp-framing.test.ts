import { test } from "node:test";
import assert from "node:assert/strict";
import { canonicalIp, networkSplits, reverseToAddress } from "./names.js";
import { FrameReader, frame } from "./tcp-framing.js";

test("frames split anywhere and joined together come out whole; empty frames are skipped", () => {
  const msgs = [Buffer.from("first"), Buffer.alloc(0), Buffer.from("second message"), Buffer.alloc(300, 7)];
  const stream = Buffer.concat(msgs.map(frame));
  for (const step of [1, 2, 3, 7, stream.length]) {
    const r = new FrameReader();
    const out: Buffer[] = [];
    for (let i = 0; i < stream.length; i += step) out.push(...r.push(stream.subarray(i, i + step)));
    assert.deepEqual(out.map((b) => b.toString("hex")), msgs.filter((m) => m.length > 0).map((m) => m.toString("hex")));
    assert.equal(r.pending, 0);
  }
  const partial = new FrameReader();
  assert.deepEqual(partial.push(Buffer.from([0xff, 0xff, 1, 2])), []);
  assert.equal(partial.pending, 4, "a 64 KiB frame in progress is held, nothing more");
});

test("names: network splits, reverse names, canonical addresses", () => {
  assert.deepEqual(networkSplits("a.b.c"), [{ name: "a.b", network: "c" }, { name: "a", network: "b.c" }]);
  assert.deepEqual(networkSplits("single"), []);
  assert.equal(reverseToAddress("4.3.2.1.in-addr.arpa"), "1.2.3.4");
  assert.equal(reverseToAddress("256.3.2.1.in-addr.arpa"), undefined);
  assert.equal(reverseToAddress("3.2.1.in-addr.arpa"), undefined);
  assert.equal(reverseToAddress("01.3.2.1.in-addr.arpa"), undefined);
  assert.equal(reverseToAddress(`${"0.".repeat(31)}1.ip6.arpa`), "1000::");
  assert.equal(reverseToAddress("x.ip6.arpa"), undefined);
  assert.equal(canonicalIp("FD00:0:0::01"), "fd00::1");
  assert.equal(canonicalIp("nope"), undefined);
});
