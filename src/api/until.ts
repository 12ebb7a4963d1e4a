/**
 * The `until` prune filter (spec §1.10), parsed like Docker's timetypes.GetTimestamp: a Go
 * duration before now ("10m", "1h30m"), an RFC 3339-like date or time (local zone unless one
 * is given), or a Unix timestamp ("1700000000" or "1700000000.5").
 */
import { invalidParameter } from "../lib/errors.js";

const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  "\u00b5s": 1e-3,
  "\u03bcs": 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Go's time.ParseDuration, in milliseconds; undefined when `s` is not a duration. */
export function parseGoDuration(s: string): number | undefined {
  let rest = s;
  let sign = 1;
  if (rest.startsWith("-") || rest.startsWith("+")) {
    sign = rest.startsWith("-") ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === "0") return 0;
  if (rest === "") return undefined;
  let total = 0;
  const part = /^([0-9]*(?:\.[0-9]*)?)([a-zµμ]+)/;
  while (rest !== "") {
    const m = part.exec(rest);
    const num = m?.[1];
    const unit = m?.[2];
    if (!m || num === undefined || unit === undefined || !/[0-9]/.test(num)) return undefined;
    const scale = UNIT_MS[unit];
    if (scale === undefined) return undefined;
    total += Number.parseFloat(num) * scale;
    rest = rest.slice(m[0].length);
  }
  return sign * total;
}

const TIME_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?)?(Z|z|[+-]\d{2}:\d{2})?$/;

const daysIn = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** The date/time forms GetTimestamp accepts, to epoch ms; undefined when not one of them. */
function parseGoTime(value: string, now: Date): number | undefined {
  const inLocation = !/[zZ+]/.test(value) && value.split("-").length - 1 !== 3;
  const m = TIME_RE.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h = "0", mi = "0", sec, frac, zone] = m;
  if (value.includes(".") && sec === undefined) return undefined;
  if ((zone !== undefined) === inLocation) return undefined;
  const [Y, M, D, H, Mi, S] = [y, mo, d, h, mi, sec ?? "0"].map(Number) as [number, number, number, number, number, number];
  if (M < 1 || M > 12 || D < 1 || D > daysIn(Y, M) || H > 23 || Mi > 59 || S > 59) return undefined;
  let offsetMin = -now.getTimezoneOffset();
  if (zone !== undefined) {
    offsetMin = zone === "Z" || zone === "z" ? 0 : (zone.startsWith("-") ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  }
  const fracMs = frac ? Number(`0.${frac}`) * 1000 : 0;
  return Date.UTC(Y, M - 1, D, H, Mi, S) - offsetMin * 60_000 + fracMs;
}

/**
 * The cut-off time of an `until` value, in epoch milliseconds. Errors are InvalidParameter
 * (400) with Docker's text for values that are neither time nor duration.
 */
export function parseUntil(value: string, now: Date = new Date()): number {
  const d = value === "0" ? undefined : parseGoDuration(value);
  if (d !== undefined) return Math.floor((now.getTime() - d) / 1000) * 1000;
  const t = parseGoTime(value, now);
  if (t !== undefined) return t;
  if (value.includes("-")) throw invalidParameter(`parsing time "${value}": not a valid RFC 3339 date or time`);
  const unix = /^[+-]?([0-9]+)(?:\.([0-9]+))?$/.exec(value);
  if (!unix) throw invalidParameter(`failed to parse value as time or duration: "${value}"`);
  const secs = Number.parseInt(value.split(".")[0] ?? "0", 10);
  const nanos = unix[2] ? Number(unix[2].slice(0, 9).padEnd(9, "0")) : 0;
  return secs * 1000 + nanos / 1e6;
}
