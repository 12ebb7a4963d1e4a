import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { lstat, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { isBerthError } from "../lib/errors.js";
import { exec } from "../kernel/exec.js";
import { goArch } from "./image-config.js";
import { ImageStore } from "./image-store.js";
import { writeTar, type TarEntry } from "./tar-writer.js";

const isRoot = process.getuid?.() === 0;
const skip = isRoot ? false : "needs root (tar keeps owners, whiteouts need mknod)";
const sha = (b: Uint8Array | string): string => createHash("sha256").update(b).digest("hex");
const json = (o: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(o));

let dir = "";
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "bt-imgs-"));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function freshStore(name: string): Promise<ImageStore> {
  return ImageStore.open(exec, join(dir, name));
}

async function file(name: string, data: Uint8Array): Promise<string> {
  const p = join(dir, name);
  await writeFile(p, data);
  return p;
}

const ROOTFS: TarEntry[] = [
  { name: "bin/", type: "dir" },
  { name: "bin/tool", type: "file", content: "#!/bin/sh\n", mode: 0o755, uid: 1000, gid: 1000 },
  { name: "etc/", type: "dir" },
  { name: "etc/hosts", type: "file", content: "" },
];

test("import: the id is the sha256 of the stored config, with the changes in Docker's shape", { skip }, async () => {
  const store = await freshStore("import");
  const tar = writeTar(ROOTFS);
  const id = await store.importRootfs(await file("rootfs.tar", tar), {
    repoTag: "busybox",
    changes: { cmd: ["sh"], env: ["A=1"], workingDir: "/srv", exposedPorts: ["80"] },
    created: "2024-01-01T00:00:00Z",
  });
  const cfgBytes = await readFile(join(dir, "import", "images", "configs", `${id.slice(7)}.json`));
  assert.equal(id, `sha256:${sha(cfgBytes)}`);
  const img = await store.get("busybox");
  assert.equal(img.id, id);
  assert.deepEqual(img.repoTags, ["busybox:latest"]);
  assert.deepEqual(img.config.config?.Cmd, ["sh"]);
  assert.deepEqual(img.config.config?.ExposedPorts, { "80/tcp": {} });
  assert.deepEqual(img.config.rootfs.diff_ids, [`sha256:${sha(tar)}`]);
  assert.equal(img.size, tar.length);
  for (const ref of [id, id.slice(7), id.slice(7, 19), "busybox:latest", "docker.io/library/busybox"]) {
    assert.equal((await store.get(ref)).id, id, ref);
  }
  const [layer] = await store.layerDirs("busybox");
  const st = await lstat(join(layer ?? "", "bin", "tool"));
  assert.equal(st.uid, 1000);
  assert.equal(st.mode & 0o777, 0o755);
});

test("import from a gzip stream: DiffID is the digest of the uncompressed tar; layers are shared", { skip }, async () => {
  const store = await freshStore("stream");
  const tar = writeTar(ROOTFS);
  const a = await store.importRootfs(Readable.from([gzipSync(tar)]), { created: "2024-01-01T00:00:00Z" });
  const b = await store.importRootfs(Readable.from([tar]), { created: "2024-01-02T00:00:00Z", repoTag: "other:1" });
  assert.notEqual(a, b);
  const [la] = await store.layerDirs(a);
  const [lb] = await store.layerDirs(b);
  assert.equal(la, lb);
  assert.equal((await store.get(a)).config.rootfs.diff_ids[0], `sha256:${sha(tar)}`);
  assert.deepEqual(await readdir(join(dir, "stream", "images", "tmp")), []);
});

test("tag and remove follow docker rmi", { skip }, async () => {
  const store = await freshStore("rmi");
  const id = await store.importRootfs(await file("rmi.tar", writeTar(ROOTFS)), { repoTag: "app:1" });
  await store.tag("app:1", "app:2");
  await store.tag(id.slice(7, 19), "other");
  assert.deepEqual((await store.get(id)).repoTags, ["app:1", "app:2", "other:latest"]);
  assert.deepEqual(await store.remove("app:2"), { untagged: ["app:2"], deleted: [] });
  await assert.rejects(store.remove(id), (e) => isBerthError(e, "Conflict") && /must be forced/.test(e.message));
  const [layer] = await store.layerDirs(id);
  assert.deepEqual(await store.remove(id, { force: true }), { untagged: ["app:1", "other:latest"], deleted: [id] });
  await assert.rejects(store.get("app:1"), { message: "No such image: app:1" });
  await assert.rejects(lstat(layer ?? "/nonexistent"), { code: "ENOENT" });
  await assert.rejects(store.tag("nope", "x"), (e) => isBerthError(e, "NotFound"));
  await assert.rejects(store.tag("app:1", "Bad:tag"), (e) => isBerthError(e, "InvalidParameter"));
});

test("whiteouts become overlay whiteouts and opaque directories", { skip }, async () => {
  const store = await freshStore("wh");
  const tar = writeTar([
    { name: "gone-dir/", type: "dir" },
    { name: ".wh.gone", type: "file", content: "" },
    { name: "opaque/", type: "dir", mode: 0o711 },
    { name: "opaque/.wh..wh..opq", type: "file", content: "" },
    { name: "opaque/kept", type: "file", content: "k" },
    { name: "gone-dir/.wh.file", type: "file", content: "" },
    { name: ".wh..wh.plnk/", type: "dir" },
  ]);
  const [layer = ""] = await store.layerDirs(await store.importRootfs(await file("wh.tar", tar)));
  for (const p of ["gone", "gone-dir/file"]) {
    const st = await lstat(join(layer, p));
    assert.ok(st.isCharacterDevice() && st.rdev === 0, p);
  }
  assert.deepEqual((await readdir(layer)).sort(), ["gone", "gone-dir", "opaque"]);
  assert.deepEqual(await readdir(join(layer, "opaque")), ["kept"]);
  assert.equal((await lstat(join(layer, "opaque"))).mode & 0o777, 0o711);
  const dump = await exec(["tar", "-c", "-f", "-", "--xattrs", "--xattrs-include=trusted.*", "-C", layer, "opaque"]);
  assert.match(dump.stdout, /SCHILY\.xattr\.trusted\.overlay\.opaque=y/);
});

