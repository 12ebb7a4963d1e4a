/**
 * /etc/hostname and the default Config.Hostname, as Docker sets them.
 *
 * - /etc/hostname holds Config.Hostname and a newline. (Docker ≤ 24 wrote
 *   "<hostname>.<domainname>" when a domainname was set; current releases write the hostname
 *   only.) The domainname goes to the UTS namespace and to /etc/hosts, not to this file.
 * - Default hostname (daemon newContainer/generateHostname): the first 12 characters of the
 *   container id; with host networking, the host's hostname (os.Hostname()).
 * - container:<x> mode: at start the container takes the owner's Hostname and Domainname,
 *   and uses the owner's hostname/hosts/resolv.conf files.
 */
import { shortId } from "../../lib/ids.js";

export function renderHostname(hostname: string): string {
  return `${hostname}\n`;
}

/** Config.Hostname when the client gave none. */
export function defaultHostname(containerId: string, networkMode: string, hostHostname: string): string {
  return networkMode === "host" ? hostHostname : shortId(containerId);
}
