/**
 * Timestamps as Docker prints them: Go's RFC 3339 with nanoseconds (trailing zeros trimmed)
 * in the daemon's local zone, e.g. "2021-03-08T12:28:54.020954486+03:00" or "...Z" in UTC.
 */
const pad = (n: number, w = 2): string => String(n).padStart(w, "0");

/** `nanos` is the full nanosecond part (0..999999999); defaults to the Date's milliseconds. */
export function rfc3339Nano(date: Date, nanos?: number): string {
  const ns = nanos ?? date.getMilliseconds() * 1_000_000;
  const offMin = -date.getTimezoneOffset();
  const frac = ns === 0 ? "" : "." + pad(ns, 9).replace(/0+$/, "");
  const base =
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}${frac}`;
  if (offMin === 0) return base + "Z";
  const sign = offMin > 0 ? "+" : "-";
  const abs = Math.abs(offMin);
  return `${base}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Now, with sub-millisecond precision from the monotonic clock (distinct for close calls). */
export function nowRfc3339Nano(): string {
  const t = globalThis.performance.timeOrigin + globalThis.performance.now();
  const ms = Math.floor(t);
  const nanos = (ms % 1000) * 1_000_000 + Math.floor((t - ms) * 1_000_000);
  return rfc3339Nano(new Date(ms), nanos);
}

/** Parses RFC 3339 (any precision) to epoch milliseconds, or undefined. */
export function parseTimestamp(s: string): number | undefined {
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}
