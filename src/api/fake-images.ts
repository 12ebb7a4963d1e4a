/**
 * Test support: an in-memory ImageService. Import hashes the tarball; load reads a
 * docker-save archive's manifest.json (and each image's config) with a minimal tar reader.
 * Lookups by id, id prefix or reference ("busybox" is "busybox:latest"), Docker's texts.
 */
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import type { ImageChanges, ImageDetail, ImageService } from "../engine/image-contract.js";
import { conflict, invalidParameter, notFound } from "../lib/errors.js";
import { nowRfc3339Nano } from "../lib/time.js";

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks);
}

/** Regular files of a ustar archive, by name. */
export function readTarFiles(tar: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let off = 0;
  while (off + 512 <= tar.length) {
    const header = tar.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const str = (a: number, b: number): string => header.subarray(a, b).toString("latin1").replace(/\0.*$/s, "");
    const size = Number.parseInt(str(124, 136).trim() || "0", 8);
    if (Number.isNaN(size)) throw invalidParameter("invalid tar header");
    const prefix = str(345, 500);
    const name = (prefix ? `${prefix}/` : "") + str(0, 100);
    const type = str(156, 157);
    if (type === "0" || type === "") files.set(name.replace(/^\.\//, ""), tar.subarray(off + 512, off + 512 + size));
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

/** "busybox" → "busybox:latest". */
export const withDefaultTag = (ref: string): string => (ref.lastIndexOf(":") > ref.lastIndexOf("/") ? ref : `${ref}:latest`);

interface ManifestEntry {
  readonly Config?: string;
  readonly RepoTags?: string[] | null;
  readonly Layers?: string[];
}

interface ImageConfigFile {
  readonly config?: { Cmd?: string[] | null; Entrypoint?: string[] | null; Env?: string[] | null; WorkingDir?: string };
}

export class FakeImages implements ImageService {
  private readonly images = new Map<string, ImageDetail>();

  /** Adds an image directly (tests). */
  put(img: ImageDetail): void {
    this.images.set(img.id, img);
  }

  private retag(id: string, repoTag: string): void {
    for (const img of this.images.values()) {
      if (img.id !== id && img.repoTags.includes(repoTag)) this.images.set(img.id, { ...img, repoTags: img.repoTags.filter((t) => t !== repoTag) });
    }
    const img = this.images.get(id);
    if (img && !img.repoTags.includes(repoTag)) this.images.set(id, { ...img, repoTags: [...img.repoTags, repoTag] });
  }

  find(ref: string): ImageDetail {
    const hex = ref.replace(/^sha256:/, "");
    const all = [...this.images.values()];
    const hit =
      all.find((i) => i.id === ref || i.id === `sha256:${ref}`) ??
      all.find((i) => i.repoTags.includes(withDefaultTag(ref))) ??
      (/^[0-9a-f]{4,64}$/.test(hex) ? all.find((i) => i.id.startsWith(`sha256:${hex}`)) : undefined);
    if (!hit) throw notFound(`No such image: ${ref.includes("sha256") || /^[0-9a-f]+$/.test(ref) ? ref : withDefaultTag(ref)}`);
    return hit;
  }

  private add(content: Buffer, config: ImageDetail["config"], repoTag: string | undefined): ImageDetail {
    const digest = createHash("sha256").update(content).update(JSON.stringify(config)).digest("hex");
    const img: ImageDetail = {
      id: `sha256:${digest}`,
      repoTags: this.images.get(`sha256:${digest}`)?.repoTags ?? [],
      created: nowRfc3339Nano(),
      size: content.length,
      architecture: "amd64",
      os: "linux",
      config,
      layers: [`sha256:${createHash("sha256").update(content).digest("hex")}`],
    };
    this.images.set(img.id, img);
    if (repoTag !== undefined) this.retag(img.id, repoTag);
    return this.find(img.id);
  }

  async importRootfs(tar: Readable, opts: { readonly repoTag?: string; readonly changes: ImageChanges }): Promise<ImageDetail> {
    const content = await readAll(tar);
    const c = opts.changes;
    const config: ImageDetail["config"] = {
      cmd: c.cmd ?? null,
      entrypoint: c.entrypoint ?? null,
      env: c.env ?? [],
      workingDir: c.workingDir ?? "",
      exposedPorts: c.exposedPorts ?? [],
      labels: {},
    };
    return this.add(content, config, opts.repoTag);
  }

  async load(tar: Readable): Promise<readonly string[]> {
    const files = readTarFiles(await readAll(tar));
    const manifest = files.get("manifest.json");
    if (!manifest) throw invalidParameter("invalid archive: no manifest.json");
    const lines: string[] = [];
    for (const entry of JSON.parse(manifest.toString()) as ManifestEntry[]) {
      const cfgFile = entry.Config ? files.get(entry.Config) : undefined;
      const cfg = cfgFile ? (JSON.parse(cfgFile.toString()) as ImageConfigFile).config : undefined;
      const config: ImageDetail["config"] = {
        cmd: cfg?.Cmd ?? null,
        entrypoint: cfg?.Entrypoint ?? null,
        env: cfg?.Env ?? [],
        workingDir: cfg?.WorkingDir ?? "",
        exposedPorts: [],
        labels: {},
      };
      const img = this.add(cfgFile ?? manifest, config, undefined);
      for (const t of entry.RepoTags ?? []) this.retag(img.id, t);
      lines.push(...((entry.RepoTags ?? []).length > 0 ? (entry.RepoTags ?? []).map((t) => `Loaded image: ${t}`) : [`Loaded image ID: ${img.id}`]));
    }
    return lines;
  }

  async list(): Promise<readonly ImageDetail[]> {
    return [...this.images.values()];
  }

  async inspect(ref: string): Promise<ImageDetail> {
    return this.find(ref);
  }

  async tag(ref: string, repoTag: string): Promise<void> {
    this.retag(this.find(ref).id, repoTag);
  }

  async remove(ref: string, opts: { readonly force: boolean }): Promise<readonly ({ readonly Untagged: string } | { readonly Deleted: string })[]> {
    const img = this.find(ref);
    const tag = withDefaultTag(ref);
    if (img.repoTags.includes(tag) && img.repoTags.length > 1) {
      this.images.set(img.id, { ...img, repoTags: img.repoTags.filter((t) => t !== tag) });
      return [{ Untagged: tag }];
    }
    if (!img.repoTags.includes(tag) && img.repoTags.length > 1 && !opts.force) {
      throw conflict(`conflict: unable to delete ${img.id.slice(7, 19)} (must be forced) - image is referenced in multiple repositories`);
    }
    this.images.delete(img.id);
    return [...img.repoTags.map((t) => ({ Untagged: t })), { Deleted: img.id }];
  }
}
