import { test } from "node:test";
import assert from "node:assert/strict";
import { ellipsis, goFormatG, goStrconvQuote, humanDuration, humanSize, humanSizeWithPrecision, truncateId } from "./units.js";
import { familiarName, familiarString, fullName, parseAnyReference, parseNormalizedNamed, tagNameOnly } from "./reference.js";
import { displayablePorts } from "./container-values.js";
import { getTimestamp, parseGoDuration } from "./go-timestamp.js";

test("HumanDuration at docker's boundaries", () => {
  const s = 1000;
  const cases: [number, string][] = [
    [500, "Less than a second"], [1 * s, "1 second"], [59 * s, "59 seconds"], [60 * s, "About a minute"], [150 * s, "2 minutes"],
    [59 * 60 * s, "59 minutes"], [89 * 60 * s, "About an hour"], [90 * 60 * s, "2 hours"], [47 * 3600 * s, "47 hours"],
    [3 * 86400 * s, "3 days"], [16 * 86400 * s, "2 weeks"], [45 * 86400 * s, "6 weeks"], [400 * 86400 * s, "13 months"], [800 * 86400 * s, "2 years"],
  ];
  for (const [ms, text] of cases) assert.equal(humanDuration(ms), text, String(ms));
});

test("HumanSize: decimal units and fmt's %g", () => {
  assert.equal(humanSizeWithPrecision(4261888, 3), "4.26MB");
  assert.equal(humanSizeWithPrecision(123456789, 3), "123MB");
  assert.equal(humanSizeWithPrecision(1234, 3), "1.23kB");
  assert.equal(humanSizeWithPrecision(0, 3), "0B");
  assert.equal(humanSizeWithPrecision(999_900, 3), "1e+03kB");
  assert.equal(humanSize(1234567), "1.235MB");
  assert.equal(humanSize(4000), "4kB");
  assert.equal(goFormatG(0.5, 3), "0.5");
});

test("TruncateID, Ellipsis (display width) and strconv.Quote", () => {
  assert.equal(truncateId("sha256:a416a98b71e224a31ee99cff8e16063554498227d2b696152a9c3e0aa65e5824"), "a416a98b71e2");
  assert.equal(truncateId("abc"), "abc");
  assert.equal(ellipsis("sh -c 'while true; do echo hi; done'", 20), "sh -c 'while true; …");
  assert.equal(ellipsis("short", 20), "short");
  assert.equal(ellipsis('echo "données ☕ café" tail', 20), 'echo "données ☕ ca…');
  assert.equal(goStrconvQuote('a "b" \\ \n\t\u0001\u00a0é☕'), '"a \\"b\\" \\\\ \\n\\t\\x01\\u00a0é☕"');
});

test("references: docker.io and library/ normalisation, familiar names, errors", () => {
  const n = parseNormalizedNamed("busybox");
  assert.equal(fullName(n), "docker.io/library/busybox");
  assert.equal(familiarString(tagNameOnly(n)), "busybox:latest");
  assert.equal(familiarName(parseNormalizedNamed("docker.io/library/alpine:3.19")), "alpine");
  assert.equal(familiarName(parseNormalizedNamed("registry.example.com:5000/team/app:v1")), "registry.example.com:5000/team/app");
  assert.equal(fullName(parseNormalizedNamed("Foo/bar")), "Foo/bar");
  assert.equal(parseAnyReference("a416a98b71e224a31ee99cff8e16063554498227d2b696152a9c3e0aa65e5824"), undefined);
  assert.throws(() => parseNormalizedNamed("Bad:Ref"), { message: "invalid reference format: repository name (library/Bad) must be lowercase" });
  assert.throws(() => parseNormalizedNamed("a@sha256:abc"), { message: "invalid reference format" });
  assert.throws(() => parseNormalizedNamed("ok:bad tag"), { message: "invalid reference format" });
});

test("ps ports: runs grouped, host mappings last", () => {
  const ports = [
    { IP: "0.0.0.0", PrivatePort: 80, PublicPort: 8080, Type: "tcp" },
    { IP: "::", PrivatePort: 80, PublicPort: 8080, Type: "tcp" },
    { PrivatePort: 443, Type: "tcp" },
    { PrivatePort: 444, Type: "tcp" },
    { PrivatePort: 446, Type: "tcp" },
    { IP: "0.0.0.0", PrivatePort: 53, PublicPort: 53, Type: "udp" },
  ];
  // A run cut short is listed before the groups still open (Go appends it when the run breaks).
  assert.equal(displayablePorts(ports), "443-444/tcp, 0.0.0.0:53->53/udp, 446/tcp, 0.0.0.0:8080->80/tcp, [::]:8080->80/tcp");
  assert.equal(displayablePorts([]), "");
});

test("logs --since/--until: durations, dates and Unix times", () => {
  const now = Date.UTC(2024, 5, 12, 10, 0, 0);
  assert.equal(parseGoDuration("1h30m"), 5400);
  assert.equal(getTimestamp("10m", now), String(now / 1000 - 600));
  assert.equal(getTimestamp("2024-06-12T08:30:00Z", now), "1718181000.000000000");
  assert.equal(getTimestamp("2024-06-12T10:30:00.5+02:00", now), "1718181000.500000000");
  assert.equal(getTimestamp("1718181000", now), "1718181000");
  assert.throws(() => getTimestamp("bogus", now), { message: 'failed to parse value as time or duration: "bogus"' });
});
