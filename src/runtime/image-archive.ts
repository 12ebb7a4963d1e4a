/**
 * Reads an unpacked `docker save` tarball or OCI image layout and lists the images in it:
 * config bytes, layer blob paths (lowest first) and repo tags. Two formats:
 *   docker-save: manifest.json = [{ Config, RepoTags, Layers }] (Docker 25+ also writes an
 *                OCI layout beside it; manifest.json is preferred because it carries the tags)
 *   OCI layout:  index.json -> (image index ->) image manifest -> config + layers, tags from the
 *                `io.containerd.image.name` / `org.opencontainers.image.ref.name` annotations.
 */
import { readFile, realpath, stat } from "node:fs/promises";
import { join, sep } from "node:path";
import { invalidParameter, messageOf } from "../lib/errors.js";
import { normalizeRepoTag } from "./image-ref.js";

export interface ArchiveImage {
  readonly configBytes: Uint8Array;
  /** Absolute paths of the layer blobs (plain or gzip tar), lowest first. */
  readonly layerFiles: readonly string[];
  /** Normalised "name:tag" strings. */
  readonly repoTags: readonly string[];
  /** The config digest the archive claims, when it names one ("sha256:<hex>"). */
  readonly claimedId?: string;
}

interface Descriptor {
  readonly mediaType?: string;
  readonly digest: string;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly platform?: { readonly os?: string; readonly architecture?: string };
}

const INDEX_TYPES = new Set([
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
]);
const FOREIGN = /foreign|nondistributable/;

/** Resolves `rel` inside `root`, refusing paths (and symlinks) that lead out of it. */
async function inside(root: string, rel: string): Promise<string> {
  const realRoot = await realpath(root);
  let full: string;
  try {
    full = await realpath(join(realRoot, rel));
  } catch (e) {
    throw invalidParameter(`invalid archive: missing "${rel}": ${messageOf(e)}`);
  }
  if (full !== realRoot && !full.startsWith(realRoot + sep)) throw invalidParameter(`invalid archive: "${rel}" is outside the archive`);
  return full;
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, "utf8"));
  } catch (e) {
    throw invalidParameter(`invalid archive: cannot read ${path}: ${messageOf(e)}`);
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

function hexOf(digest: string): string {
  const m = /^sha256:([0-9a-f]{64})$/.exec(digest);
  if (!m?.[1]) throw invalidParameter(`invalid archive: unsupported digest "${digest}"`);
  return m[1];
}

interface SaveEntry {
  readonly Config?: unknown;
  readonly RepoTags?: unknown;
  readonly Layers?: unknown;
}

async function readDockerSave(root: string): Promise<ArchiveImage[]> {
  const manifest = await readJson(join(root, "manifest.json"));
  if (!Array.isArray(manifest)) throw invalidParameter("invalid archive: manifest.json is not a list");
  const out: ArchiveImage[] = [];
  for (const e of manifest as SaveEntry[]) {
    if (typeof e.Config !== "string" || !Array.isArray(e.Layers)) throw invalidParameter("invalid archive: bad manifest.json entry");
    const layers = e.Layers.map((l) => (typeof l === "string" ? l : ""));
    const tags = Array.isArray(e.RepoTags) ? e.RepoTags.filter((t): t is string => typeof t === "string") : [];
    out.push({
      configBytes: await readFile(await inside(root, e.Config)),
      layerFiles: await Promise.all(layers.map((l) => inside(root, l))),
      repoTags: tags.map(normalizeRepoTag),
    });
  }
  return out;
}

const blobPath = (root: string, digest: string): Promise<string> => inside(root, join("blobs", "sha256", hexOf(digest)));

function tagsOf(d: Descriptor): string[] {
  const full = d.annotations?.["io.containerd.image.name"];
  if (full) return [normalizeRepoTag(full)];
  const ref = d.annotations?.["org.opencontainers.image.ref.name"];
  // A bare tag ("latest") names no repository: the image loads untagged.
  return ref && /[:/]/.test(ref) ? [normalizeRepoTag(ref)] : [];
}

async function resolveManifest(root: string, d: Descriptor, arch: string, depth = 0): Promise<Descriptor> {
  if (!INDEX_TYPES.has(d.mediaType ?? "")) return d;
  if (depth > 4) throw invalidParameter("invalid archive: image index nesting too deep");
  const index = (await readJson(await blobPath(root, d.digest))) as { manifests?: Descriptor[] };
  const list = index.manifests ?? [];
  const pick =
    list.find((m) => m.platform?.os === "linux" && m.platform.architecture === arch) ??
    list.find((m) => !m.platform && !INDEX_TYPES.has(m.mediaType ?? "") && m.annotations?.["vnd.docker.reference.type"] === undefined);
  if (!pick) throw invalidParameter(`invalid archive: no image for linux/${arch} in ${d.digest}`);
  return resolveManifest(root, pick, arch, depth + 1);
}

async function readOciLayout(root: string, arch: string): Promise<ArchiveImage[]> {
  const index = (await readJson(join(root, "index.json"))) as { manifests?: Descriptor[] };
  const out: ArchiveImage[] = [];
  for (const top of index.manifests ?? []) {
    const m = await resolveManifest(root, top, arch);
    const manifest = (await readJson(await blobPath(root, m.digest))) as { config?: Descriptor; layers?: Descriptor[] };
    if (!manifest.config) throw invalidParameter(`invalid archive: manifest ${m.digest} has no config`);
    const layers = (manifest.layers ?? []).filter((l) => !FOREIGN.test(l.mediaType ?? ""));
    out.push({
      configBytes: await readFile(await blobPath(root, manifest.config.digest)),
      layerFiles: await Promise.all(layers.map((l) => blobPath(root, l.digest))),
      repoTags: tagsOf(top),
      claimedId: `sha256:${hexOf(manifest.config.digest)}`,
    });
  }
  return out;
}

/** The images in an unpacked archive. `arch` is the GOARCH to pick from multi-platform indexes. */
export async function readArchive(root: string, arch: string): Promise<ArchiveImage[]> {
  if (await exists(join(root, "manifest.json"))) return readDockerSave(root);
  if (await exists(join(root, "index.json"))) return readOciLayout(root, arch);
  throw invalidParameter("invalid archive: neither manifest.json (docker save) nor index.json (OCI layout) found");
}
