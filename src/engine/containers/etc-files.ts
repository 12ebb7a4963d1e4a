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
import { ETC_RESOLV_CONF, renderResolvConf, resolvConfSourcePath, type ResolvConfResult } from "../../network/sandbox/resolv-conf.js";
import type { Upstream } from "../../dns/types.js";
import type { NetworkFileContents } from "../../runtime/bundle.js";
import type { Store } from "../../store/store.js";
import type { ContainerRunner } from "./container-runner.js";
import { wantsResolver } from "./dns-directory.js";

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

  /**
   * The running containers this one links to, with their default-bridge addresses. Legacy
   * links (hosts entries, env) exist on the default bridge only; on user-defined networks a
   * link is a name only the linking container resolves, served by the embedded DNS.
   */
  private links(c: Container): { child: Container; alias: string; v4: string; v6: string }[] {
    const bridge = this.store.networks.all().find((n) => n.predefined && n.name === "bridge");
    if (!c.attachments.some((a) => a.networkId === bridge?.id)) return [];
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
      // The sandbox's lo always has ::1 (only new interfaces start with IPv6 off), so Docker
      // writes the IPv6 localhost lines for every container.
      ipv6Enabled: true,
      own: { hostname: this.runner.hostnameOf(c), domainname: c.config.domainname, addresses },
      extraHosts: expandExtraHosts(c.hostConfig.extraHosts, this.bridgeGateways()),
      links,
    });
  }

  /** resolv.conf as Docker writes it: 127.0.0.11 on user-defined networks, the host's servers otherwise. */
  private async resolv(c: Container): Promise<ResolvConfResult> {
    const mode = c.hostConfig.networkMode;
    const etc = await readText(this.hostResolvConf);
    const hostMode = mode === "host";
    const hasOverrides = c.hostConfig.dns.length + c.hostConfig.dnsSearch.length + c.hostConfig.dnsOptions.length > 0;
    // The daemon's --resolv-conf stands in for /etc/resolv.conf (tests give a file of their own).
    const chosen = resolvConfSourcePath(etc, hostMode, hasOverrides);
    const sourcePath = chosen === ETC_RESOLV_CONF ? this.hostResolvConf : chosen;
    const hostText = sourcePath === this.hostResolvConf ? etc : await readText(sourcePath);
    const ipv6 = this.store.endpoints.byContainer(c.id).some((e) => parsePrefix(e.ipv6Address) !== undefined);
    return renderResolvConf({
      mode: hostMode ? "host" : wantsResolver(c, this.store.networks.all()) ? "internal" : "legacy",
      hostText,
      sourcePath,
      ipv6,
      dns: c.hostConfig.dns,
      dnsSearch: c.hostConfig.dnsSearch,
      dnsOptions: c.hostConfig.dnsOptions,
    });
  }

  /** Where the container's embedded DNS forwards names it does not know. */
  async upstreams(c: Container): Promise<Upstream[]> {
    const r = await this.resolv(c);
    return r.upstreams.map((u) => ({ address: u.addr, port: 53 }));
  }

  async render(c: Container): Promise<NetworkFileContents> {
    const mode = c.hostConfig.networkMode;
    if (mode.startsWith("container:")) {
      const target = this.runner.paths(mode.slice("container:".length)).files;
      return { hosts: await readText(target.hosts), hostname: await readText(target.hostname), resolvConf: await readText(target.resolvConf) };
    }
    const hostMode = mode === "host";
    const resolv = await this.resolv(c);
    const hosts = hostMode && c.hostConfig.extraHosts.length === 0 ? await readText("/etc/hosts") : this.hosts(c);
    return { hosts, hostname: renderHostname(this.runner.hostnameOf(c)), resolvConf: resolv.content };
  }

  /**
   * Rewrites /etc/hosts of a running container in place, and /etc/resolv.conf when joining or
   * leaving user-defined networks switches it between the embedded DNS and the host's servers
   * (as Docker's rebuildDNS does when a resolver starts).
   */
  async refresh(c: Container): Promise<void> {
    if (c.hostConfig.networkMode.startsWith("container:") || c.hostConfig.networkMode === "host") return;
    const files = this.runner.paths(c.id).files;
    await writeFile(files.hosts, this.hosts(c));
    const current = await readText(files.resolvConf);
    const internal = wantsResolver(c, this.store.networks.all());
    if (internal !== /\(internal resolver\)/.test(current)) await writeFile(files.resolvConf, (await this.resolv(c)).content);
  }
}
