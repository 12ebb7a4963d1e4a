/**
 * `docker images` rows as the docker CLI builds them: one row per repository:tag (familiar
 * names), a "<none>" row for dangling images, and the methods its templates call.
 */
import type { ImageSummaryWire } from "../../api/wire/image.js";
import { goTimeString } from "./go-time.js";
import { GoMap, GoStruct, goJsonEncode, type GoMethod, type GoValue } from "./go-value.js";
import { unixTime, timeAgo } from "./container-values.js";
import { familiarName, parseNormalizedNamed, ReferenceError } from "./reference.js";
import { humanSize, humanSizeWithPrecision, truncateId } from "./units.js";

export const IMAGE_HEADERS: Readonly<Record<string, string>> = {
  ID: "IMAGE ID", Repository: "REPOSITORY", Tag: "TAG", Digest: "DIGEST", CreatedSince: "CREATED", CreatedAt: "CREATED AT",
  Size: "SIZE", Containers: "CONTAINERS", VirtualSize: "SIZE", SharedSize: "SHARED SIZE", UniqueSize: "UNIQUE SIZE",
};

export interface ImageRow {
  readonly image: ImageSummaryWire;
  readonly repo: string;
  readonly tag: string;
  readonly digest: string;
}

const tryParse = (ref: string): ReturnType<typeof parseNormalizedNamed> | undefined => {
  try {
    return parseNormalizedNamed(ref);
  } catch (e) {
    if (e instanceof ReferenceError) return undefined;
    throw e;
  }
};

/** imageFormat: the rows of one image (digests shown only when asked). */
export function imageRows(img: ImageSummaryWire, showDigests: boolean): ImageRow[] {
  const tags = img.RepoTags ?? [];
  const digests = img.RepoDigests ?? [];
  const dangling = (tags.length === 0 && digests.length === 0) || (tags.length === 1 && tags[0] === "<none>:<none>" && digests.length === 1 && digests[0] === "<none>@<none>");
  if (dangling) return [{ image: img, repo: "<none>", tag: "<none>", digest: "<none>" }];
  const repoTags = new Map<string, string[]>();
  const repoDigests = new Map<string, string[]>();
  for (const t of tags) {
    const ref = tryParse(t);
    if (ref?.tag !== undefined) repoTags.set(familiarName(ref), [...(repoTags.get(familiarName(ref)) ?? []), ref.tag]);
  }
  for (const d of digests) {
    const ref = tryParse(d);
    if (ref?.digest !== undefined) repoDigests.set(familiarName(ref), [...(repoDigests.get(familiarName(ref)) ?? []), ref.digest]);
  }
  const rows: ImageRow[] = [];
  for (const [repo, ts] of repoTags) {
    const ds = showDigests ? (repoDigests.get(repo) ?? []) : [];
    repoDigests.delete(repo);
    for (const tag of ts) {
      if (ds.length === 0) rows.push({ image: img, repo, tag, digest: "<none>" });
      for (const d of ds) rows.push({ image: img, repo, tag, digest: d });
    }
  }
  for (const [repo, ds] of repoDigests) {
    if (showDigests) for (const d of ds) rows.push({ image: img, repo, tag: "<none>", digest: d });
    else rows.push({ image: img, repo, tag: "<none>", digest: "" });
  }
  return rows;
}

export function imageContextValue(row: ImageRow, trunc: boolean): GoStruct {
  const i = row.image;
  const na = (n: number, f: () => string): string => (n === -1 ? "N/A" : f());
  const str = (f: () => string): { arity: number; fn: GoMethod } => ({ arity: 0, fn: () => f() });
  const methods: Record<string, { arity: number; fn: GoMethod }> = {
    ID: str(() => (trunc ? truncateId(i.Id) : i.Id)),
    Repository: str(() => row.repo),
    Tag: str(() => row.tag),
    Digest: str(() => row.digest),
    CreatedSince: str(() => timeAgo(i.Created)),
    CreatedAt: str(() => goTimeString(unixTime(i.Created))),
    Size: str(() => humanSizeWithPrecision(i.Size, 3)),
    Containers: str(() => na(i.Containers, () => String(i.Containers))),
    VirtualSize: str(() => humanSize(i.Size)),
    SharedSize: str(() => na(i.SharedSize, () => humanSize(i.SharedSize))),
    UniqueSize: str(() => (i.Size === -1 || i.SharedSize === -1 ? "N/A" : humanSize(i.Size - i.SharedSize))),
  };
  const marshal = (): string => {
    const entries = new Map<string, GoValue>();
    for (const [k, m] of Object.entries(methods)) entries.set(k, m.fn([]));
    return goJsonEncode(new GoMap(entries, "map[string]interface {}", null), true);
  };
  return new GoStruct("*formatter.imageContext", [], methods, marshal);
}
