/**
 * Go time.Time as the docker CLI prints it: decoded from RFC 3339, re-encoded by
 * MarshalJSON (RFC3339Nano), shown by String() ("2006-01-02 15:04:05.999999999 -0700 MST")
 * and by Format(time.ANSIC). Go keeps the parsed offset; when it equals the local zone's
 * offset at that instant Go uses the local zone and its abbreviation (e.g. "UTC").
 */

export interface GoTimeValue {
  readonly year: number;
  readonly month: number; // 1..12
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly nanos: number;
  readonly offsetSec: number;
  /** Zone abbreviation: "UTC", the local zone's name, or "" for a fixed offset. */
  readonly zoneName: string;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

export const ZERO_TIME: GoTimeValue = {
  year: 1, month: 1, day: 1, hour: 0, minute: 0, second: 0, nanos: 0, offsetSec: 0, zoneName: "UTC",
};

/** Parses RFC 3339 as Go's time.Time.UnmarshalJSON does; undefined when invalid. */
export function parseGoTime(s: string): GoTimeValue | undefined {
  const m = RFC3339.exec(s);
  if (!m) return undefined;
  const n = (i: number): number => Number(m[i] ?? "0");
  const nanos = Number((m[7] ?? "").padEnd(9, "0"));
  const base = { year: n(1), month: n(2), day: n(3), hour: n(4), minute: n(5), second: n(6), nanos };
  if (m[8] !== undefined) return { ...base, offsetSec: 0, zoneName: "UTC" };
  const offsetSec = (m[9] === "-" ? -1 : 1) * (n(10) * 3600 + n(11) * 60);
  const utcMs = utcMillis(base.year, base.month, base.day, base.hour, base.minute, base.second) - offsetSec * 1000;
  const local = localZoneAt(utcMs);
  return { ...base, offsetSec, zoneName: local.offsetSec === offsetSec ? local.name : "" };
}

/** The local zone (TZ or /etc/localtime, as Node sees it) at an instant. */
export function localZoneAt(utcMs: number): { offsetSec: number; name: string } {
  const d = new Date(utcMs);
  const offsetSec = -d.getTimezoneOffset() * 60;
  const parts = new Intl.DateTimeFormat("en-US", { timeZoneName: "short" }).formatToParts(d);
  const short = parts.find((p) => p.type === "timeZoneName")?.value ?? "";
  if (/^[A-Z]{3,5}$/.test(short)) return { offsetSec, name: short };
  if (offsetSec === 0) return { offsetSec, name: "UTC" };
  // tzdata writes numeric abbreviations such as "+03" for zones without letters.
  const sign = offsetSec < 0 ? "-" : "+";
  const abs = Math.abs(offsetSec);
  const mins = Math.floor(abs / 60) % 60;
  return { offsetSec, name: sign + pad(Math.floor(abs / 3600)) + (mins ? pad(mins) : "") };
}

const pad = (n: number, w = 2): string => String(n).padStart(w, "0");

/** Date.UTC without its two-digit-year rule (years 0..99 are not 19xx). */
function utcMillis(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime();
}

function fraction(nanos: number): string {
  return nanos === 0 ? "" : "." + pad(nanos, 9).replace(/0+$/, "");
}

function dateTime(t: GoTimeValue, sep: string): string {
  return `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}${sep}${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}`;
}

function numericOffset(offsetSec: number, colon: boolean): string {
  const sign = offsetSec < 0 ? "-" : "+";
  const abs = Math.abs(offsetSec);
  return sign + pad(Math.floor(abs / 3600)) + (colon ? ":" : "") + pad(Math.floor(abs / 60) % 60);
}

/** time.Time.String(). */
export function goTimeString(t: GoTimeValue): string {
  const off = numericOffset(t.offsetSec, false);
  return `${dateTime(t, " ")}${fraction(t.nanos)} ${off} ${t.zoneName === "" ? off : t.zoneName}`;
}

/** time.Time.MarshalJSON() without quotes (RFC3339Nano). */
export function goTimeRfc3339Nano(t: GoTimeValue): string {
  return dateTime(t, "T") + fraction(t.nanos) + (t.offsetSec === 0 ? "Z" : numericOffset(t.offsetSec, true));
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** t.Format(time.ANSIC): "Mon Jan _2 15:04:05 2006", in the time's own zone. */
export function goTimeAnsic(t: GoTimeValue): string {
  const weekday = new Date(utcMillis(t.year, t.month, t.day)).getUTCDay();
  const day = String(t.day).padStart(2, " ");
  return `${DAYS[weekday]} ${MONTHS[t.month - 1]} ${day} ${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)} ${pad(t.year, 4)}`;
}
