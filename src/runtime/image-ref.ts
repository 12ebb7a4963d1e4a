/**
 * Image references in Docker's grammar (distribution/reference), reduced to what a registry-less
 * store needs: `[domain[:port]/]path[:tag][@digest]`, normalised to the familiar form Docker
 * prints in RepoTags ("busybox:latest", not "docker.io/library/busybox:latest"). Pure.
 */
import { invalidParameter } from "../lib/errors.js";

const DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const DOMAIN = new RegExp(`^${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?$`);
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[0-9a-fA-F]{32,}$/;
const HEX64 = /^[0-9a-f]{64}$/;
const NAME_MAX = 255;

export interface ImageRef {
  /** Familiar repository name: "busybox", "me/app", "localhost:5000/app". */
  readonly name: string;
  readonly tag?: string;
  readonly digest?: string;
}

const bad = (): Error => invalidParameter("invalid reference format");

function splitDomain(name: string): { domain: string; remote: string } {
  const i = name.indexOf("/");
  const first = i === -1 ? "" : name.slice(0, i);
  const isDomain = i !== -1 && (/[.:]/.test(first) || first === "localhost" || first.toLowerCase() !== first);
  if (!isDomain) return { domain: "docker.io", remote: name.includes("/") ? name : `library/${name}` };
  const remote = name.slice(i + 1);
  if (first === "index.docker.io") return { domain: "docker.io", remote: remote.includes("/") ? remote : `library/${remote}` };
  return { domain: first, remote };
}

function familiar(domain: string, remote: string): string {
  if (domain !== "docker.io") return `${domain}/${remote}`;
  return remote.startsWith("library/") && remote.split("/").length === 2 ? remote.slice(8) : remote;
}

/** Parses and normalises a reference. Throws InvalidParameter with Docker's wording. */
export function parseImageRef(input: string): ImageRef {
  if (HEX64.test(input)) {
    throw invalidParameter(`invalid repository name (${input}), cannot specify 64-byte hexadecimal strings`);
  }
  let rest = input;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw bad();
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(":");
  if (colon > rest.lastIndexOf("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw bad();
  }
  if (rest === "" || rest.length > NAME_MAX) throw bad();
  const { domain, remote } = splitDomain(rest);
  if (remote.toLowerCase() !== remote) {
    throw invalidParameter(`invalid reference format: repository name (${remote}) must be lowercase`);
  }
  if (!DOMAIN.test(domain) || !remote.split("/").every((c) => PATH_COMPONENT.test(c))) throw bad();
  const name = familiar(domain, remote);
  return { name, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/** "name:tag" with Docker's default tag "latest"; refuses digests (a local store has none). */
export function normalizeRepoTag(input: string): string {
  const ref = parseImageRef(input);
  if (ref.digest !== undefined) throw invalidParameter(`refusing to create a tag with a digest reference`);
  return `${ref.name}:${ref.tag ?? "latest"}`;
}

/** "sha256:<64 hex>" from either that or the bare 64 hex, or undefined. */
export function fullImageId(input: string): string | undefined {
  const hex = input.startsWith("sha256:") ? input.slice(7) : input;
  return HEX64.test(hex) ? `sha256:${hex}` : undefined;
}

/** The hex part of a short id ("3f57d9", "sha256:3f57d9"), or undefined if not hex. */
export function idPrefix(input: string): string | undefined {
  const hex = input.startsWith("sha256:") ? input.slice(7) : input;
  return /^[0-9a-f]{1,64}$/.test(hex) ? hex : undefined;
}
