import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { demultiplex, encodeChunk, frame, frameHeader, FrameDecoder, rfc3339NanoFixed } from "./stream-framing.js";

test("frame header: [stream, 0, 0, 0, size uint32 big-endian]", () => {
  assert.deepEqual([...frameHeader(1, 5)], [1, 0, 0, 0, 0, 0, 0, 5]);
  assert.deepEqual([...frameHeader(2, 0x01020304)], [2, 0, 0, 0, 1, 2, 3, 4]);
  assert.deepEqual([...frame(2, Buffer.from("hi"))], [2, 0, 0, 0, 0, 0, 0, 2, 0x68, 0x69]);
  assert.equal(frame(1, Buffer.alloc(0)).length, 0);
});

test("encodeChunk: framed without a TTY, raw with one, with an optional prefix", () => {
  const chunk = { stream: "stderr" as const, data: Buffer.from("x\n") };
  assert.deepEqual([...encodeChunk(chunk, false)], [2, 0, 0, 0, 0, 0, 0, 2, 0x78, 0x0a]);
  assert.equal(encodeChunk(chunk, true).toString(), "x\n");
  assert.equal(encodeChunk(chunk, true, "T ").toString(), "T x\n");
  assert.equal(demultiplex(encodeChunk(chunk, false, "T ")).stderr, "T x\n");
});

test("a payload over 1 MiB is split into several frames", () => {
  const big = Buffer.alloc((1 << 20) + 10, 0x61);
  const frames = new FrameDecoder().push(frame(1, big));
  assert.deepEqual(frames.map((f) => f.data.length), [1 << 20, 10]);
});

test("FrameDecoder reassembles frames split at any byte", () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ stream: fc.constantFrom(1 as const, 2 as const), text: fc.string({ minLength: 1, maxLength: 40 }) }), { maxLength: 8 }),
      fc.array(fc.nat({ max: 50 }), { maxLength: 10 }),
      (chunks, cuts) => {
        const wire = Buffer.concat(chunks.map((c) => frame(c.stream, Buffer.from(c.text))));
        const d = new FrameDecoder();
        const got: { stream: number; text: string }[] = [];
        let off = 0;
        for (const cut of [...cuts, wire.length]) {
          const end = Math.min(wire.length, off + cut);
          for (const f of d.push(wire.subarray(off, end))) got.push({ stream: f.stream, text: f.data.toString() });
          off = end;
        }
        for (const f of d.push(wire.subarray(off))) got.push({ stream: f.stream, text: f.data.toString() });
        assert.deepEqual(got, chunks.map((c) => ({ stream: c.stream, text: c.text })));
        assert.equal(d.buffered, 0);
      },
    ),
  );
});

test("FrameDecoder rejects an unknown stream id", () => {
  assert.throws(() => new FrameDecoder().push(Buffer.from([7, 0, 0, 0, 0, 0, 0, 0])), /unrecognized input header: 7/);
});

test("rfc3339NanoFixed pads the fraction to nine digits", () => {
  assert.equal(rfc3339NanoFixed("2024-01-02T03:04:05.12Z"), "2024-01-02T03:04:05.120000000Z");
  assert.equal(rfc3339NanoFixed("2024-01-02T03:04:05Z"), "2024-01-02T03:04:05.000000000Z");
  assert.equal(rfc3339NanoFixed("2024-01-02T03:04:05.123456789+02:00"), "2024-01-02T03:04:05.123456789+02:00");
  assert.equal(rfc3339NanoFixed("garbage"), "garbage");
});