function layerPair(): { l1: Uint8Array; l2: Uint8Array; config: Uint8Array } {
  const l1 = writeTar(ROOTFS);
  const l2 = writeTar([{ name: "etc/", type: "dir" }, { name: "etc/.wh.hosts", type: "file", content: "" }, { name: "new", type: "file", content: "n" }]);
  const config = json({
    architecture: goArch(process.arch),
    os: "linux",
    config: { Cmd: ["/bin/tool"] },
    rootfs: { type: "layers", diff_ids: [`sha256:${sha(l1)}`, `sha256:${sha(l2)}`] },
  });
  return { l1, l2, config };
}

test("load: docker-save tarball with tags", { skip }, async () => {
  const store = await freshStore("save");
  const { l1, l2, config } = layerPair();
  const archive = writeTar([
    { name: "manifest.json", type: "file", content: json([{ Config: "cfg.json", RepoTags: ["docker.io/library/app:1"], Layers: ["a/layer.tar", "b/layer.tar"] }]) },
    { name: "cfg.json", type: "file", content: config },
    { name: "a/layer.tar", type: "file", content: l1 },
    { name: "b/layer.tar", type: "file", content: l2 },
  ]);
  const loaded = await store.loadArchive(await file("save.tar", archive));
  assert.deepEqual(loaded, [{ id: `sha256:${sha(config)}`, repoTags: ["app:1"] }]);
  const dirs = await store.layerDirs("app:1");
  assert.equal(dirs.length, 2);
  assert.ok((await lstat(join(dirs[1] ?? "", "etc", "hosts"))).isCharacterDevice());
});

test("load: OCI layout with a multi-platform index and gzip layers", { skip }, async () => {
  const store = await freshStore("oci");
  const { l1, l2, config } = layerPair();
  const [g1, g2] = [gzipSync(l1), gzipSync(l2)];
  const manifest = json({
    schemaVersion: 2,
    mediaType: "application/vnd.oci.image.manifest.v1+json",
    config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: `sha256:${sha(config)}`, size: config.length },
    layers: [g1, g2].map((g) => ({ mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: `sha256:${sha(g)}`, size: g.length })),
  });
  const other = json({ schemaVersion: 2, config: { digest: `sha256:${"0".repeat(64)}` }, layers: [] });
  const index = json({
    schemaVersion: 2,
    manifests: [
      { mediaType: "application/vnd.oci.image.manifest.v1+json", digest: `sha256:${sha(other)}`, platform: { os: "linux", architecture: "s390x" } },
      { mediaType: "application/vnd.oci.image.manifest.v1+json", digest: `sha256:${sha(manifest)}`, platform: { os: "linux", architecture: goArch(process.arch) } },
    ],
  });
  const top = json({
    schemaVersion: 2,
    manifests: [{ mediaType: "application/vnd.oci.image.index.v1+json", digest: `sha256:${sha(index)}`, annotations: { "io.containerd.image.name": "docker.io/library/multi:2" } }],
  });
  const blobs = [config, g1, g2, manifest, other, index].map((b): TarEntry => ({ name: `blobs/sha256/${sha(b)}`, type: "file", content: b }));
  const archive = writeTar([{ name: "oci-layout", type: "file", content: '{"imageLayoutVersion":"1.0.0"}' }, { name: "index.json", type: "file", content: top }, ...blobs]);
  const loaded = await store.loadArchive(await file("oci.tar", archive));
  assert.deepEqual(loaded, [{ id: `sha256:${sha(config)}`, repoTags: ["multi:2"] }]);
  assert.deepEqual((await store.get("multi:2")).config.rootfs.diff_ids, [`sha256:${sha(l1)}`, `sha256:${sha(l2)}`]);
});

test("load refuses mismatched digests and paths outside the archive", { skip }, async () => {
  const store = await freshStore("bad");
  const { l1, config } = layerPair();
  const mismatch = writeTar([
    { name: "manifest.json", type: "file", content: json([{ Config: "c.json", Layers: ["l.tar", "l.tar"] }]) },
    { name: "c.json", type: "file", content: config },
    { name: "l.tar", type: "file", content: l1 },
  ]);
  await assert.rejects(store.loadArchive(await file("bad1.tar", mismatch)), (e) => isBerthError(e, "InvalidParameter") && /DiffID/.test(e.message));
  const escape = writeTar([{ name: "manifest.json", type: "file", content: json([{ Config: "../../../../etc/passwd", Layers: [] }]) }]);
  await assert.rejects(store.loadArchive(await file("bad2.tar", escape)), (e) => isBerthError(e, "InvalidParameter"));
  const neither = writeTar([{ name: "x", type: "file", content: "" }]);
  await assert.rejects(store.loadArchive(await file("bad3.tar", neither)), /neither manifest.json/);
  assert.deepEqual(await store.list(), []);
});
