/**
 * A minimal POSIX (pax) tar writer. Berth uses it to describe filesystem changes that Node
 * cannot make itself (character devices for overlay whiteouts, `trusted.*` xattrs) and lets
 * the system `tar` apply them; tests use it to build image archives. Pure: bytes in, bytes out.
 */

export type TarEntryType = "file" | "dir" | "symlink" | "chardev";

export interface TarEntry {
  readonly name: string;
  readonly type: TarEntryType;
  readonly mode?: number;
  readonly uid?: number;
  readonly gid?: number;
  /** Seconds since the epoch. */
  readonly mtime?: number;
  readonly content?: Uint8Array | string;
  readonly linkname?: string;
  readonly devmajor?: number;
  readonly devminor?: number;
  /** Extended attributes, written as `SCHILY.xattr.<key>` pax records. */
  readonly xattrs?: Readonly<Record<string, string>>;
}

const BLOCK = 512;
const TYPEFLAG: Record<TarEntryType, string> = { file: "0", dir: "5", symlink: "2", chardev: "3" };
const enc = new TextEncoder();

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, "0") + "\0";
}

function put(buf: Uint8Array, offset: number, width: number, text: string): void {
  const bytes = enc.encode(text);
  buf.set(bytes.subarray(0, width), offset);
}

function isAscii(s: string): boolean {
  return /^[\x20-\x7e]*$/.test(s);
}

function header(name: string, type: string, size: number, e: Partial<TarEntry>): Uint8Array {
  const h = new Uint8Array(BLOCK);
  put(h, 0, 100, name);
  put(h, 100, 8, octal(e.mode ?? (type === "5" ? 0o755 : 0o644), 8));
  put(h, 108, 8, octal(e.uid ?? 0, 8));
  put(h, 116, 8, octal(e.gid ?? 0, 8));
  put(h, 124, 12, octal(size, 12));
  put(h, 136, 12, octal(Math.floor(e.mtime ?? 0), 12));
  put(h, 148, 8, "        ");
  put(h, 156, 1, type);
  put(h, 157, 100, e.linkname ?? "");
  put(h, 257, 8, "ustar\u000000");
  put(h, 329, 8, octal(e.devmajor ?? 0, 8));
  put(h, 337, 8, octal(e.devminor ?? 0, 8));
  const sum = h.reduce((a, b) => a + b, 0);
  put(h, 148, 8, sum.toString(8).padStart(6, "0") + "\0 ");
  return h;
}

/** One pax record: "<len> <key>=<value>\n", where len counts its own digits. */
export function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  const bodyLen = enc.encode(body).length;
  let len = bodyLen + String(bodyLen).length;
  if (String(len).length !== String(bodyLen).length) len = bodyLen + String(len).length;
  return `${len}${body}`;
}

function padded(data: Uint8Array): Uint8Array[] {
  const rest = data.length % BLOCK;
  return rest === 0 ? [data] : [data, new Uint8Array(BLOCK - rest)];
}

function paxBlocks(e: TarEntry): Uint8Array[] {
  let records = "";
  if (e.name.length > 100 || !isAscii(e.name)) records += paxRecord("path", e.name);
  if (e.linkname !== undefined && (e.linkname.length > 100 || !isAscii(e.linkname))) {
    records += paxRecord("linkpath", e.linkname);
  }
  for (const [k, v] of Object.entries(e.xattrs ?? {})) records += paxRecord(`SCHILY.xattr.${k}`, v);
  if (records === "") return [];
  const data = enc.encode(records);
  return [header("PaxHeaders/entry", "x", data.length, {}), ...padded(data)];
}

/** Serialises entries into one tar archive (with the two zero blocks at the end). */
export function writeTar(entries: readonly TarEntry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const e of entries) {
    const data = typeof e.content === "string" ? enc.encode(e.content) : (e.content ?? new Uint8Array(0));
    const size = e.type === "file" ? data.length : 0;
    const shortName = isAscii(e.name) ? e.name.slice(0, 100) : "non-ascii-name";
    const shortLink = e.linkname !== undefined && isAscii(e.linkname) ? e.linkname.slice(0, 100) : "";
    parts.push(...paxBlocks(e));
    parts.push(header(shortName, TYPEFLAG[e.type], size, { ...e, linkname: shortLink }));
    if (size > 0) parts.push(...padded(data));
  }
  parts.push(new Uint8Array(BLOCK * 2));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}
