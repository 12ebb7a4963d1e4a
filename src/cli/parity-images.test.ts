/**
 * Byte-for-byte parity with the real docker CLI for the image commands (images, image
 * inspect, tag, rmi, import, load): same output, exit code and requests, including the
 * streamed bodies of import and load. Skipped when /usr/local/bin/docker is absent.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { exec } from "../kernel/exec.js";
import { ParityRig, SKIP_NO_DOCKER } from "./testing/parity.js";
import { cases, same } from "./testing/parity-compare.js";

const rig = new ParityRig(exec);
const dir = mkdtempSync(path.join(tmpdir(), "berth-img-"));
const rootfs = path.join(dir, "rootfs.tar");
const saved = path.join(dir, "saved.tar");
const oci = path.join(dir, "oci.tar");
const junk = path.join(dir, "junk.tar");
before(() => {
  writeFileSync(rootfs, "bin/\0\0\0rootfs tarball bytes ☕\n".repeat(50));
  writeFileSync(saved, "manifest.json\0repositories\0layer.tar\n");
  writeFileSync(oci, "oci-layout\0index.json\0blobs/sha256/\n");
  writeFileSync(junk, "not a tar at all\n");
});
after(() => {
  rig.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("parity with docker: images", { skip: SKIP_NO_DOCKER, concurrency: 4 }, () => {
  cases(rig, test, [
    ["images"],
    ["images", "-q"],
    ["images", "--no-trunc"],
    ["image", "ls", "-a"],
    ["image", "list", "busybox"],
    ["images", "--digests"],
    ["images", "--filter", "dangling=true"],
    ["images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}} {{.Size}} {{.CreatedSince}}"],
    ["images", "--format", "table {{.Repository}}\t{{.CreatedAt}}\t{{.Containers}}\t{{.SharedSize}}\t{{.UniqueSize}}\t{{.VirtualSize}}\t{{.Digest}}"],
    ["images", "--format", "{{json .}}"],
    ["images", "--format", "json"],
    ["images", "--format", "raw"],
    ["images", "-q", "--format", "{{.Tag}}"],
    ["images", "--format", "{{.Nope}}"],
    ["images", "a", "b"],
  ]);
});

describe("parity with docker: image inspect", { skip: SKIP_NO_DOCKER, concurrency: 4 }, () => {
  cases(rig, test, [
    ["image", "inspect", "busybox"],
    ["image", "inspect", "busybox:1.36", "registry.example.com:5000/team/app:v1", "fedcba987654"],
    ["image", "inspect", "-f", "{{.Id}} {{.RepoTags}} {{.Size}} {{.Os}}/{{.Architecture}}", "busybox", "alpine:3.19"],
    ["image", "inspect", "-f", "{{json .Config}}|{{.Config.Cmd}}|{{.Config.Env}}|{{.Config.Labels}}", "busybox", "registry.example.com:5000/team/app:v1"],
    ["image", "inspect", "-f", "{{.Config.Hostname}}|{{.Metadata}}|{{json .RootFS}}|{{.GraphDriver.Name}}", "busybox"],
    ["image", "inspect", "--format", "json", "alpine:3.19"],
    ["image", "inspect", "nope", "busybox"],
    ["inspect", "-f", "{{.ID}}", "busybox"],
    ["image", "inspect"],
  ]);
});

describe("parity with docker: tag and rmi", { skip: SKIP_NO_DOCKER, concurrency: 4 }, () => {
  cases(rig, test, [
    ["tag", "busybox", "myrepo"],
    ["tag", "busybox:1.36", "registry.example.com:5000/team/tools:2"],
    ["image", "tag", "a416a98b71e2", "Foo/bar"],
    ["tag", "nope", "x:1"],
    ["tag", "busybox", "a@sha256:abc"],
    ["tag", "busybox", "UPPER"],
    ["tag", "busybox", "ok:bad tag"],
    ["tag", "busybox"],
    ["rmi", "busybox:latest"],
    ["rmi", "-f", "busybox:latest", "alpine:3.19", "nope"],
    ["rmi", "alpine:3.19", "fedcba987654", "nope"],
    ["rmi", "--no-prune", "registry.example.com:5000/team/app:v1"],
    ["image", "rm", "busybox:1.36"],
    ["rmi"],
  ]);
});

describe("parity with docker: import and load", { skip: SKIP_NO_DOCKER, concurrency: 4 }, () => {
  cases(rig, test, [
    ["import", rootfs],
    ["import", "-c", "CMD [\"sh\"]", "-c", "ENV A=1", "--change", "EXPOSE 80", "-m", "hello <world>", rootfs, "myimg:v2"],
    ["image", "import", "--platform", "Linux/AMD64", rootfs, "plat"],
    ["import", "-c", "BOGUS x", rootfs],
    ["import", path.join(dir, "missing.tar")],
    ["import", rootfs, "Bad:Ref"],
    ["import", "http://example.invalid/rootfs.tar", "fromurl"],
    ["import"],
    ["load", "-i", saved],
    ["image", "load", "--input", oci],
    ["load", "-q", "-i", saved],
    ["load", "-i", junk],
    ["load", "-i", path.join(dir, "missing.tar")],
    ["load", "extra"],
  ]);
  test("import - reads the tarball from stdin, streamed", () =>
    same(rig, ["import", "-", "busy"], { stdin: "stdin rootfs bytes\n".repeat(1000) }).then((o) => assert.match(o.stdout, /^sha256:[0-9a-f]{64}\n$/)));
  test("import - with nothing on stdin", () => same(rig, ["import", "-"], { stdin: "" }).then(() => undefined));
  test("load reads stdin", () => same(rig, ["load"], { stdin: "manifest.json\0stdin image\n" }).then((o) => assert.equal(o.stdout, "Loaded image: busybox:latest\n")));
  test("load with nothing on stdin", () => same(rig, ["load"], { stdin: "" }).then(() => undefined));
});
