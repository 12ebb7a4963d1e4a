import { test } from "node:test";
import assert from "node:assert/strict";
import { isBerthError } from "../lib/errors.js";
import { goArch, importConfig, normalizeExposedPort, parseImageConfig } from "./image-config.js";

const enc = (o: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(o));

test("import config carries the changes in Docker's container.Config shape", () => {
  const cfg = importConfig({
    diffId: "sha256:" + "1".repeat(64),
    changes: { cmd: ["sh"], entrypoint: ["/bin/busybox"], env: ["A=1"], workingDir: "/srv", exposedPorts: ["80", "53/udp"] },
    architecture: "amd64",
    created: "2024-01-02T03:04:05.000Z",
    comment: "Imported from -",
  });
  assert.deepEqual(cfg.config?.Cmd, ["sh"]);
  assert.deepEqual(cfg.config?.Entrypoint, ["/bin/busybox"]);
  assert.deepEqual(cfg.config?.Env, ["A=1"]);
  assert.equal(cfg.config?.WorkingDir, "/srv");
  assert.deepEqual(cfg.config?.ExposedPorts, { "80/tcp": {}, "53/udp": {} });
  assert.deepEqual(cfg.rootfs, { type: "layers", diff_ids: ["sha256:" + "1".repeat(64)] });
  assert.deepEqual(cfg.history, [{ created: "2024-01-02T03:04:05.000Z", comment: "Imported from -" }]);
  assert.equal(cfg.os, "linux");
});

test("without changes the config fields are null, as Docker writes them", () => {
  const cfg = importConfig({ diffId: "sha256:" + "1".repeat(64), changes: {}, architecture: "arm64", created: "x", comment: "c" });
  assert.equal(cfg.config?.Cmd, null);
  assert.equal(cfg.config?.Env, null);
  assert.equal(cfg.config?.Entrypoint, null);
  assert.equal(cfg.config?.WorkingDir, "");
  assert.equal("ExposedPorts" in (cfg.config ?? {}), false);
});

test("exposed ports and env are validated", () => {
  assert.equal(normalizeExposedPort("8080"), "8080/tcp");
  assert.equal(normalizeExposedPort("53/UDP"), "53/udp");
  for (const bad of ["x", "70000", "80/icmp", ""]) assert.throws(() => normalizeExposedPort(bad), (e) => isBerthError(e, "InvalidParameter"), bad);
  assert.throws(
    () => importConfig({ diffId: "d", changes: { env: ["NOEQUALS"] }, architecture: "amd64", created: "", comment: "" }),
    (e) => isBerthError(e, "InvalidParameter"),
  );
});

test("parseImageConfig accepts real configs and refuses broken ones", () => {
  const ok = parseImageConfig(enc({ architecture: "amd64", os: "linux", rootfs: { type: "layers", diff_ids: [] }, config: { Cmd: ["sh"] } }));
  assert.deepEqual(ok.config?.Cmd, ["sh"]);
  const bad: unknown[] = [
    "not json",
    { os: "linux" },
    { os: "linux", rootfs: { diff_ids: [1] } },
    { os: "linux", rootfs: { diff_ids: [] }, config: { Cmd: "sh" } },
    { os: "windows", rootfs: { diff_ids: [] } },
  ];
  for (const b of bad) {
    const bytes = typeof b === "string" ? new TextEncoder().encode(b) : enc(b);
    assert.throws(() => parseImageConfig(bytes), (e) => isBerthError(e, "InvalidParameter"), JSON.stringify(b));
  }
});

test("Node arch names map to GOARCH", () => {
  assert.equal(goArch("x64"), "amd64");
  assert.equal(goArch("arm64"), "arm64");
  assert.equal(goArch("riscv64"), "riscv64");
});
