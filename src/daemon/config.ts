/** berthd's command line (node's util.parseArgs: a real parser, no hand-rolled argv walking). */
import { parseArgs } from "node:util";
import path from "node:path";

export interface DaemonConfig {
  readonly root: string;
  readonly execRoot: string;
  readonly socket: string;
  readonly bridgeName: string;
  readonly nftTable: string;
  readonly runtime: string;
  readonly mtu: number;
  readonly hostBindingIpv4: string;
  readonly resolvConf: string;
  readonly debug: boolean;
}

export const USAGE = `Usage: berthd [OPTIONS]

Berth daemon: serves the Docker Engine API for networks on a unix socket.

Options:
      --root string         Root directory of persistent state (default "/var/lib/berth")
      --exec-root string    Root directory of run-time state (default "/run/berth")
  -H, --socket string       Unix socket to listen on (default "<exec-root>/berth.sock")
      --bridge string       Linux bridge of the default "bridge" network (default "berth0")
      --nft-table string    Name of Berth's nftables tables (default "berth")
      --runtime string      OCI runtime binary: runc or crun (default "runc")
      --mtu int             MTU of the default bridge network (default 1500)
      --ip string           Default host address for published ports (default "0.0.0.0")
      --resolv-conf string  The host resolv.conf containers' DNS is based on (default "/etc/resolv.conf")
  -D, --debug               Log every request
  -h, --help                Print this help
`;

export function parseDaemonArgs(argv: readonly string[]): DaemonConfig | "help" {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      root: { type: "string", default: "/var/lib/berth" },
      "exec-root": { type: "string", default: "/run/berth" },
      socket: { type: "string", short: "H" },
      bridge: { type: "string", default: "berth0" },
      "nft-table": { type: "string", default: "berth" },
      runtime: { type: "string", default: "runc" },
      mtu: { type: "string", default: "1500" },
      ip: { type: "string", default: "0.0.0.0" },
      "resolv-conf": { type: "string", default: "/etc/resolv.conf" },
      debug: { type: "boolean", short: "D", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return "help";
  const execRoot = path.resolve(values["exec-root"]);
  const socket = (values.socket ?? path.join(execRoot, "berth.sock")).replace(/^unix:\/\//, "");
  const mtu = Number(values.mtu);
  if (!Number.isInteger(mtu) || mtu < 68 || mtu > 65535) throw new Error(`invalid --mtu ${values.mtu}`);
  if (!/^[a-z][a-z0-9_]{0,30}$/.test(values["nft-table"])) throw new Error(`invalid --nft-table ${values["nft-table"]}`);
  return {
    root: path.resolve(values.root),
    execRoot,
    socket: path.resolve(socket),
    bridgeName: values.bridge,
    nftTable: values["nft-table"],
    runtime: values.runtime,
    mtu,
    hostBindingIpv4: values.ip,
    resolvConf: path.resolve(values["resolv-conf"]),
    debug: values.debug,
  };
}
