/**
 * The local, registry-less image store under `<root>/images`:
 *   layers/<hex>/        one extracted layer per DiffID (overlay lowerdir)
 *   configs/<hex>.json   the config bytes; the image id is their sha256, as in Docker
 *   images.json          metadata (ImageMetaStore; may move into the SQLite store)
 *   tmp/                 staging, emptied on open
 * Images come from `docker import` (a rootfs tarball) or `docker load` (docker-save / OCI).
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { conflict, invalidParameter, notFound } from "../lib/errors.js";
import { randomHexId, shortId } from "../lib/ids.js";
import type { Exec } from "../kernel/exec.js";
import { readArchive } from "./image-archive.js";
import { goArch, importConfig, parseImageConfig, type ImageConfig, type ImportChanges } from "./image-config.js";
import { JsonImageMetaStore, type ImageMetaStore, type ImageRecord, type LayerRef } from "./image-meta.js";
import { fullImageId, idPrefix, normalizeRepoTag, parseImageRef } from "./image-ref.js";
import { LayerStore, hexOf } from "./layer-store.js";
import { spoolToFile, tarDigest } from "./tar-digest.js";

export interface Image {
  /** "sha256:<hex>" */
  readonly id: string;
  readonly repoTags: readonly string[];
  readonly config: ImageConfig;
  readonly layers: readonly LayerRef[];
  /** Sum of the uncompressed layer sizes. */
  readonly size: number;
  readonly created: string;
}

export interface ImportOptions {
  readonly repoTag?: string;
  readonly changes?: ImportChanges;
  /** Docker: "Imported from -" for an upload, "Imported from <url>" for a URL. */
  readonly comment?: string;
  /** RFC 3339; defaults to now (UTC). */
  readonly created?: string;
}

export interface LoadedImage {
  readonly id: string;
  readonly repoTags: readonly string[];
}

export interface RemoveResult {
  readonly untagged: readonly string[];
  readonly deleted: readonly string[];
}

export interface ImageStoreOptions {
  readonly meta?: ImageMetaStore;
  /** GOARCH for new configs and multi-platform indexes; defaults to this machine's. */
  readonly arch?: string;
}

type Resolved = { readonly image: ImageRecord; readonly byTag?: string };

