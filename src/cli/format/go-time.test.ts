import { test } from "node:test";
import assert from "node:assert/strict";
import { goTimeAnsic, goTimeRfc3339Nano, goTimeString, parseGoTime } from "./go-time.js";

const parse = (s: string): NonNullable<ReturnType<typeof parseGoTime>> => {
  const t = parseGoTime(s);
  assert.ok(t, s);
  return t;
};

test("String(): UTC, fixed offsets (no zone name) and trimmed nanoseconds", () => {
  assert.equal(goTimeString(parse("2024-05-01T10:00:00.123456789Z")), "2024-05-01 10:00:00.123456789 +0000 UTC");
  assert.equal(goTimeString(parse("2024-05-01T10:00:00.500Z")), "2024-05-01 10:00:00.5 +0000 UTC");
  const t = parse("2024-05-01T10:00:00+02:00");
  // +02:00 is a fixed zone unless it is the local offset at that instant
  if (t.zoneName === "") assert.equal(goTimeString(t), "2024-05-01 10:00:00 +0200 +0200");
  assert.equal(goTimeString(parse("2024-05-01T10:00:00-05:30")).slice(0, 25), "2024-05-01 10:00:00 -0530");
});

test("MarshalJSON: RFC3339Nano, zero offset as Z", () => {
  assert.equal(goTimeRfc3339Nano(parse("2024-05-01T10:00:00.120+02:00")), "2024-05-01T10:00:00.12+02:00");
  assert.equal(goTimeRfc3339Nano(parse("2024-05-01T10:00:00+00:00")), "2024-05-01T10:00:00Z");
});

test("ANSIC keeps the time's own zone and pads the day with a space", () => {
  assert.equal(goTimeAnsic(parse("2024-01-02T03:04:05.000000000+00:00")), "Tue Jan  2 03:04:05 2024");
  assert.equal(goTimeAnsic(parse("2025-05-30T12:07:14+02:00")), "Fri May 30 12:07:14 2025");
});

test("year 1 (Go's zero time) is not read as 1901", () => {
  assert.equal(goTimeAnsic(parse("0001-01-01T00:00:00Z")), "Mon Jan  1 00:00:00 0001");
  assert.equal(goTimeString(parse("0001-01-01T00:00:00Z")), "0001-01-01 00:00:00 +0000 UTC");
});

test("invalid timestamps are rejected", () => {
  assert.equal(parseGoTime("2024-05-01 10:00:00Z"), undefined);
  assert.equal(parseGoTime("yesterday"), undefined);
});
