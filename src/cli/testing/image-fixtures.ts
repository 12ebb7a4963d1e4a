/** Canned local images for the CLI tests, as a Docker 27/28 daemon lists and inspects them. */
import type { ImageInspectWire, ImageSummaryWire } from "../../api/wire/image.js";
import { BUSYBOX_ID } from "./container-fixtures.js";

export interface CannedImage {
  readonly id: string;
  readonly repoTags: readonly string[];
  /** Seconds before "now". */
  readonly age: number;
  readonly size: number;
  readonly cmd: readonly string[] | null;
  readonly env: readonly string[];
  readonly labels: Readonly<Record<string, string>> | null;
  readonly comment: string;
}

export const CANNED_IMAGES: readonly CannedImage[] = [
  {
    id: BUSYBOX_ID,
    repoTags: ["busybox:latest", "busybox:1.36"],
    age: 16 * 86400,
    size: 4261888,
    cmd: ["sh"],
    env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
    labels: null,
    comment: "Imported from -",
  },
  {
    id: "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    repoTags: ["registry.example.com:5000/team/app:v1"],
    age: 3 * 3600 + 900,
    size: 123456789,
    cmd: ["/app", "--port=8080"],
    env: ["PATH=/bin", "APP_MODE=<prod & co>"],
    labels: { "org.opencontainers.image.title": "app", maintainer: "ops@example.com" },
    comment: "",
  },
  {
    id: "sha256:fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210",
    repoTags: [],
    age: 45 * 86400,
    size: 1234,
    cmd: null,
    env: [],
    labels: {},
    comment: "",
  },
  {
    id: "sha256:1111111111111111111111111111111111111111111111111111111111111111",
    repoTags: ["docker.io/library/alpine:3.19"],
    age: 400 * 86400,
    size: 7_377_000,
    cmd: ["/bin/sh"],
    env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
    labels: null,
    comment: "",
  },
];

export function imageSummaryOf(i: CannedImage, now: number): ImageSummaryWire {
  return {
    Containers: -1,
    Created: now - i.age,
    Id: i.id,
    Labels: i.labels === null ? null : { ...i.labels },
    ParentId: "",
    RepoDigests: [],
    RepoTags: [...i.repoTags],
    SharedSize: -1,
    Size: i.size,
  };
}

const iso = (unixSec: number): string => new Date(unixSec * 1000).toISOString().replace(/\.\d{3}Z$/, ".123456789Z");

export function imageInspectOf(i: CannedImage, now: number): ImageInspectWire {
  return {
    Id: i.id,
    RepoTags: [...i.repoTags],
    RepoDigests: [],
    Parent: "",
    Comment: i.comment,
    Created: iso(now - i.age),
    DockerVersion: "",
    Author: "",
    Config: {
      Hostname: "",
      Domainname: "",
      User: "",
      AttachStdin: false,
      AttachStdout: false,
      AttachStderr: false,
      Tty: false,
      OpenStdin: false,
      StdinOnce: false,
      Env: i.env.length ? [...i.env] : null,
      Cmd: i.cmd ? [...i.cmd] : null,
      Image: "",
      Volumes: null,
      WorkingDir: "",
      Entrypoint: null,
      OnBuild: null,
      Labels: i.labels === null ? null : { ...i.labels },
    },
    Architecture: "amd64",
    Os: "linux",
    Size: i.size,
    GraphDriver: { Data: null, Name: "overlay2" },
    RootFS: { Type: "layers", Layers: ["sha256:" + i.id.slice(7).split("").reverse().join("")] },
    Metadata: { LastTagTime: "0001-01-01T00:00:00Z" },
  };
}

/** The daemon's image lookup: full or short id (with or without "sha256:"), or a reference (":latest" implied). */
export function findImage(all: readonly CannedImage[], ref: string): CannedImage | undefined {
  const hex = ref.replace(/^sha256:/, "");
  if (/^[0-9a-f]{4,64}$/.test(hex)) {
    const byId = all.find((i) => i.id.slice(7).startsWith(hex));
    if (byId) return byId;
  }
  const withTag = /:[\w][\w.-]*$/.test(ref.replace(/^.*\//, "")) ? ref : ref + ":latest";
  const familiar = withTag.replace(/^docker\.io\/(library\/)?/, "");
  return all.find((i) => i.repoTags.some((t) => t === withTag || t.replace(/^docker\.io\/(library\/)?/, "") === familiar));
}
