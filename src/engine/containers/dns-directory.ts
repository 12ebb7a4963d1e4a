/**
 * What the embedded DNS knows, computed from the store (pure): every running container's
 * names on each user-defined network it is attached to (DNSNames: name, aliases, short id,
 * hostname), and, per asking container, the networks it may see, its --link aliases and
 * where other names are forwarded. Docker serves names on user-defined networks only; the
 * default bridge, host and none have no service discovery (spec §2.6).
 */
import type { DnsClientView, DnsDirectory, DnsEntry, DnsLink, DnsNetworkView, Upstream } from "../../dns/types.js";
import type { Container } from "../../model/container.js";
import type { Endpoint } from "../../model/endpoint.js";
import type { Network } from "../../model/network.js";
import { endpointDnsNames } from "../../network/sandbox/dns-names.js";
import { parseLink } from "../../network/sandbox/links.js";

export interface DirectoryInput {
  readonly networks: readonly Network[];
  readonly containers: readonly Container[];
  readonly endpoints: readonly Endpoint[];
  readonly hostnameOf: (c: Container) => string;
}

const bare = (cidr: string): string | undefined => (cidr === "" ? undefined : cidr.split("/")[0]);

/** Networks whose members find each other by name: user-defined bridges. */
export function hasServiceDiscovery(n: Network): boolean {
  return !n.predefined && n.driver === "bridge";
}

function entryOf(c: Container, n: Network, ep: Endpoint, hostname: string): DnsEntry {
  const aliases = c.attachments.find((a) => a.networkId === n.id)?.config.aliases ?? [];
  const names = endpointDnsNames({ networkName: n.name, containerName: c.name, aliases, containerId: c.id, hostname }) ?? [];
  const v4 = bare(ep.ipv4Address);
  const v6 = bare(ep.ipv6Address);
  return { containerId: c.id, names, ...(v4 ? { ipv4: v4 } : {}), ...(v6 ? { ipv6: v6 } : {}) };
}

/** The records of every user-defined network (only containers with a live endpoint appear). */
export function buildDirectory(input: DirectoryInput): DnsDirectory {
  const byId = new Map(input.containers.map((c) => [c.id as string, c]));
  const networks: DnsNetworkView[] = input.networks.filter(hasServiceDiscovery).map((n) => {
    const entries = input.endpoints
      .filter((ep) => ep.networkId === n.id)
      .flatMap((ep) => {
        const c = byId.get(ep.containerId);
        return c ? [entryOf(c, n, ep, input.hostnameOf(c))] : [];
      });
    return { id: n.id, name: n.name, internal: n.internal, entries };
  });
  return { networks };
}

/** The container's --link targets as aliases it alone resolves, on networks it shares with them. */
function linksOf(c: Container, input: DirectoryInput, myNets: ReadonlySet<string>): DnsLink[] {
  const specs = [...c.hostConfig.links, ...c.attachments.flatMap((a) => a.config.links)];
  const out: DnsLink[] = [];
  for (const spec of specs) {
    let link;
    try {
      link = parseLink(spec);
    } catch {
      continue;
    }
    const target = input.containers.find((x) => x.name === link.name || x.id === link.name || (link.name.length >= 12 && x.id.startsWith(link.name)));
    if (!target) continue;
    const ep = input.endpoints.find((e) => e.containerId === target.id && myNets.has(e.networkId));
    if (!ep) continue;
    const v4 = bare(ep.ipv4Address);
    const v6 = bare(ep.ipv6Address);
    out.push({ alias: link.alias, ...(v4 ? { ipv4: v4 } : {}), ...(v6 ? { ipv6: v6 } : {}) });
  }
  return out;
}

/**
 * The view of one asking container, or undefined when it is on no user-defined network
 * (then it has no embedded resolver, as in Docker). Internal networks never forward: a
 * container only on internal networks gets NXDOMAIN for names it does not know.
 */
export function clientView(
  c: Container,
  input: DirectoryInput,
  upstreams: readonly Upstream[],
  endpointsOf: (id: string) => readonly Endpoint[] = (id) => input.endpoints.filter((e) => e.containerId === id),
): DnsClientView | undefined {
  const nets = input.networks.filter(hasServiceDiscovery);
  const mine = endpointsOf(c.id).map((e) => e.networkId as string);
  const myNets = nets.filter((n) => mine.includes(n.id));
  if (myNets.length === 0) return undefined;
  const ids = new Set(myNets.map((n) => n.id as string));
  return {
    containerId: c.id,
    networkIds: [...ids],
    links: linksOf(c, input, ids),
    upstreams: [...upstreams],
    forward: myNets.some((n) => !n.internal),
  };
}

/** Endpoints grouped by container, for clientView over many containers at once. */
export function endpointsByContainer(endpoints: readonly Endpoint[]): (id: string) => readonly Endpoint[] {
  const m = new Map<string, Endpoint[]>();
  for (const e of endpoints) {
    const list = m.get(e.containerId);
    if (list) list.push(e);
    else m.set(e.containerId, [e]);
  }
  return (id) => m.get(id) ?? [];
}

/** Whether a container (by its attachments, before it runs) will have an embedded resolver. */
export function wantsResolver(c: Container, networks: readonly Network[]): boolean {
  const mode = c.hostConfig.networkMode;
  if (mode === "host" || mode.startsWith("container:")) return false;
  return c.attachments.some((a) => {
    const n = networks.find((x) => x.id === a.networkId) ?? networks.find((x) => x.name === a.networkName);
    return n !== undefined && hasServiceDiscovery(n);
  });
}
