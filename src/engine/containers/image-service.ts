/** The image service: Docker's image operations over the runtime's local ImageStore. */
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Image, ImageStore } from "../../runtime/image-store.js";
import type { ImageChanges, ImageDetail, ImageService } from "../image-contract.js";

export function imageDetail(img: Image): ImageDetail {
  const c = img.config.config ?? {};
  return {
    id: img.id,
    repoTags: img.repoTags,
    created: img.created,
    size: img.size,
    architecture: img.config.architecture,
    os: img.config.os,
    config: {
      cmd: c.Cmd ?? null,
      entrypoint: c.Entrypoint ?? null,
      env: c.Env ?? [],
      workingDir: c.WorkingDir ?? "",
      exposedPorts: Object.keys(c.ExposedPorts ?? {}),
      labels: c.Labels ?? {},
    },
    layers: img.layers.map((l) => l.diffId),
  };
}

export class DefaultImageService implements ImageService {
  constructor(private readonly store: ImageStore) {}

  async importRootfs(tar: Readable, opts: { repoTag?: string; changes: ImageChanges; message?: string }): Promise<ImageDetail> {
    const id = await this.store.importRootfs(tar, {
      ...(opts.repoTag ? { repoTag: opts.repoTag } : {}),
      changes: {
        ...(opts.changes.cmd ? { cmd: opts.changes.cmd } : {}),
        ...(opts.changes.entrypoint ? { entrypoint: opts.changes.entrypoint } : {}),
        ...(opts.changes.env ? { env: opts.changes.env } : {}),
        ...(opts.changes.workingDir ? { workingDir: opts.changes.workingDir } : {}),
        ...(opts.changes.exposedPorts ? { exposedPorts: opts.changes.exposedPorts } : {}),
      },
      comment: opts.message || "Imported from -",
    });
    return imageDetail(await this.store.get(id));
  }

  async load(tar: Readable): Promise<readonly string[]> {
    const dir = await mkdtemp(join(tmpdir(), "berth-load-"));
    try {
      const file = join(dir, "image.tar");
      await pipeline(tar, createWriteStream(file));
      const loaded = await this.store.loadArchive(file);
      return loaded.flatMap((l) => (l.repoTags.length > 0 ? l.repoTags.map((t) => `Loaded image: ${t}`) : [`Loaded image ID: ${l.id}`]));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async list(): Promise<readonly ImageDetail[]> {
    return (await this.store.list()).map(imageDetail);
  }

  async inspect(ref: string): Promise<ImageDetail> {
    return imageDetail(await this.store.get(ref));
  }

  async tag(ref: string, repoTag: string): Promise<void> {
    await this.store.tag(ref, repoTag);
  }

  async remove(ref: string, opts: { force: boolean }): Promise<readonly ({ Untagged: string } | { Deleted: string })[]> {
    const r = await this.store.remove(ref, { force: opts.force });
    return [...r.untagged.map((t) => ({ Untagged: t })), ...r.deleted.map((d) => ({ Deleted: d }))];
  }
}
