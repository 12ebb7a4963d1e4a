/**
 * The flags of `berth run` and `berth create` (docker's containerOptions, the subset Berth
 * serves) with pflag's value types and the docker CLI's flag-time validators.
 */
import type { OptionDef } from "../command.js";
import type { CommandInfo } from "../errors.js";
import { flagError } from "../errors.js";
import { intOpt, listOpt, validateLabel, validateLink } from "../flags.js";
import { validateAttach, validateDnsSearch, validateEnv, validateExtraHost, validateIpAddress } from "./run-validate.js";
import { parseNetworkOpt, type NetworkAttachment } from "./run-network.js";

const list = (validate: (v: string) => string) => (c: CommandInfo, f: string) => listOpt(c, f, validate);
const plain = (): ((v: string, prev: string[]) => string[]) => (v, prev) => [...prev, v];

function networkParser(cmd: CommandInfo, flag: string): (v: string, prev: NetworkAttachment[]) => NetworkAttachment[] {
  return (v, prev) => {
    try {
      return [...prev, parseNetworkOpt(v)];
    } catch (e) {
      throw flagError(cmd, flag, v, (e as Error).message);
    }
  };
}

/** Flags that are not container configuration (run only). */
export const RUN_ONLY_OPTIONS: readonly OptionDef[] = [
  { flags: "-d, --detach", help: ["Run container in background and print container ID"], bool: true },
  { flags: "--detach-keys <string>", help: ["Override the key sequence for detaching a container"] },
  { flags: "--sig-proxy", help: ["Proxy received signals to the process (default true)"], bool: true },
];

export const CREATE_OPTIONS: readonly OptionDef[] = [
  { flags: "--add-host <list>", help: ["Add a custom host-to-IP mapping (host:ip)"], parser: list(validateExtraHost), defaultValue: [] },
  { flags: "-a, --attach <list>", help: ["Attach to STDIN, STDOUT or STDERR"], parser: list(validateAttach), defaultValue: [] },
  { flags: "--dns <list>", help: ["Set custom DNS servers"], parser: list(validateIpAddress), defaultValue: [] },
  { flags: "--dns-option <list>", help: ["Set DNS options"], parser: plain, defaultValue: [], aliases: ["--dns-opt"] },
  { flags: "--dns-search <list>", help: ["Set custom DNS search domains"], parser: list(validateDnsSearch), defaultValue: [] },
  { flags: "--domainname <string>", help: ["Container NIS domain name"] },
  { flags: "--entrypoint <string>", help: ["Overwrite the default ENTRYPOINT of the image"] },
  { flags: "-e, --env <list>", help: ["Set environment variables"], parser: list(validateEnv), defaultValue: [] },
  { flags: "--env-file <list>", help: ["Read in a file of environment variables"], parser: plain, defaultValue: [] },
  { flags: "--expose <list>", help: ["Expose a port or a range of ports"], parser: plain, defaultValue: [] },
  { flags: "-h, --hostname <string>", help: ["Container host name"] },
  { flags: "-i, --interactive", help: ["Keep STDIN open even if not attached"], bool: true },
  { flags: "--ip <string>", help: ["IPv4 address (e.g., 172.30.100.104)"] },
  { flags: "--ip6 <string>", help: ["IPv6 address (e.g., 2001:db8::33)"] },
  { flags: "-l, --label <list>", help: ["Set meta data on a container"], parser: list(validateLabel), defaultValue: [] },
  { flags: "--link <list>", help: ["Add link to another container"], parser: list(validateLink), defaultValue: [] },
  { flags: "--link-local-ip <list>", help: ["Container IPv4/IPv6 link-local addresses"], parser: plain, defaultValue: [] },
  { flags: "--mac-address <string>", help: ["Container MAC address (e.g., 92:d0:c6:0a:29:33)"] },
  { flags: "--name <string>", help: ["Assign a name to the container"] },
  { flags: "--network <network>", help: ["Connect a container to a network"], parser: networkParser, defaultValue: [], aliases: ["--net"] },
  { flags: "--network-alias <list>", help: ["Add network-scoped alias for the container"], parser: plain, defaultValue: [], aliases: ["--net-alias"] },
  { flags: "--privileged", help: ["Give extended privileges to this container"], bool: true },
  { flags: "-p, --publish <list>", help: ["Publish a container's port(s) to the host"], parser: plain, defaultValue: [] },
  { flags: "-P, --publish-all", help: ["Publish all exposed ports to random ports"], bool: true },
  { flags: "--pull <string>", help: ['Pull image before running ("always", "missing", "never") (default "missing")'] },
  { flags: "--read-only", help: ["Mount the container's root filesystem as read only"], bool: true },
  { flags: "--restart <string>", help: ['Restart policy to apply when a container exits (default "no")'] },
  { flags: "--rm", help: ["Automatically remove the container and its associated anonymous volumes when it exits"], bool: true },
  { flags: "--stop-signal <string>", help: ["Signal to stop the container"] },
  { flags: "--stop-timeout <int>", help: ["Timeout (in seconds) to stop a container"], parser: intOpt },
  { flags: "-t, --tty", help: ["Allocate a pseudo-TTY"], bool: true },
  { flags: "-u, --user <string>", help: ["Username or UID (format: <name|uid>[:<group|gid>])"] },
  { flags: "-v, --volume <list>", help: ["Bind mount a volume"], parser: plain, defaultValue: [] },
  { flags: "-w, --workdir <string>", help: ["Working directory inside the container"] },
];