export class ImageStore {
  private readonly layers: LayerStore;
  private readonly configs = new Map<string, ImageConfig>();
  private chain: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly exec: Exec,
    private readonly dir: string,
    private readonly meta: ImageMetaStore,
    private readonly arch: string,
  ) {
    this.layers = new LayerStore(exec, dir, this.tmp);
  }

  /** Opens (creating if needed) the store at `<rootDir>/images`. */
  static async open(exec: Exec, rootDir: string, opts: ImageStoreOptions = {}): Promise<ImageStore> {
    const dir = join(rootDir, "images");
    await mkdir(join(dir, "configs"), { recursive: true, mode: 0o700 });
    await rm(join(dir, "tmp"), { recursive: true, force: true });
    await mkdir(join(dir, "tmp"), { recursive: true });
    const meta = opts.meta ?? new JsonImageMetaStore(join(dir, "images.json"));
    return new ImageStore(exec, dir, meta, opts.arch ?? goArch(process.arch));
  }

  private get tmp(): string {
    return join(this.dir, "tmp");
  }

  /** One mutation at a time: commits and removals must not race on shared layers. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** `docker import`: a rootfs tarball (path or stream, plain or gzip) becomes a one-layer image. */
  async importRootfs(src: Readable | string, opts: ImportOptions = {}): Promise<string> {
    const repoTag = opts.repoTag !== undefined ? normalizeRepoTag(opts.repoTag) : undefined;
    const file = typeof src === "string" ? src : join(this.tmp, `import-${randomHexId()}.tar`);
    try {
      if (typeof src !== "string") await spoolToFile(src, file);
      const { diffId } = await tarDigest(file);
      const created = opts.created ?? new Date().toISOString();
      const config = importConfig({
        diffId,
        changes: opts.changes ?? {},
        architecture: this.arch,
        created,
        comment: opts.comment ?? "Imported from -",
      });
      const bytes = new TextEncoder().encode(JSON.stringify(config));
      return await this.serial(() => this.commit(bytes, [file], repoTag ? [repoTag] : []));
    } finally {
      if (typeof src !== "string") await rm(file, { force: true });
    }
  }

  /** `docker load`: every image of a docker-save tarball or OCI layout archive. */
  async loadArchive(path: string): Promise<LoadedImage[]> {
    const work = join(this.tmp, `load-${randomHexId()}`);
    await mkdir(work);
    try {
      await this.exec(["tar", "-x", "-f", path, "-C", work, "--no-same-owner", "--no-same-permissions"], { timeoutMs: 30 * 60_000 });
      const found = await readArchive(work, this.arch);
      const loaded: LoadedImage[] = [];
      for (const img of found) {
        const id = await this.serial(() => this.commit(img.configBytes, img.layerFiles, img.repoTags, img.claimedId));
        loaded.push({ id, repoTags: img.repoTags });
      }
      return loaded;
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  private async commit(configBytes: Uint8Array, layerFiles: readonly string[], repoTags: readonly string[], claimedId?: string): Promise<string> {
    const id = `sha256:${createHash("sha256").update(configBytes).digest("hex")}`;
    if (claimedId !== undefined && claimedId !== id) throw invalidParameter(`invalid archive: config digest mismatch (${claimedId} != ${id})`);
    const config = parseImageConfig(configBytes);
    const diffIds = config.rootfs.diff_ids;
    if (diffIds.length !== layerFiles.length) {
      throw invalidParameter(`invalid image: config lists ${diffIds.length} layers, archive has ${layerFiles.length}`);
    }
    const layers: LayerRef[] = [];
    for (const [i, file] of layerFiles.entries()) {
      const d = await tarDigest(file);
      if (d.diffId !== diffIds[i]) throw invalidParameter(`invalid image: layer ${i} has DiffID ${d.diffId}, config says ${diffIds[i]}`);
      await this.layers.ensure(file, d.diffId);
      layers.push({ diffId: d.diffId, size: d.size });
    }
    const cfgPath = this.configPath(id);
    await writeFile(`${cfgPath}.tmp`, configBytes, { mode: 0o600 });
    await rename(`${cfgPath}.tmp`, cfgPath);
    this.configs.set(id, config);
    await this.meta.putImage({ id, layers, created: config.created ?? "", loadedAt: new Date().toISOString() });
    for (const t of repoTags) await this.meta.setTag(t, id);
    return id;
  }

  private configPath(id: string): string {
    return join(this.dir, "configs", `${hexOf(id)}.json`);
  }

  private async configOf(id: string): Promise<ImageConfig> {
    const cached = this.configs.get(id);
    if (cached) return cached;
    const config = parseImageConfig(await readFile(this.configPath(id)));
    this.configs.set(id, config);
    return config;
  }

  private async toImage(r: ImageRecord, tags: ReadonlyMap<string, string>): Promise<Image> {
    const repoTags = [...tags].filter(([, id]) => id === r.id).map(([t]) => t).sort();
    const size = r.layers.reduce((n, l) => n + l.size, 0);
    return { id: r.id, repoTags, config: await this.configOf(r.id), layers: r.layers, size, created: r.created };
  }

  async list(): Promise<Image[]> {
    const tags = await this.meta.listTags();
    return Promise.all((await this.meta.listImages()).map((r) => this.toImage(r, tags)));
  }

  /** Docker's lookup order: full id, then repo:tag ("busybox" = "busybox:latest"), then unique id prefix. */
  private async resolve(ref: string): Promise<Resolved> {
    const images = await this.meta.listImages();
    const full = fullImageId(ref);
    if (full) {
      const image = images.find((i) => i.id === full);
      if (image) return { image };
      throw notFound(`No such image: ${ref}`);
    }
    let tagged: string | undefined;
    try {
      const r = parseImageRef(ref);
      if (r.digest === undefined) tagged = `${r.name}:${r.tag ?? "latest"}`;
    } catch {
      tagged = undefined; // not a name; may still be an id prefix
    }
    const tagId = tagged !== undefined ? (await this.meta.listTags()).get(tagged) : undefined;
    const byTag = images.find((i) => i.id === tagId);
    if (byTag && tagged !== undefined) return { image: byTag, byTag: tagged };
    const prefix = idPrefix(ref);
    const matches = prefix !== undefined ? images.filter((i) => hexOf(i.id).startsWith(prefix)) : [];
    if (matches.length > 1) throw invalidParameter(`ambiguous image reference "${ref}": matches ${matches.length} images`);
    if (matches[0]) return { image: matches[0] };
    throw notFound(`No such image: ${ref}`);
  }

  /** By repo:tag, full id or unique id prefix. Throws NotFound "No such image: <ref>". */
  async get(ref: string): Promise<Image> {
    const { image } = await this.resolve(ref);
    return this.toImage(image, await this.meta.listTags());
  }

  /** Points `repoTag` ("name[:tag]", default tag latest) at the image `ref` names. */
  async tag(ref: string, repoTag: string): Promise<void> {
    const target = normalizeRepoTag(repoTag);
    await this.serial(async () => this.meta.setTag(target, (await this.resolve(ref)).image.id));
  }

  /**
   * `docker rmi`: a tag reference untags, and deletes the image with its last tag; an id
   * reference deletes, refusing (Conflict) an image with several tags unless forced.
   * Whether containers still use the image is the caller's check.
   */
  remove(ref: string, opts: { readonly force?: boolean } = {}): Promise<RemoveResult> {
    return this.serial(async () => {
      const { image, byTag } = await this.resolve(ref);
      const tags = [...(await this.meta.listTags())].filter(([, id]) => id === image.id).map(([t]) => t);
      if (byTag !== undefined && tags.length > 1) {
        await this.meta.deleteTag(byTag);
        return { untagged: [byTag], deleted: [] };
      }
      if (byTag === undefined && tags.length > 1 && !opts.force) {
        throw conflict(`conflict: unable to delete ${shortId(hexOf(image.id))} (must be forced) - image is referenced in multiple repositories`);
      }
      for (const t of tags) await this.meta.deleteTag(t);
      await this.meta.deleteImage(image.id);
      this.configs.delete(image.id);
      await rm(this.configPath(image.id), { force: true });
      const stillUsed = new Set((await this.meta.listImages()).flatMap((i) => i.layers.map((l) => l.diffId)));
      for (const l of image.layers) if (!stillUsed.has(l.diffId)) await this.layers.remove(l.diffId);
      return { untagged: tags.sort(), deleted: [image.id] };
    });
  }

  /** Extracted layer directories of an image (an Image or a reference), lowest first. */
  async layerDirs(image: Image | string): Promise<string[]> {
    const img = typeof image === "string" ? await this.get(image) : image;
    return img.layers.map((l) => this.layers.path(l.diffId));
  }
}
