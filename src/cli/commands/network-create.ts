/** `berth network create`: docker's flags, client-side IPAM checks and request body. */
import type { NetworkCreateRequestWire } from "../../api/wire/network.js";
import { boolFlag, opt, type CommandDef } from "../command.js";
import { StatusError } from "../errors.js";
import { listOpt, mapOpt, stringSlice, toRecord, validateLabel } from "../flags.js";
import { createIpamConfig } from "./create-ipam.js";

type Pairs = [string, string][];

/** opts.ConvertKVStringsToMap. */
function labelsToRecord(labels: readonly string[]): Record<string, string> {
  return toRecord(labels.map((l) => {
    const eq = l.indexOf("=");
    return eq < 0 ? [l, ""] : [l.slice(0, eq), l.slice(eq + 1)];
  }));
}

export const networkCreate: CommandDef = {
  name: "create",
  usage: "[OPTIONS] NETWORK",
  summary: "Create a network",
  args: { exact: 1 },
  options: [
    { flags: "--attachable", help: ["Enable manual container attachment"], bool: true },
    { flags: "--aux-address <map>", help: ["Auxiliary IPv4 or IPv6 addresses used by", "Network driver (default map[])"], parser: () => mapOpt, defaultValue: [] },
    { flags: "--config-from <string>", help: ["The network from which to copy the configuration"] },
    { flags: "--config-only", help: ["Create a configuration only network"], bool: true },
    { flags: "-d, --driver <string>", help: ['Driver to manage the Network (default "bridge")'] },
    { flags: "--gateway <strings>", help: ["IPv4 or IPv6 Gateway for the master subnet"], parser: () => stringSlice, defaultValue: [] },
    { flags: "--ingress", help: ["Create swarm routing-mesh network"], bool: true },
    { flags: "--internal", help: ["Restrict external access to the network"], bool: true },
    { flags: "--ip-range <strings>", help: ["Allocate container ip from a sub-range"], parser: () => stringSlice, defaultValue: [] },
    { flags: "--ipam-driver <string>", help: ['IP Address Management Driver (default "default")'] },
    { flags: "--ipam-opt <map>", help: ["Set IPAM driver specific options (default map[])"], parser: () => mapOpt, defaultValue: [] },
    { flags: "--ipv4", help: ["Enable or disable IPv4 address assignment", "(default true)"], bool: true },
    { flags: "--ipv6", help: ["Enable or disable IPv6 address assignment"], bool: true },
    { flags: "--label <list>", help: ["Set metadata on a network"], parser: (c, f) => listOpt(c, f, validateLabel), defaultValue: [] },
    { flags: "-o, --opt <map>", help: ["Set driver specific options (default map[])"], parser: () => mapOpt, defaultValue: [] },
    { flags: "--scope <string>", help: ["Control the network's scope"] },
    { flags: "--subnet <strings>", help: ["Subnet in CIDR format that represents a", "network segment"], parser: () => stringSlice, defaultValue: [] },
  ],
  async run(ctx, args, opts) {
    let config;
    try {
      config = createIpamConfig({
        subnets: opt<string[]>(opts, "subnet", []),
        ipRanges: opt<string[]>(opts, "ipRange", []),
        gateways: opt<string[]>(opts, "gateway", []),
        auxAddresses: opt<Pairs>(opts, "auxAddress", []),
      });
    } catch (e) {
      throw new StatusError(1, (e as Error).message);
    }
    const configFrom = opt(opts, "configFrom", "");
    const req: NetworkCreateRequestWire = {
      Name: args[0]!,
      Driver: opt(opts, "driver", "bridge"),
      Scope: opt(opts, "scope", ""),
      IPAM: { Driver: opt(opts, "ipamDriver", "default"), Options: toRecord(opt<Pairs>(opts, "ipamOpt", [])), Config: config },
      Internal: boolFlag(opts, "internal") ?? false,
      Attachable: boolFlag(opts, "attachable") ?? false,
      Ingress: boolFlag(opts, "ingress") ?? false,
      ConfigOnly: boolFlag(opts, "config-only") ?? false,
      ConfigFrom: configFrom === "" ? null : { Network: configFrom },
      Options: toRecord(opt<Pairs>(opts, "opt", [])),
      Labels: labelsToRecord(opt<string[]>(opts, "label", [])),
    };
    const ipv4 = boolFlag(opts, "ipv4");
    const ipv6 = boolFlag(opts, "ipv6");
    if (ipv4 !== undefined) req.EnableIPv4 = ipv4;
    if (ipv6 !== undefined) req.EnableIPv6 = ipv6;
    const resp = await ctx.client().networkCreate(req);
    ctx.io.stdout(resp.Id + "\n");
    return 0;
  },
};
