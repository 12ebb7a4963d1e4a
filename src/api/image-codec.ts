/**
 * Images in Docker's shapes for API 1.47 (list item, inspect), and repository references as
 * the router composes them from `repo` and `tag` (distribution/reference's grammar, familiar
 * names, default tag `latest`).
 */
import type { ImageDetail } from "../engine/image-contract.js";
import { invalidParameter } from "../lib/errors.js";
import { GRAPH_DRIVER } from "./container-codec.js";
import { unixSeconds } from "./container-state.js";
import { sortedRecord } from "./respond.js";
import type { ContainerConfigWire } from "./wire/container.js";
import type { ImageInspectWire, ImageSummaryWire } from "./wire/image.js";

const DOMAIN = String.raw`(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?`;
const PATH_COMPONENT = String.raw`[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`;
const NAME_RE = new RegExp(`^(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
const TAG_RE = /^[\w][\w.-]{0,127}$/;

/** "docker.io/library/busybox" → "busybox"; "docker.io/x/y" → "x/y". */
function familiarName(name: string): string {
  return name.replace(/^(?:docker\.io|index\.docker\.io)\/(?:library\/(?=[^/]+$))?/, "");
}

/** Splits "name[:tag]" at the last colon after the last slash. */
function splitTag(ref: string): [string, string | undefined] {
  const colon = ref.lastIndexOf(":");
  return colon > ref.lastIndexOf("/") ? [ref.slice(0, colon), ref.slice(colon + 1)] : [ref, undefined];
}

/**
 * httputils.RepoTagReference: `repo` (maybe with a tag) plus an optional `tag`, as the
 * familiar "name:tag". Digests are refused; a bad name is `invalid reference format`.
 */
export function repoTagReference(repo: string, tag: string): string {
  if (repo.includes("@")) throw invalidParameter("cannot import digest reference");
  const [name, ownTag] = splitTag(repo);
  if (name !== name.toLowerCase() && NAME_RE.test(name.toLowerCase())) {
    throw invalidParameter(`invalid reference format: repository name (${name}) must be lowercase`);
  }
  if (!NAME_RE.test(name) || name.length > 255) throw invalidParameter("invalid reference format");
  const finalTag = tag !== "" ? tag : (ownTag ?? "latest");
  if (!TAG_RE.test(finalTag)) throw invalidParameter("invalid reference format");
  return `${familiarName(name)}:${finalTag}`;
}

const labelsOrNull = (l: Readonly<Record<string, string>>): Record<string, string> | null =>
  Object.keys(l).length > 0 ? sortedRecord(l) : null;

export function encodeImageSummary(img: ImageDetail): ImageSummaryWire {
  return {
    Containers: -1,
    Created: unixSeconds(img.created),
    Id: img.id,
    Labels: labelsOrNull(img.config.labels),
    ParentId: "",
    RepoDigests: [],
    RepoTags: [...img.repoTags],
    SharedSize: -1,
    Size: img.size,
  };
}

/** An image's config in container.Config's shape (how API 1.47 shows it). */
function imageConfig(img: ImageDetail): ContainerConfigWire {
  const c = img.config;
  const ports: Record<string, Record<string, never>> = {};
  for (const p of [...c.exposedPorts].sort()) ports[p] = {};
  return {
    Hostname: "",
    Domainname: "",
    User: "",
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
    ...(c.exposedPorts.length > 0 ? { ExposedPorts: ports } : {}),
    Tty: false,
    OpenStdin: false,
    StdinOnce: false,
    Env: c.env.length > 0 ? [...c.env] : null,
    Cmd: c.cmd === null ? null : [...c.cmd],
    Image: "",
    Volumes: null,
    WorkingDir: c.workingDir,
    Entrypoint: c.entrypoint === null ? null : [...c.entrypoint],
    OnBuild: null,
    Labels: labelsOrNull(c.labels),
  };
}

export function encodeImageInspect(img: ImageDetail): ImageInspectWire {
  return {
    Id: img.id,
    RepoTags: [...img.repoTags],
    RepoDigests: [],
    Parent: "",
    Comment: "",
    Created: img.created,
    DockerVersion: "",
    Author: "",
    Config: imageConfig(img),
    Architecture: img.architecture,
    Os: img.os,
    Size: img.size,
    GraphDriver: { Data: null, Name: GRAPH_DRIVER },
    RootFS: { Type: "layers", Layers: [...img.layers] },
    Metadata: { LastTagTime: "0001-01-01T00:00:00Z" },
  };
}
