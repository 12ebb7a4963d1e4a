/**
 * What the docker CLI shows for sizes, durations and IDs: go-units' HumanDuration and
 * HumanSize (decimal units, fmt's %.*g), stringid.TruncateID, formatter.Ellipsis (display
 * width) and strconv.Quote.
 */

export { humanDuration } from "../../lib/human-duration.js";

/** fmt's %.{precision}g for a non-negative number. */
export function goFormatG(n: number, precision: number): string {
  if (n === 0) return "0";
  const s = n.toPrecision(precision);
  const m = /^(\d+(?:\.\d+)?)e([+-])(\d+)$/.exec(s);
  const trim = (x: string): string => (x.includes(".") ? x.replace(/0+$/, "").replace(/\.$/, "") : x);
  if (m) return `${trim(m[1]!)}e${m[2]}${m[3]!.padStart(2, "0")}`;
  return trim(s);
}

const DECIMAL_UNITS = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];

/** units.HumanSizeWithPrecision (decimal: 1 kB = 1000 B). */
export function humanSizeWithPrecision(size: number, precision: number): string {
  let i = 0;
  while (size >= 1000 && i < DECIMAL_UNITS.length - 1) {
    size /= 1000;
    i++;
  }
  return goFormatG(size, precision) + DECIMAL_UNITS[i]!;
}

/** units.HumanSize. */
export const humanSize = (size: number): string => humanSizeWithPrecision(size, 4);

/** stringid.TruncateID: drops an "algo:" prefix, keeps 12 characters. */
export function truncateId(id: string): string {
  const i = id.indexOf(":");
  const hex = i >= 0 ? id.slice(i + 1) : id;
  return hex.length > 12 ? hex.slice(0, 12) : hex;
}

/** Display columns of a code point: 2 for East Asian wide/fullwidth (and emoji), 0 for combining marks. */
export function runeWidth(cp: number): number {
  if (cp < 0x300) return cp < 0x20 || (cp >= 0x7f && cp < 0xa0) ? 0 : 1;
  if ((cp >= 0x300 && cp <= 0x36f) || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0xfe00 && cp <= 0xfe0f)) return 0;
  if (cp < 0x1100) return 1;
  const wide =
    (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0x303e) || (cp >= 0x3041 && cp <= 0x33ff) || (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0xa000 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) || (cp >= 0x20000 && cp <= 0x3fffd) || (cp >= 0x2614 && cp <= 0x2615);
  return wide ? 2 : 1;
}

/** formatter.Ellipsis: at most `max` display columns, the last one "…" when cut. */
export function ellipsis(s: string, max: number): string {
  if (max <= 0) return "";
  const runes = [...s];
  if (max === 1) return runes[0] ?? "";
  if (Buffer.byteLength(s) === runes.length) return runes.length <= max ? s : runes.slice(0, max - 1).join("") + "…";
  let width = 0;
  // golang.org/x/text/width: only wide and fullwidth runes take two columns; nothing takes none.
  const ends = runes.map((r) => (width += Math.max(1, runeWidth(r.codePointAt(0) ?? 0))));
  if (width <= max) return s;
  for (let i = 0; i < ends.length; i++) {
    if (ends[i]! <= max - 1 && (ends[i + 1] ?? Infinity) > max - 1) return runes.slice(0, i + 1).join("") + "…";
  }
  return s;
}

/** strconv.Quote: Go escapes, printable Unicode kept. */
export function goStrconvQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    const esc: Record<number, string> = { 7: "\\a", 8: "\\b", 9: "\\t", 10: "\\n", 11: "\\v", 12: "\\f", 13: "\\r", 34: '\\"', 92: "\\\\" };
    if (esc[cp] !== undefined) out += esc[cp];
    else if (cp < 0x20 || cp === 0x7f) out += "\\x" + cp.toString(16).padStart(2, "0");
    else if (ch !== " " && !/[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(ch)) {
      out += cp > 0xffff ? "\\U" + cp.toString(16).padStart(8, "0") : "\\u" + cp.toString(16).padStart(4, "0");
    } else out += ch;
  }
  return out + '"';
}
