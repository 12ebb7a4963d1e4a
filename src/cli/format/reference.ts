/**
 * Image references as github.com/distribution/reference parses them for the docker CLI:
 * docker.io and library/ normalisation, familiar names, tags, digests and the error texts.
 */

export class ReferenceError extends Error {}

export interface Named {
  /** e.g. "docker.io" or "registry.example.com:5000". */
  readonly domain: string;
  /** e.g. "library/busybox". */
  readonly path: string;
  readonly tag?: string;
  readonly digest?: string;
}

const ALNUM = "[a-z0-9]+";
const SEPARATOR = "(?:[._]|__|[-]+)";
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const IPV6 = "\\[(?:[a-fA-F0-9:]+)\\]";
const HOST = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|${IPV6})`;
const DOMAIN = `${HOST}(?::[0-9]+)?`;
const TAG = "[\\w][\\w.-]{0,127}";
const DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}";
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const REFERENCE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const ANCHORED_NAME = new RegExp(`^(?:(${DOMAIN})/)?(${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)$`);
const IDENTIFIER = /^[a-f0-9]{64}$/;

const DEFAULT_DOMAIN = "docker.io";

/** reference.Parse (no normalisation). */
function parse(s: string): Named {
  const m = REFERENCE.exec(s);
  if (!m) {
    if (s === "") throw new ReferenceError("repository name must have at least one component");
    if (REFERENCE.test(s.toLowerCase())) throw new ReferenceError("repository name must be lowercase");
    throw new ReferenceError("invalid reference format");
  }
  const name = m[1]!;
  if (name.length > 255) throw new ReferenceError("repository name must not be more than 255 characters");
  const nm = ANCHORED_NAME.exec(name);
  const digest = m[3];
  if (digest !== undefined) {
    const [algo = "", hex = ""] = digest.split(":");
    const lengths: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };
    if (lengths[algo] === undefined) throw new ReferenceError("unsupported digest algorithm");
    if (hex.length !== lengths[algo] || /[A-F]/.test(hex)) throw new ReferenceError("invalid checksum digest length");
  }
  return {
    domain: nm?.[1] ?? "",
    path: nm?.[2] ?? name,
    ...(m[2] !== undefined ? { tag: m[2] } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
}

/** splitDockerDomain. */
function splitDockerDomain(name: string): [string, string] {
  const i = name.indexOf("/");
  let domain: string;
  let remainder: string;
  const first = i < 0 ? "" : name.slice(0, i);
  if (i < 0 || (!/[.:]/.test(first) && first !== "localhost" && first.toLowerCase() === first)) {
    [domain, remainder] = [DEFAULT_DOMAIN, name];
  } else {
    [domain, remainder] = [first, name.slice(i + 1)];
  }
  if (domain === "index.docker.io") domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !remainder.includes("/")) remainder = "library/" + remainder;
  return [domain, remainder];
}

/** reference.ParseNormalizedNamed. */
export function parseNormalizedNamed(s: string): Named {
  if (IDENTIFIER.test(s)) throw new ReferenceError(`invalid repository name (${s}), cannot specify 64-byte hexadecimal strings`);
  const [domain, remainder] = splitDockerDomain(s);
  const colon = remainder.indexOf(":");
  const remote = colon < 0 ? remainder : remainder.slice(0, colon);
  if (remote.toLowerCase() !== remote) throw new ReferenceError(`invalid reference format: repository name (${remote}) must be lowercase`);
  return parse(domain + "/" + remainder);
}

/** reference.ParseAnyReference: a bare 64-hex ID or a digest is a digest reference (undefined here). */
export function parseAnyReference(s: string): Named | undefined {
  if (IDENTIFIER.test(s)) return undefined;
  if (/^sha256:[a-f0-9]{64}$/.test(s)) return undefined;
  return parseNormalizedNamed(s);
}

/** Named.Name(): the full name, e.g. "docker.io/library/busybox". */
export const fullName = (n: Named): string => (n.domain ? `${n.domain}/${n.path}` : n.path);

/** reference.FamiliarName: without docker.io and a single-level library/. */
export function familiarName(n: Named): string {
  if (n.domain !== DEFAULT_DOMAIN) return fullName(n);
  const rest = n.path.startsWith("library/") ? n.path.slice("library/".length) : n.path;
  return rest.includes("/") ? n.path : rest;
}

/** reference.FamiliarString: familiar name, ":tag" and "@digest". */
export const familiarString = (n: Named): string => familiarName(n) + (n.tag !== undefined ? ":" + n.tag : "") + (n.digest !== undefined ? "@" + n.digest : "");

/** reference.TagNameOnly: a name without tag or digest gets ":latest". */
export const tagNameOnly = (n: Named): Named => (n.tag === undefined && n.digest === undefined ? { ...n, tag: "latest" } : n);
