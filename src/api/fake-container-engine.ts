/**
 * Test support: the fake engine with in-memory container, image and exec services wired to
 * its fake networks (so `docker network connect` knows the containers it creates).
 */
import type { ImageDetail } from "../engine/image-contract.js";
import { FakeContainers } from "./fake-containers.js";
import { FakeEngine, FAKE_FACTS } from "./fake-engine.js";
import { FakeExecs } from "./fake-execs.js";
import { FakeImages } from "./fake-images.js";

/** A busybox-like image the fake's containers can run. */
export const FAKE_BUSYBOX: ImageDetail = {
  id: "sha256:" + "ab".repeat(32),
  repoTags: ["busybox:latest"],
  created: "2024-01-01T00:00:00Z",
  size: 4_261_550,
  architecture: "amd64",
  os: "linux",
  config: { cmd: ["sh"], entrypoint: null, env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], workingDir: "", exposedPorts: [], labels: {} },
  layers: ["sha256:" + "cd".repeat(32)],
};

export interface FakeContainerEngineOptions {
  /** How far in the past container times are recorded (stable `docker ps` columns). */
  readonly ageMs?: number;
  /** Start with FAKE_BUSYBOX as busybox:latest (default true). */
  readonly busybox?: boolean;
}

export class FakeContainerEngine extends FakeEngine {
  readonly images = new FakeImages();
  readonly containers: FakeContainers;
  readonly execs: FakeExecs;

  constructor(opts: FakeContainerEngineOptions = {}) {
    super(FAKE_FACTS);
    this.containers = new FakeContainers({
      networks: this.networks,
      images: this.images,
      hostname: FAKE_FACTS.hostname,
      onCreate: (id, name) => this.addContainer(id, name),
      onRemove: (id) => this.removeContainer(id),
      ...(opts.ageMs !== undefined ? { ageMs: opts.ageMs } : {}),
    });
    this.execs = new FakeExecs(this.containers);
    if (opts.busybox !== false) this.images.put(FAKE_BUSYBOX);
  }
}
