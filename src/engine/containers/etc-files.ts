/**
 * The files Berth writes for a container and bind-mounts over /etc/hosts, /etc/hostname and
 * /etc/resolv.conf, rendered by the pure functions in src/network/sandbox. Rewritten in
 * place (same inode, so the bind mount sees it) on connect, disconnect and rename.
 */
import { readFile, writeFile } from "node:fs/promises";
import { conflict } from "../../lib/errors.js";
import { parsePrefix } from "../../lib/ip.js";
import type { Container } from "../../model/container.js";
import { expandExtraHosts, renderHosts } from "../../network/sandbox/etc-hosts.js";
import { renderHostname } from "../../network/sandbox/hostname.js";
import { linkEnvVars, parseLink, type LinkHostsEntry } from "../../network/sandbox/links.js";
import { hostResolvConfPath, renderResolvConf, resolvConfSourcePath } from "../../network/sandbox/resolv-conf.js";
import type { NetworkFileContents } from "../../runtime/bundle.js";
import type { Store } from "../../store/store.js";
import type { ContainerRunner } from "./container-runner.js";

const stripPrefix = (cidr: string): string => cidr.split("/")[0] ?? "";

async function readText(path: string): Promise<string> {
  return readFile(path, "utf8").catch(() => "");
}

export class EtcFiles {
  constructor(
    private readonly store: Store,
    private readonly runner: ContainerRunner,
    /** Where the host's resolv.conf lives (tests point this at a fake). */
    private readonly hostResolvConf = "/etc/resolv.conf",
  ) {}

  private bridgeGateways(): string[] {
    const bridge = this.store.networks.all().find((n) => n.predefined && n.name === "bridge");
    return (bridge?.ipam.config ?? []).map((p) => p.gateway ?? "").filter((g) => g !== "");
  }

  /** The running containers this one links to, with their default-bridge addresses. */
  private links(c: Container): { child: Container; alias: string; v4: string; v6: string }[] {
    const bridge = this.store.networks.all().find((n) => n.predefined && n.name === "bridge");
    return c.hostConfig.links.map((l) => {
      const { name, alias } = parseLink(l);
      const child = this.store.containers.all().find((x) => x.name === name.replace(/^\//, ""));
      if (!child || child.state.status !== "running") throw conflict(`Cannot link to a non running container: /${name.replace(/^\//, "")} AS /${c.name}/${alias}`);
      const ep = this.store.endpoints.byContainer(child.id).find((e) => e.networkId === bridge?.id);
      if (!ep) throw conflict(`Cannot link to /${child.name}, as it does not belong to the default network`);
      return { child, alias, v4: stripPrefix(ep.ipv4Address), v6: stripPrefix(ep.ipv6Address) };
    });
  }

  async linkEnv(c: Container): Promise<string[]> {
    return this.links(c).flatMap((l) =>
      linkEnvVars({ parentName: c.name, alias: l.alias, childIp: l.v4, childEnv: l.child.config.env, exposedPorts: l.child.config.exposedPorts }),
    );
  }

  private hosts(c: Container): string {
    const eps = this.store.endpoints.byContainer(c.id);
    const addresses = [...eps.map((e) => e.ipv4Address), ...eps.map((e) => e.ipv6Address)].filter((a) => a !== "").map(stripPrefix);
    const links: LinkHostsEntry[] = this.links(c).map((l) => ({
      alias: l.alias,
      name: l.child.name,
      hostname: this.runner.hostnameOf(l.child),
      ipv4: l.v4,
      ipv6: l.v6,
    }));
    return renderHosts({
      ipv6Enabled: eps.some((e) => e.ipv6Address !== ""),
      own: { hostname: this.runner.hostnameOf(c), domainname: c.config.domainname, addresses },
      extraHosts: expandExtraHosts(c.hostConfig.extraHosts, this.bridgeGateways()),
      links,
    });
  }

  async render(c: Container): Promise<NetworkFileContents> {
    const mode = c.hostConfig.networkMode;
    if (mode.startsWith("container:")) {
      const target = this.runner.paths(mode.slice("container:".length)).files;
      return { hosts: await readText(target.hosts), hostname: await readText(target.hostname), resolvConf: await readText(target.resolvConf) };
    }
    const etc = await readText(this.hostResolvConf);
    const hostMode = mode === "host";
    const hasOverrides = c.hostConfig.dns.length + c.hostConfig.dnsSearch.length + c.hostConfig.dnsOptions.length > 0;
    const sourcePath = resolvConfSourcePath(etc, hostMode, hasOverrides);
    const hostText = sourcePath === this.hostResolvConf ? etc : await readText(hostResolvConfPath(etc));
    const ipv6 = this.store.endpoints.byContainer(c.id).some((e) => parsePrefix(e.ipv6Address) !== undefined);
    // The embedded DNS (127.0.0.11) arrives with the DNS issue; until then every container
    // gets the host's resolvers as on the default bridge.
    const resolv = renderResolvConf({
      mode: hostMode ? "host" : "legacy",
      hostText,
      sourcePath,
      ipv6,
      dns: c.hostConfig.dns,
      dnsSearch: c.hostConfig.dnsSearch,
      dnsOptions: c.hostConfig.dnsOptions,
    });
    const hosts = hostMode && c.hostConfig.extraHosts.length === 0 ? await readText("/etc/hosts") : this.hosts(c);
    return { hosts, hostname: renderHostname(this.runner.hostnameOf(c)), resolvConf: resolv.content };
  }

  /** Rewrites /etc/hosts and /etc/hostname of a running container in place. */
  async refresh(c: Container): Promise<void> {
    if (c.hostConfig.networkMode.startsWith("container:") || c.hostConfig.networkMode === "host") return;
    const files = this.runner.paths(c.id).files;
    await writeFile(files.hosts, this.hosts(c));
  }
}
