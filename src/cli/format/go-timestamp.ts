/**
 * The docker CLI's timetypes.GetTimestamp for `logs --since/--until`: a Go duration ("10m",
 * "1h30m") is subtracted from now and sent as Unix seconds; an RFC 3339 date or time is sent
 * as "seconds.nanoseconds"; a Unix timestamp is passed through.
 */

const UNITS: Readonly<Record<string, number>> = { ns: 1e-9, us: 1e-6, "µs": 1e-6, "μs": 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** time.ParseDuration, in seconds; undefined when `s` is not a duration. */
export function parseGoDuration(s: string): number | undefined {
  const m = /^([-+]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/.exec(s);
  if (s === "0") return 0;
  if (!m) return undefined;
  let total = 0;
  for (const part of s.replace(/^[-+]/, "").matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) total += Number(part[1]) * UNITS[part[2]!]!;
  return m[1] === "-" ? -total : total;
}

/** Parses the date/time forms GetTimestamp accepts; [unix seconds, nanoseconds]. */
function parseDate(value: string, nowOffsetSec: number): [number, number] | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?)?(Z|z|[+-]\d{2}:\d{2})?$/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h = "0", mi = "0", sec = "0", frac = "", zone] = m;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec)) / 1000;
  let offset = nowOffsetSec;
  if (zone === "Z" || zone === "z") offset = 0;
  else if (zone) offset = (zone.startsWith("-") ? -1 : 1) * (Number(zone.slice(1, 3)) * 3600 + Number(zone.slice(4, 6)) * 60);
  return [utc - offset, Number(frac.padEnd(9, "0") || "0")];
}

/** GetTimestamp(value, now): the value sent in the query; throws Error with docker's text. */
export function getTimestamp(value: string, nowMs: number): string {
  const d = parseGoDuration(value);
  if (d !== undefined && value !== "0") return String(Math.floor((nowMs - d * 1000) / 1000));
  const date = parseDate(value, -new Date(nowMs).getTimezoneOffset() * 60);
  if (date) return `${date[0]}.${String(date[1]).padStart(9, "0")}`;
  if (value.includes("-")) throw new Error(`parsing time ${JSON.stringify(value)}: cannot parse ${JSON.stringify(value)}`);
  if (!/^\d+(\.\d{1,9})?$/.test(value)) throw new Error(`failed to parse value as time or duration: ${JSON.stringify(value)}`);
  return value;
}
