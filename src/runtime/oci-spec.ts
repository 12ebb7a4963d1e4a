/**
 * Pure builder of the OCI runtime spec (1.0.2) for one container, in Docker's shape: Docker's
 * capabilities, mounts, masked and read-only paths and device rules; the network namespace is
 * either an existing one (by path, made by Berth's network layer) or the host's.
 */
import { invalidParameter } from "../lib/errors.js";
import {
  DEFAULT_CAPABILITIES,
  DEFAULT_MOUNTS,
  DEVICE_RULES,
  MASKED_PATHS,
  NETNS_SYSCTLS,
  READONLY_PATHS,
} from "./oci-defaults.js";
import type { OciMount, OciNamespace, OciSpec } from "./oci-types.js";

export type { OciSpec } from "./oci-types.js";

/** `-v host:container[:ro]` */
export interface BindMount {
  readonly source: string;
  readonly destination: string;
  readonly readonly: boolean;
}

/** Where the container's network lives: a namespace made elsewhere, or the host's. */
export type SpecNetwork = { readonly kind: "host" } | { readonly kind: "netns"; readonly path: string };

/** Host paths of the per-container files bind-mounted over /etc/{hosts,hostname,resolv.conf}. */
export interface NetworkFiles {
  readonly hosts: string;
  readonly hostname: string;
  readonly resolvConf: string;
}

export interface RlimitPair {
  readonly soft: number;
  readonly hard: number;
}

export interface OciSpecInput {
  readonly args: readonly string[];
  /** Final environment ("K=V"); merging image env, PATH and HOSTNAME is the caller's job. */
  readonly env: readonly string[];
  /** Absolute; default "/". */
  readonly cwd?: string;
  readonly terminal?: boolean;
  readonly hostname: string;
  /** The daemon's current RLIMIT_NOFILE; never raised (no CAP_SYS_RESOURCE is assumed). */
  readonly nofile: RlimitPair;
  readonly network: SpecNetwork;
  readonly files: NetworkFiles;
  readonly binds?: readonly BindMount[];
  /** e.g. "/berth/<id>" (cgroupfs). */
  readonly cgroupsPath: string;
  readonly readonlyRootfs?: boolean;
  /** Extra sysctls; with a private netns, Docker's two defaults are added unless overridden. */
  readonly sysctls?: Readonly<Record<string, string>>;
}

const depth = (p: string): number => p.split("/").filter(Boolean).length;
const isAbs = (p: string): boolean => p.startsWith("/");

function validate(i: OciSpecInput): void {
  if (i.args.length === 0 || i.args[0] === "") throw invalidParameter("No command specified");
  if (i.cwd !== undefined && !isAbs(i.cwd)) throw invalidParameter(`the working directory '${i.cwd}' is invalid, it needs to be an absolute path`);
  const { soft, hard } = i.nofile;
  if (!Number.isInteger(soft) || !Number.isInteger(hard) || soft < 0 || soft > hard) {
    throw invalidParameter(`invalid RLIMIT_NOFILE ${soft}:${hard}`);
  }
  if (i.network.kind === "netns" && !isAbs(i.network.path)) throw invalidParameter(`network namespace path must be absolute: ${i.network.path}`);
  for (const b of i.binds ?? []) {
    if (!isAbs(b.source)) throw invalidParameter(`invalid mount config for type "bind": invalid mount path: '${b.source}' mount path must be absolute`);
    if (!isAbs(b.destination) || b.destination === "/") {
      throw invalidParameter(`invalid mount config for type "bind": invalid mount path: '${b.destination}' mount path must be absolute`);
    }
  }
  for (const e of i.env) if (e.includes("\0")) throw invalidParameter("environment variables must not contain NUL");
}

const normalize = (p: string): string => "/" + p.split("/").filter(Boolean).join("/");

/** Network files, then user binds, stably ordered by depth as Docker sorts them (parents first). */
function containerMounts(i: OciSpecInput): OciMount[] {
  const binds = (i.binds ?? []).map((b): OciMount => ({
    destination: normalize(b.destination),
    type: "bind",
    source: b.source,
    options: b.readonly ? ["rbind", "ro", "rprivate"] : ["rbind", "rprivate"],
  }));
  const taken = new Set(binds.map((b) => b.destination));
  const files: [string, string][] = [
    ["/etc/resolv.conf", i.files.resolvConf],
    ["/etc/hostname", i.files.hostname],
    ["/etc/hosts", i.files.hosts],
  ];
  const net = files
    .filter(([dest]) => !taken.has(dest))
    .map(([destination, source]): OciMount => ({ destination, type: "bind", source, options: ["rbind", "rprivate"] }));
  return [...binds, ...net].map((m, n) => ({ m, n })).sort((a, b) => depth(a.m.destination) - depth(b.m.destination) || a.n - b.n).map((x) => x.m);
}

function mounts(i: OciSpecInput): OciMount[] {
  const own = containerMounts(i);
  const taken = new Set(own.map((m) => m.destination));
  const defaults = DEFAULT_MOUNTS.filter((m) => !taken.has(m.destination) && !(taken.has("/dev") && m.destination.startsWith("/dev/")));
  return [...defaults, ...own];
}

function namespaces(net: SpecNetwork): OciNamespace[] {
  const network: OciNamespace[] = net.kind === "netns" ? [{ type: "network", path: net.path }] : [];
  return [{ type: "mount" }, ...network, { type: "uts" }, { type: "pid" }, { type: "ipc" }];
}

export function buildOciSpec(input: OciSpecInput): OciSpec {
  validate(input);
  const caps = [...DEFAULT_CAPABILITIES];
  const sysctl = { ...(input.network.kind === "netns" ? NETNS_SYSCTLS : {}), ...(input.sysctls ?? {}) };
  return {
    ociVersion: "1.0.2",
    process: {
      terminal: input.terminal ?? false,
      user: { uid: 0, gid: 0 },
      args: [...input.args],
      env: [...input.env],
      cwd: input.cwd ?? "/",
      capabilities: { bounding: caps, effective: caps, permitted: caps },
      rlimits: [{ type: "RLIMIT_NOFILE", hard: input.nofile.hard, soft: input.nofile.soft }],
      noNewPrivileges: false,
    },
    root: { path: "rootfs", readonly: input.readonlyRootfs ?? false },
    hostname: input.hostname,
    mounts: mounts(input),
    linux: {
      ...(Object.keys(sysctl).length > 0 ? { sysctl } : {}),
      resources: { devices: [...DEVICE_RULES] },
      cgroupsPath: input.cgroupsPath,
      namespaces: namespaces(input.network),
      maskedPaths: [...MASKED_PATHS],
      readonlyPaths: [...READONLY_PATHS],
    },
  };
}
