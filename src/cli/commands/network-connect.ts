/** `berth network connect` and `berth network disconnect`, with docker's request bodies. */
import type { EndpointSettingsWire } from "../../api/wire/network.js";
import { boolFlag, opt, type CommandDef } from "../command.js";
import { StatusError } from "../errors.js";
import { intOpt, listOpt, stringSlice, validateLink } from "../flags.js";

/** convertDriverOpt: "k=v" with both sides trimmed; a missing "=" or empty key is an error. */
function driverOpts(list: readonly string[]): Record<string, string> {
  const out = new Map<string, string>();
  for (const o of list) {
    const eq = o.indexOf("=");
    const k = (eq < 0 ? o : o.slice(0, eq)).trim();
    if (eq < 0 || k === "") throw new StatusError(1, "invalid key/value pair format in driver options");
    out.set(k, o.slice(eq + 1).trim());
  }
  return Object.fromEntries(out);
}

export const networkConnect: CommandDef = {
  name: "connect",
  usage: "[OPTIONS] NETWORK CONTAINER",
  summary: "Connect a container to a network",
  args: { exact: 2 },
  options: [
    { flags: "--alias <strings>", help: ["Add network-scoped alias for the container"], parser: () => stringSlice, defaultValue: [] },
    { flags: "--driver-opt <strings>", help: ["driver options for the network"], parser: () => stringSlice, defaultValue: [] },
    { flags: "--gw-priority <int>", help: ["Highest gw-priority provides the default", "gateway. Accepts positive and negative values."], parser: intOpt },
    { flags: "--ip <string>", help: ['IPv4 address (e.g., "172.30.100.104")'] },
    { flags: "--ip6 <string>", help: ['IPv6 address (e.g., "2001:db8::33")'] },
    { flags: "--link <list>", help: ["Add link to another container"], parser: (c, f) => listOpt(c, f, validateLink), defaultValue: [] },
    { flags: "--link-local-ip <strings>", help: ["Add a link-local address for the container"], parser: () => stringSlice, defaultValue: [] },
  ],
  async run(ctx, args, opts) {
    const links = opt<string[]>(opts, "link", []);
    const linkLocal = opt<string[]>(opts, "linkLocalIp", []);
    const ipam: NonNullable<EndpointSettingsWire["IPAMConfig"]> = {};
    if (opt(opts, "ip", "") !== "") ipam.IPv4Address = opt(opts, "ip", "");
    if (opt(opts, "ip6", "") !== "") ipam.IPv6Address = opt(opts, "ip6", "");
    if (linkLocal.length) ipam.LinkLocalIPs = linkLocal;
    const endpoint: EndpointSettingsWire = {
      IPAMConfig: ipam,
      Links: links.length ? links : null,
      Aliases: opt<string[]>(opts, "alias", []),
      DriverOpts: driverOpts(opt<string[]>(opts, "driverOpt", [])),
      GwPriority: opt(opts, "gwPriority", 0),
      DNSNames: null,
    };
    await ctx.client().networkConnect(args[0]!, { Container: args[1]!, EndpointConfig: endpoint });
    return 0;
  },
};

export const networkDisconnect: CommandDef = {
  name: "disconnect",
  usage: "[OPTIONS] NETWORK CONTAINER",
  summary: "Disconnect a container from a network",
  args: { exact: 2 },
  options: [{ flags: "-f, --force", help: ["Force the container to disconnect from a network"], bool: true }],
  async run(ctx, args, opts) {
    await ctx.client().networkDisconnect(args[0]!, { Container: args[1]!, Force: boolFlag(opts, "force") ?? false });
    return 0;
  },
};
