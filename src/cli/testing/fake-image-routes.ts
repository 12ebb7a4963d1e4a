/** Image routes of the fake daemon: list, inspect, tag, remove, import, pull (always fails) and load. */
import { CANNED_IMAGES, findImage, imageInspectOf, imageSummaryOf } from "./image-fixtures.js";
import { fakeId, type FakeState } from "./fake-state.js";
import type { Ctx } from "./fake-container-routes.js";

const CHANGE_WORDS = ["CMD", "ENTRYPOINT", "ENV", "EXPOSE", "LABEL", "ONBUILD", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR"];

const withTag = (ref: string): string => (/:[^/]*$/.test(ref) || /^sha256:|^[0-9a-f]{12,64}$/.test(ref) ? ref : ref + ":latest");

function stream(x: Ctx, messages: readonly object[]): void {
  x.res.statusCode = 200;
  x.res.setHeader("Content-Type", "application/json");
  for (const m of messages) x.res.write(JSON.stringify(m) + "\r\n");
  x.res.end();
}

function remove(x: Ctx, ref: string): void {
  const img = findImage(CANNED_IMAGES, ref);
  if (!img) return x.fail(404, `No such image: ${withTag(ref)}`);
  const force = x.query.get("force") === "1";
  const short = img.id.slice(7, 19);
  if (img.id === CANNED_IMAGES[0]!.id && !force) {
    return x.fail(409, `conflict: unable to remove repository reference "${ref}" (must force) - container 3f0e5b1c2d4a is using its referenced image ${short}`);
  }
  if (img.repoTags.length > 1 && !/^(sha256:)?[0-9a-f]{12,64}$/.test(ref)) return x.json(200, [{ Untagged: withTag(ref) }]);
  const untagged = img.repoTags.map((t) => ({ Untagged: t }));
  x.json(200, [...untagged, { Deleted: img.id }, { Deleted: "sha256:" + img.id.slice(7).split("").reverse().join("") }]);
}

function importImage(x: Ctx): void {
  const changes = x.query.getAll("changes");
  for (const c of changes) {
    const word = c.trim().split(/\s+/)[0]?.toUpperCase() ?? "";
    if (!CHANGE_WORDS.includes(word)) return x.fail(400, `dockerfile parse error on line 1: unknown instruction: ${word}`);
  }
  if (x.body.length === 0 && x.query.get("fromSrc") === "-") return x.fail(500, "EOF");
  stream(x, [{ status: "sha256:" + fakeId("import:" + x.body + changes.join("|")) }]);
}

function load(x: Ctx): void {
  if (x.body.length === 0) return x.fail(400, "unexpected EOF");
  if (!x.body.includes("manifest.json") && !x.body.includes("index.json")) {
    return x.fail(500, "open /var/lib/berth/tmp/docker-import-123/repositories: no such file or directory");
  }
  const messages: object[] = [{ stream: "Loaded image: busybox:latest\n" }];
  if (x.body.includes("index.json")) messages.push({ stream: `Loaded image ID: sha256:${fakeId("oci")}\n` });
  stream(x, messages);
}

/** Handles /images/...; false when the path is not one of them. */
export function routeImages(state: FakeState, x: Ctx): boolean {
  const { method, path } = x;
  if (path === "/images/json" && method === "GET") {
    const filters = JSON.parse(x.query.get("filters") ?? "{}") as Record<string, Record<string, boolean>>;
    const refs = Object.keys(filters["reference"] ?? {});
    const dangling = Object.keys(filters["dangling"] ?? {});
    let out = CANNED_IMAGES.filter((i) => refs.length === 0 || i.repoTags.some((t) => refs.some((r) => t.startsWith(r))));
    if (dangling.includes("true")) out = out.filter((i) => i.repoTags.length === 0);
    return x.json(200, out.map((i) => imageSummaryOf(i, state.now))), true;
  }
  if (path === "/images/create" && method === "POST") {
    const from = x.query.get("fromImage");
    if (from !== null) {
      x.fail(404, `pull access denied for ${from}, repository does not exist or may require authorization: denied: requested access to the resource is denied`);
      return true;
    }
    return importImage(x), true;
  }
  if (path === "/images/load" && method === "POST") return load(x), true;
  const m = /^\/images\/(.+?)(?:\/(json|tag))?$/.exec(path);
  if (!m) return false;
  const ref = decodeURIComponent(m[1] ?? "");
  if (method === "DELETE" && m[2] === undefined) return remove(x, ref), true;
  const img = findImage(CANNED_IMAGES, ref);
  if (m[2] === "json" && method === "GET") {
    if (!img) return x.fail(404, `No such image: ${withTag(ref)}`), true;
    return x.json(200, imageInspectOf(img, state.now)), true;
  }
  if (m[2] === "tag" && method === "POST") {
    if (!img) return x.fail(404, `No such image: ${withTag(ref)}`), true;
    return x.empty(201), true;
  }
  return false;
}
