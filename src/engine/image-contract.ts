/** What the API layer may ask of the image service (local images only: no registry). */
import type { Readable } from "node:stream";

export interface ImageChanges {
  readonly cmd?: readonly string[];
  readonly entrypoint?: readonly string[];
  readonly env?: readonly string[];
  readonly workingDir?: string;
  readonly exposedPorts?: readonly string[];
}

/** An image in Docker's inspect terms (the config parts Berth uses). */
export interface ImageDetail {
  /** "sha256:<hex>" */
  readonly id: string;
  readonly repoTags: readonly string[];
  readonly created: string;
  readonly size: number;
  readonly architecture: string;
  readonly os: string;
  readonly config: {
    readonly cmd: readonly string[] | null;
    readonly entrypoint: readonly string[] | null;
    readonly env: readonly string[];
    readonly workingDir: string;
    readonly exposedPorts: readonly string[];
    readonly labels: Readonly<Record<string, string>>;
  };
  /** "sha256:<hex>" of each layer (RootFS.Layers). */
  readonly layers: readonly string[];
}

export interface ImageService {
  /** `docker import`: a rootfs tarball. repoTag like "busybox:latest" or undefined. */
  importRootfs(tar: Readable, opts: { readonly repoTag?: string; readonly changes: ImageChanges; readonly message?: string }): Promise<ImageDetail>;
  /** `docker load`: a docker-save tarball or an OCI layout tarball. Returns "Loaded image: ..." lines. */
  load(tar: Readable): Promise<readonly string[]>;
  list(): Promise<readonly ImageDetail[]>;
  inspect(ref: string): Promise<ImageDetail>;
  tag(ref: string, repoTag: string): Promise<void>;
  /** Returns Docker's delete response items: {Untagged} / {Deleted}. */
  remove(ref: string, opts: { readonly force: boolean }): Promise<readonly ({ readonly Untagged: string } | { readonly Deleted: string })[]>;
}
