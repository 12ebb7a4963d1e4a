/**
 * Digests of layer tarballs. A layer's DiffID is the sha256 of its uncompressed tar, as in
 * Docker and the OCI image spec; layers may arrive gzip-compressed (OCI `tar+gzip`, `docker
 * import x.tar.gz`), which Node can undo. Other compressions are refused with a clear error.
 */
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { open } from "node:fs/promises";
import { Writable, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { invalidParameter } from "../lib/errors.js";

export type Compression = "none" | "gzip" | "bzip2" | "xz" | "zstd";

/** Recognises a compressed stream by its first bytes. */
export function detectCompression(head: Uint8Array): Compression {
  const starts = (...sig: number[]): boolean => sig.every((b, i) => head[i] === b);
  if (starts(0x1f, 0x8b)) return "gzip";
  if (starts(0x42, 0x5a, 0x68)) return "bzip2";
  if (starts(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00)) return "xz";
  if (starts(0x28, 0xb5, 0x2f, 0xfd)) return "zstd";
  return "none";
}

export interface TarDigest {
  /** "sha256:<hex>" of the uncompressed tar. */
  readonly diffId: string;
  /** Uncompressed size in bytes. */
  readonly size: number;
  readonly compression: Compression;
}

async function readHead(path: string): Promise<Uint8Array> {
  const fh = await open(path, "r");
  try {
    const buf = new Uint8Array(8);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

function hashSink(): { sink: Writable; result: () => { hex: string; size: number } } {
  const hash = createHash("sha256");
  let size = 0;
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      size += chunk.length;
      cb();
    },
  });
  return { sink, result: () => ({ hex: hash.digest("hex"), size }) };
}

/** sha256 of a file's bytes, as "sha256:<hex>". */
export async function fileDigest(path: string): Promise<string> {
  const { sink, result } = hashSink();
  await pipeline(createReadStream(path), sink);
  return `sha256:${result().hex}`;
}

/** The DiffID and uncompressed size of a (possibly gzip-compressed) tar file. */
export async function tarDigest(path: string): Promise<TarDigest> {
  const compression = detectCompression(await readHead(path));
  if (compression !== "none" && compression !== "gzip") {
    throw invalidParameter(`unsupported layer compression "${compression}": only uncompressed and gzip tarballs can be imported`);
  }
  const { sink, result } = hashSink();
  if (compression === "gzip") await pipeline(createReadStream(path), createGunzip(), sink);
  else await pipeline(createReadStream(path), sink);
  const { hex, size } = result();
  return { diffId: `sha256:${hex}`, size, compression };
}

/** Writes a stream to a file (the system tar reads files, not Node streams). */
export async function spoolToFile(stream: Readable, path: string): Promise<void> {
  await pipeline(stream, createWriteStream(path, { mode: 0o600 }));
}
