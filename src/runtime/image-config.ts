/**
 * The image configuration as Docker stores it (the OCI image config with Docker's
 * `container.Config` under "config"), so `docker image inspect` can be served from it.
 * The image id is the sha256 of these exact bytes. Pure.
 */
import { invalidParameter } from "../lib/errors.js";

/** Docker's container.Config, as embedded in image configs (Go field names). */
export interface DockerContainerConfig {
  readonly Hostname: string;
  readonly Domainname: string;
  readonly User: string;
  readonly AttachStdin: boolean;
  readonly AttachStdout: boolean;
  readonly AttachStderr: boolean;
  readonly ExposedPorts?: Readonly<Record<string, Record<string, never>>>;
  readonly Tty: boolean;
  readonly OpenStdin: boolean;
  readonly StdinOnce: boolean;
  readonly Env: readonly string[] | null;
  readonly Cmd: readonly string[] | null;
  readonly Image: string;
  readonly Volumes: Readonly<Record<string, Record<string, never>>> | null;
  readonly WorkingDir: string;
  readonly Entrypoint: readonly string[] | null;
  readonly OnBuild: readonly string[] | null;
  readonly Labels: Readonly<Record<string, string>> | null;
}

export interface ImageHistoryEntry {
  readonly created?: string;
  readonly created_by?: string;
  readonly comment?: string;
  readonly empty_layer?: boolean;
}

export interface ImageConfig {
  readonly architecture: string;
  readonly os: string;
  readonly variant?: string;
  readonly created?: string;
  readonly comment?: string;
  readonly author?: string;
  readonly docker_version?: string;
  /** Absent in some OCI images; treat as all-null. */
  readonly config?: Partial<DockerContainerConfig>;
  readonly rootfs: { readonly type: "layers"; readonly diff_ids: readonly string[] };
  readonly history?: readonly ImageHistoryEntry[];
}

/** What `docker import --change` may set (already parsed from Dockerfile syntax by the caller). */
export interface ImportChanges {
  readonly cmd?: readonly string[];
  readonly entrypoint?: readonly string[];
  readonly env?: readonly string[];
  readonly workingDir?: string;
  /** "80", "80/tcp", "53/udp". */
  readonly exposedPorts?: readonly string[];
}

const PORT = /^([0-9]{1,5})(?:\/(tcp|udp|sctp))?$/;

/** "80" -> "80/tcp"; throws InvalidParameter on anything else. */
export function normalizeExposedPort(p: string): string {
  const m = PORT.exec(p.trim().toLowerCase());
  const num = m?.[1] !== undefined ? Number(m[1]) : NaN;
  if (!m || !(num >= 0 && num <= 65535)) throw invalidParameter(`invalid containerPort: ${p}`);
  return `${num}/${m[2] ?? "tcp"}`;
}

/** Go's GOARCH for a Node `process.arch`. */
export function goArch(nodeArch: string): string {
  const map: Record<string, string> = { x64: "amd64", ia32: "386", ppc64: "ppc64le", arm64: "arm64", arm: "arm" };
  return map[nodeArch] ?? nodeArch;
}

export function containerConfigFromChanges(c: ImportChanges): DockerContainerConfig {
  for (const e of c.env ?? []) if (!e.includes("=") || e.startsWith("=")) throw invalidParameter(`invalid environment variable: ${e}`);
  const ports = c.exposedPorts?.length ? Object.fromEntries(c.exposedPorts.map((p) => [normalizeExposedPort(p), {}])) : undefined;
  return {
    Hostname: "",
    Domainname: "",
    User: "",
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
    ...(ports ? { ExposedPorts: ports } : {}),
    Tty: false,
    OpenStdin: false,
    StdinOnce: false,
    Env: c.env?.length ? [...c.env] : null,
    Cmd: c.cmd?.length ? [...c.cmd] : null,
    Image: "",
    Volumes: null,
    WorkingDir: c.workingDir ?? "",
    Entrypoint: c.entrypoint?.length ? [...c.entrypoint] : null,
    OnBuild: null,
    Labels: null,
  };
}

export interface ImportConfigInput {
  readonly diffId: string;
  readonly changes: ImportChanges;
  readonly architecture: string;
  /** RFC 3339, UTC. */
  readonly created: string;
  /** Docker writes "Imported from -" (stdin) or "Imported from <url>". */
  readonly comment: string;
  readonly dockerVersion?: string;
}

/** The config `docker import` writes for a single-layer image. */
export function importConfig(i: ImportConfigInput): ImageConfig {
  return {
    architecture: i.architecture,
    comment: i.comment,
    config: containerConfigFromChanges(i.changes),
    created: i.created,
    docker_version: i.dockerVersion ?? "",
    history: [{ created: i.created, comment: i.comment }],
    os: "linux",
    rootfs: { type: "layers", diff_ids: [i.diffId] },
  };
}

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");

/** Validates an image config read from an archive (only what Berth relies on). */
export function parseImageConfig(bytes: Uint8Array): ImageConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    throw invalidParameter("invalid image config: not JSON", e);
  }
  const o = raw as Partial<Record<string, unknown>>;
  const rootfs = o["rootfs"] as Partial<Record<string, unknown>> | undefined;
  if (typeof raw !== "object" || raw === null || !rootfs || !isStringArray(rootfs["diff_ids"])) {
    throw invalidParameter("invalid image config: rootfs.diff_ids missing");
  }
  const cfg = o["config"] as Partial<Record<string, unknown>> | undefined | null;
  for (const k of ["Cmd", "Entrypoint", "Env"]) {
    const v = cfg?.[k];
    if (v !== undefined && v !== null && !isStringArray(v)) throw invalidParameter(`invalid image config: config.${k}`);
  }
  if (cfg?.["WorkingDir"] !== undefined && typeof cfg["WorkingDir"] !== "string") {
    throw invalidParameter("invalid image config: config.WorkingDir");
  }
  if (o["os"] !== undefined && o["os"] !== "linux") throw invalidParameter(`image operating system "${String(o["os"])}" cannot be used on this platform`);
  return raw as ImageConfig;
}
