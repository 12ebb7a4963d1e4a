/**
 * Containers as Berth stores and reasons about them (Docker's Config + HostConfig, decoded
 * from the wire by src/api). Desired network attachments live on the container; what is
 * realised in the kernel while it runs is an Endpoint (src/model/endpoint.ts).
 */
import type { ContainerId, NetworkId } from "../lib/ids.js";
import type { EndpointConfig } from "./endpoint.js";

export type ContainerStatus = "created" | "running" | "paused" | "restarting" | "removing" | "exited" | "dead";

export interface PortBinding {
  readonly hostIp: string;
  /** A port, a range "8000-8010", or "" for an ephemeral port. */
  readonly hostPort: string;
}

export interface RestartPolicy {
  readonly name: "no" | "always" | "on-failure" | "unless-stopped";
  readonly maximumRetryCount: number;
}

/** Docker's container Config, the parts Berth honours. */
export interface ContainerConfig {
  readonly hostname: string;
  readonly domainname: string;
  readonly user: string;
  readonly env: readonly string[];
  readonly cmd: readonly string[];
  /** null = the image's entrypoint; [] = explicitly none. */
  readonly entrypoint: readonly string[] | null;
  readonly workingDir: string;
  /** The image reference as the user gave it (e.g. "busybox"). */
  readonly image: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly tty: boolean;
  readonly openStdin: boolean;
  readonly stdinOnce: boolean;
  readonly attachStdin: boolean;
  readonly attachStdout: boolean;
  readonly attachStderr: boolean;
  /** "80/tcp" keys, as Docker's ExposedPorts. */
  readonly exposedPorts: readonly string[];
  readonly stopSignal: string;
  readonly stopTimeout?: number;
  readonly macAddress: string;
}

/** Docker's HostConfig, the parts Berth honours. */
export interface HostConfigSpec {
  /** "bridge" | "host" | "none" | "container:<full id>" | a user network's name. */
  readonly networkMode: string;
  /** "host-path:container-path[:ro|rw]" */
  readonly binds: readonly string[];
  readonly portBindings: Readonly<Record<string, readonly PortBinding[]>>;
  readonly publishAllPorts: boolean;
  /** Legacy links "name:alias" (as given; the API stores them as Docker shows them). */
  readonly links: readonly string[];
  readonly dns: readonly string[];
  readonly dnsSearch: readonly string[];
  readonly dnsOptions: readonly string[];
  /** "host:ip" entries; ip may be "host-gateway". */
  readonly extraHosts: readonly string[];
  readonly restartPolicy: RestartPolicy;
  readonly autoRemove: boolean;
}

/** What `POST /containers/create` asks for, after wire decoding. */
export interface ContainerCreateSpec {
  /** Without the leading slash; undefined = generate one. */
  readonly name?: string;
  readonly config: ContainerConfig;
  readonly hostConfig: HostConfigSpec;
  /** Per-network endpoint settings keyed by network name or id (NetworkingConfig.EndpointsConfig). */
  readonly endpoints: Readonly<Record<string, EndpointConfig>>;
}

export interface ContainerState {
  readonly status: ContainerStatus;
  readonly pid: number;
  readonly exitCode: number;
  readonly error: string;
  /** RFC 3339; "0001-01-01T00:00:00Z" when never. */
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly oomKilled: boolean;
}

export const ZERO_TIME = "0001-01-01T00:00:00Z";

/** A desired attachment: the network (by id, with its name at attach time) and the settings asked for. */
export interface Attachment {
  readonly networkId: NetworkId;
  readonly networkName: string;
  readonly config: EndpointConfig;
}

export interface Container {
  readonly id: ContainerId;
  /** Without the leading slash. */
  readonly name: string;
  readonly created: string;
  /** "sha256:<hex>" of the image at create time. */
  readonly imageId: string;
  readonly config: ContainerConfig;
  readonly hostConfig: HostConfigSpec;
  /** Desired attachments in the order they were made (eth0, eth1, ...). */
  readonly attachments: readonly Attachment[];
  readonly state: ContainerState;
  readonly restartCount: number;
}
