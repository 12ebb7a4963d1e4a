/**
 * Image metadata (which images exist, their layers, which repo:tag names point where).
 * The interface is small and record-shaped so it can move into the SQLite store later; the
 * implementation here keeps one JSON file, rewritten atomically (write + rename) on change.
 * Tags are the one index from name to image; RepoTags of an image are derived from it.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { systemError } from "../lib/errors.js";

export interface LayerRef {
  /** "sha256:<hex>" of the uncompressed layer tar. */
  readonly diffId: string;
  /** Uncompressed size in bytes. */
  readonly size: number;
}

export interface ImageRecord {
  /** "sha256:<hex>" of the config JSON. */
  readonly id: string;
  /** Lowest layer first, as in the config's rootfs.diff_ids. */
  readonly layers: readonly LayerRef[];
  /** The config's `created`, or "" when it has none. */
  readonly created: string;
  /** When this daemon imported or loaded it (RFC 3339). */
  readonly loadedAt: string;
}

export interface ImageMetaStore {
  listImages(): Promise<readonly ImageRecord[]>;
  putImage(record: ImageRecord): Promise<void>;
  deleteImage(id: string): Promise<void>;
  /** repo:tag -> image id. */
  listTags(): Promise<ReadonlyMap<string, string>>;
  /** Points repoTag at id (moving it from any other image). */
  setTag(repoTag: string, id: string): Promise<void>;
  deleteTag(repoTag: string): Promise<void>;
}

interface FileShape {
  readonly version: 1;
  readonly images: Record<string, ImageRecord>;
  readonly tags: Record<string, string>;
}

/** One JSON file, `<images>/images.json`. Safe for concurrent callers within one process. */
export class JsonImageMetaStore implements ImageMetaStore {
  private cache: FileShape | undefined;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly file: string) {}

  private async load(): Promise<FileShape> {
    if (this.cache) return this.cache;
    try {
      const parsed = JSON.parse(await readFile(this.file, "utf8")) as FileShape;
      if (parsed.version !== 1) throw systemError(`unknown image metadata version in ${this.file}`);
      this.cache = parsed;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
      this.cache = { version: 1, images: {}, tags: {} };
    }
    return this.cache;
  }

  /** Runs one read-modify-write at a time. */
  private mutate(fn: (s: FileShape) => FileShape): Promise<void> {
    const run = this.chain.then(async () => {
      const next = fn(await this.load());
      await mkdir(dirname(this.file), { recursive: true });
      const tmp = `${this.file}.tmp-${process.pid}`;
      await writeFile(tmp, JSON.stringify(next, null, 2) + "\n", { mode: 0o600 });
      await rename(tmp, this.file);
      this.cache = next;
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  async listImages(): Promise<readonly ImageRecord[]> {
    await this.chain;
    return Object.values((await this.load()).images);
  }

  putImage(record: ImageRecord): Promise<void> {
    return this.mutate((s) => ({ ...s, images: { ...s.images, [record.id]: record } }));
  }

  deleteImage(id: string): Promise<void> {
    return this.mutate((s) => {
      const images = { ...s.images };
      delete images[id];
      const tags = Object.fromEntries(Object.entries(s.tags).filter(([, v]) => v !== id));
      return { ...s, images, tags };
    });
  }

  async listTags(): Promise<ReadonlyMap<string, string>> {
    await this.chain;
    return new Map(Object.entries((await this.load()).tags));
  }

  setTag(repoTag: string, id: string): Promise<void> {
    return this.mutate((s) => ({ ...s, tags: { ...s.tags, [repoTag]: id } }));
  }

  deleteTag(repoTag: string): Promise<void> {
    return this.mutate((s) => {
      const tags = { ...s.tags };
      delete tags[repoTag];
      return { ...s, tags };
    });
  }
}
