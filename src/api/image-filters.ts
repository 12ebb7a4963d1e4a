/**
 * GET /images/json filters as dockerd applies them: dangling, label / label!, reference
 * (path.Match globs against the familiar "name:tag" and name; only matching tags are
 * listed), before / since (by creation time of the named image) and until. Newest first.
 */
import type { ImageDetail } from "../engine/image-contract.js";
import { invalidParameter } from "../lib/errors.js";
import { parseTimestamp } from "../lib/time.js";
import type { Filters } from "./filters.js";
import { parseUntil } from "./until.js";

export const IMAGE_LIST_FILTERS: readonly string[] = ["before", "dangling", "label", "label!", "reference", "since", "until"];

/** Go's path.Match as a RegExp ('*' and '?' stop at '/'; classes pass through). */
export function globRegExp(pattern: string): RegExp | null {
  let src = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] ?? "";
    if (ch === "*") src += "[^/]*";
    else if (ch === "?") src += "[^/]";
    else if (ch === "\\" && i + 1 < pattern.length) src += `\\${pattern[++i] ?? ""}`;
    else if (ch === "[") {
      const end = pattern.indexOf("]", i + 1);
      if (end < 0) return null;
      src += `[${pattern.slice(i + 1, end)}]`;
      i = end;
    } else src += ch.replace(/[.+^${}()|]/g, "\\$&");
  }
  try {
    return new RegExp(`^${src}$`);
  } catch {
    return null;
  }
}

function danglingOnly(f: Filters): boolean | undefined {
  const values = f.get("dangling");
  if (values.length === 0) return undefined;
  const v = values[0] ?? "";
  if (["1", "true", "True", "TRUE", "t"].includes(v)) return true;
  if (["0", "false", "False", "FALSE", "f"].includes(v)) return false;
  throw invalidParameter(`invalid filter 'dangling=${v}'`);
}

/** The tags of `img` that a reference pattern matches (the tag or its repository name). */
function matchingTags(img: ImageDetail, patterns: readonly RegExp[]): string[] {
  return img.repoTags.filter((t) => {
    const name = t.slice(0, t.lastIndexOf(":") > t.lastIndexOf("/") ? t.lastIndexOf(":") : t.length);
    return patterns.some((p) => p.test(t) || p.test(name));
  });
}

export interface ImageFilterRefs {
  /** Creation times (ms) of the images `before` / `since` name. */
  readonly before?: number;
  readonly since?: number;
}

/** Applies the filters; images keep only their matching tags under `reference`. */
export function filterImages(all: readonly ImageDetail[], f: Filters, refs: ImageFilterRefs, now: Date = new Date()): ImageDetail[] {
  f.validate(IMAGE_LIST_FILTERS);
  const dangling = danglingOnly(f);
  const untils = f.get("until");
  const until = untils[0] === undefined ? undefined : parseUntil(untils[0], now);
  const patterns = f.get("reference").map((p) => globRegExp(p)).filter((r): r is RegExp => r !== null);
  const out: ImageDetail[] = [];
  for (const img of all) {
    const created = parseTimestamp(img.created) ?? 0;
    if (dangling === true && img.repoTags.length > 0) continue;
    if (dangling === false && img.repoTags.length === 0) continue;
    if (!f.matchKVList("label", img.config.labels)) continue;
    if (f.contains("label!") && f.matchKVList("label!", img.config.labels)) continue;
    if (refs.before !== undefined && created >= refs.before) continue;
    if (refs.since !== undefined && created <= refs.since) continue;
    if (until !== undefined && created > until) continue;
    if (f.contains("reference")) {
      const tags = matchingTags(img, patterns);
      if (tags.length === 0) continue;
      out.push({ ...img, repoTags: tags });
      continue;
    }
    out.push(img);
  }
  return out.sort((a, b) => (parseTimestamp(b.created) ?? 0) - (parseTimestamp(a.created) ?? 0));
}
