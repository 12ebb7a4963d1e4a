/**
 * What the embedded DNS server knows (the engine computes it from the store and replaces it
 * whole with EmbeddedDns.setDirectory): the names on each user-defined network, and per asking
 * container the networks it sees, its --link aliases and where other names go.
 */

/**
 * One container on one network. names: container name, network aliases, 12-char short id,
 * hostname (any case; matching is case-insensitive, a trailing dot is ignored). The first name
 * is the one PTR answers give (Docker: the container name).
 */
export interface DnsEntry {
  containerId: string;
  names: string[];
  ipv4?: string;
  ipv6?: string;
}

export interface DnsNetworkView {
  id: string;
  name: string;
  internal: boolean;
  entries: DnsEntry[];
}

/** A --link alias, visible only to the linking container. */
export interface DnsLink {
  alias: string;
  ipv4?: string;
  ipv6?: string;
}

export interface Upstream {
  address: string;
  port: number;
}

/**
 * One asking container. networkIds in endpoint order (searched in that order); forward is
 * false when all its networks are internal (unknown names then get NXDOMAIN).
 */
export interface DnsClientView {
  containerId: string;
  networkIds: string[];
  links: DnsLink[];
  upstreams: Upstream[];
  forward: boolean;
}

export interface DnsDirectory {
  networks: DnsNetworkView[];
}
