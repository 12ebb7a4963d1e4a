import { test } from "node:test";
import assert from "node:assert/strict";
import { Filters, goRegexp } from "./filters.js";
import { parseGoDuration, parseUntil } from "./until.js";

const msg = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  return "no error";
};

test("parse: set form, legacy array form, empty, invalid", () => {
  const set = Filters.parse('{"driver":{"bridge":true},"name":{"a":true,"b":false}}');
  assert.deepEqual(set.keys(), ["driver", "name"]);
  assert.deepEqual(set.get("name"), ["a", "b"]);
  const legacy = Filters.parse('{"driver":["bridge","host"]}');
  assert.deepEqual(legacy.get("driver"), ["bridge", "host"]);
  assert.equal(Filters.parse("").size, 0);
  assert.equal(Filters.parse(null).size, 0);
  assert.equal(Filters.parse("null").size, 0);
  for (const bad of ["{", '{"driver":"bridge"}', '{"driver":{"bridge":"yes"}}', "[1]", '{"a":["x"],"b":{"y":true}}']) {
    assert.equal(msg(() => Filters.parse(bad)), "invalid filter", bad);
  }
});

test("validate names the first unknown key", () => {
  const f = Filters.parse('{"name":{"a":true},"color":{"red":true}}');
  assert.equal(msg(() => f.validate(["name"])), "invalid filter 'color'");
  assert.doesNotThrow(() => f.validate(["name", "color"]));
});

test("exactMatch honours the boolean; match falls back to Go regexps", () => {
  const f = Filters.parse('{"name":{"foo":true,"off":false}}');
  assert.equal(f.exactMatch("name", "foo"), true);
  assert.equal(f.exactMatch("name", "off"), false);
  assert.equal(f.exactMatch("absent", "anything"), true);
  assert.equal(f.match("name", "myfoo1"), true); // substring = unanchored regexp
  assert.equal(f.match("name", "coffee"), true); // "off" still works as a pattern
  assert.equal(f.match("name", "bar"), false);
  const re = Filters.of(["name", "^web-[0-9]+$"], ["name", "(unclosed"]);
  assert.equal(re.match("name", "web-12"), true);
  assert.equal(re.match("name", "web-x"), false);
  assert.equal(re.match("name", "(unclosed"), true); // exact match still works for a bad pattern
});

test("goRegexp: RE2 spellings", () => {
  assert.equal(goRegexp("(?i)^WEB$")?.test("web"), true);
  assert.equal(goRegexp("(?P<n>a+)b")?.test("aab"), true);
  assert.equal(goRegexp("ab\\z")?.test("xab"), true);
  assert.equal(goRegexp("ab\\z")?.test("abc"), false);
  assert.equal(goRegexp("[z-a]"), null);
});

test("matchKVList: k and k=v, all must hold", () => {
  const f = Filters.of(["label", "tier"], ["label", "env=prod"]);
  assert.equal(f.matchKVList("label", { tier: "web", env: "prod" }), true);
  assert.equal(f.matchKVList("label", { tier: "web", env: "dev" }), false);
  assert.equal(f.matchKVList("label", { env: "prod" }), false);
  assert.equal(f.matchKVList("label", {}), false);
  assert.equal(Filters.of(["label", "a=b=c"]).matchKVList("label", { a: "b=c" }), true);
  assert.equal(f.matchKVList("other", {}), true);
});

test("Go durations", () => {
  assert.equal(parseGoDuration("10m"), 600_000);
  assert.equal(parseGoDuration("1h30m"), 5_400_000);
  assert.equal(parseGoDuration("1.5h"), 5_400_000);
  assert.equal(parseGoDuration("300ms"), 300);
  assert.equal(parseGoDuration("-2s"), -2000);
  assert.equal(parseGoDuration("0"), 0);
  for (const bad of ["", "10", "1x", "h", "1h-2m"]) assert.equal(parseGoDuration(bad), undefined, bad);
});

test("until: durations, dates, unix timestamps, errors", () => {
  const now = new Date("2024-05-01T12:00:00.700Z");
  assert.equal(parseUntil("1h", now), Date.parse("2024-05-01T11:00:00Z"));
  assert.equal(parseUntil("2024-04-30T10:00:00Z", now), Date.parse("2024-04-30T10:00:00Z"));
  assert.equal(parseUntil("2024-04-30T10:00:00.5+02:00", now), Date.parse("2024-04-30T08:00:00.5Z"));
  assert.equal(parseUntil("1714564800", now), 1714564800_000);
  assert.equal(parseUntil("1714564800.25", now), 1714564800_250);
  assert.equal(parseUntil("0", now), 0);
  const local = new Date(2024, 3, 30, 10, 0, 0).getTime();
  assert.equal(parseUntil("2024-04-30T10:00:00", now), local);
  assert.equal(parseUntil("2024-04-30", now), new Date(2024, 3, 30).getTime());
  assert.equal(msg(() => parseUntil("soon", now)), 'failed to parse value as time or duration: "soon"');
  assert.match(msg(() => parseUntil("2024-13-01", now)), /^parsing time "2024-13-01"/);
});
