/**
 * What the API layer may ask of the engine. The API decodes Docker's wire JSON into these
 * domain types, calls the engine, and encodes the result; it never touches store or kernel.
 */
import type { EndpointConfig, Endpoint } from "../model/endpoint.js";
import type { Network, NetworkCreateSpec } from "../model/network.js";
import type { ContainerService, ExecService } from "./container-contract.js";
import type { ImageService } from "./image-contract.js";

/** A network with its live endpoints (running containers), keyed by container id. */
export interface NetworkDetail {
  readonly network: Network;
  readonly endpoints: readonly Endpoint[];
}

export interface NetworkService {
  /** Every network, with endpoints (list filters such as `dangling` need them). */
  list(): Promise<readonly NetworkDetail[]>;
  /** Finds by full id, then exact name, then unique id prefix (spec §1.5). Throws NotFound / InvalidParameter. */
  inspect(ref: string): Promise<NetworkDetail>;
  create(spec: NetworkCreateSpec): Promise<{ readonly id: string; readonly warning: string }>;
  remove(ref: string): Promise<void>;
  /** Removes unused user networks for which `match` holds; returns their names. */
  prune(match: (n: Network) => boolean): Promise<readonly string[]>;
  connect(ref: string, container: string, config: EndpointConfig): Promise<void>;
  disconnect(ref: string, container: string, force: boolean): Promise<void>;
  /** Berth extension: the live nft rules, chains and map elements Berth made for a network. */
  rules?(ref: string): Promise<readonly string[]>;
}

/** Facts about the daemon for /version and /info. */
export interface DaemonFacts {
  readonly version: string;
  readonly apiVersion: string;
  readonly minApiVersion: string;
  readonly gitCommit: string;
  readonly kernelVersion: string;
  readonly os: string;
  readonly arch: string;
  readonly hostname: string;
  readonly rootDir: string;
  readonly defaultAddressPools: readonly { readonly base: string; readonly size: number }[];
  readonly ipv4Forwarding: boolean;
  readonly firewallBackend: string;
  readonly networkPlugins: readonly string[];
  readonly runtimes: readonly string[];
  readonly defaultRuntime: string;
  readonly cpus: number;
  readonly memTotal: number;
  readonly osName: string;
}

export interface Engine {
  readonly networks: NetworkService;
  /** Present once containers are wired (the containers issue); routes answer 501 without them. */
  readonly containers?: ContainerService;
  readonly images?: ImageService;
  readonly execs?: ExecService;
  facts(): DaemonFacts;
}
