/**
 * The docker CLI's parse() for `run`/`create`: flags into the Config, HostConfig and
 * NetworkingConfig of POST /containers/create, with its checks in its order.
 */
import { readFileSync } from "node:fs";
import type { PortBindingWire } from "../../api/wire/container.js";
import type { EndpointSettingsWire } from "../../api/wire/network.js";
import { boolFlag, opt } from "../command.js";
import { toRecord } from "../flags.js";
import { endpointsConfig, type NetworkAttachment } from "./run-network.js";
import { parsePorts, parseVolumes } from "./run-ports.js";
import { isValidMac, parseEnvFile, parseRestartPolicy } from "./run-validate.js";

type Opts = Readonly<Record<string, unknown>>;

/** What `run`/`create` send, before encoding (see wire-encode-container.ts). */
export interface CreateSpec {
  readonly name: string;
  readonly config: {
    Hostname: string;
    Domainname: string;
    User: string;
    AttachStdin: boolean;
    AttachStdout: boolean;
    AttachStderr: boolean;
    ExposedPorts: string[];
    Tty: boolean;
    OpenStdin: boolean;
    StdinOnce: boolean;
    Env: string[] | null;
    Cmd: string[] | null;
    Image: string;
    Volumes: string[];
    WorkingDir: string;
    Entrypoint: string[] | null;
    Labels: Record<string, string>;
    StopSignal: string;
    StopTimeout: number | undefined;
  };
  readonly hostConfig: {
    Binds: string[] | null;
    NetworkMode: string;
    PortBindings: Map<string, PortBindingWire[]>;
    RestartPolicy: { Name: string; MaximumRetryCount: number };
    AutoRemove: boolean;
    ConsoleSize: [number, number];
    Dns: string[];
    DnsOptions: string[];
    DnsSearch: string[];
    ExtraHosts: string[] | null;
    Links: string[] | null;
    Privileged: boolean;
    PublishAllPorts: boolean;
    ReadonlyRootfs: boolean;
  };
  readonly endpoints: Map<string, EndpointSettingsWire>;
}

const list = (o: Opts, k: string): string[] => opt<string[]>(o, k, []);

/** ConvertKVStringsToMapWithNil then back to a list: later values win, bare names stay bare. */
function dedupeEnv(env: readonly string[], lookup: (k: string) => string | undefined): string[] {
  const m = new Map<string, string | undefined>();
  for (const e of env) {
    const eq = e.indexOf("=");
    if (eq >= 0) m.set(e.slice(0, eq), e.slice(eq + 1));
    else {
      const v = lookup(e);
      m.set(e, v);
    }
  }
  return [...m].map(([k, v]) => (v === undefined ? k : `${k}=${v}`));
}

function readEnv(o: Opts, lookup: (k: string) => string | undefined): string[] | null {
  const fromFiles: string[] = [];
  for (const f of list(o, "envFile")) {
    let content: Buffer;
    try {
      content = readFileSync(f);
    } catch (e) {
      throw new Error(`open ${f}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file or directory" : (e as Error).message}`);
    }
    fromFiles.push(...parseEnvFile(f, content, lookup));
  }
  const all = [...fromFiles, ...dedupeEnv(list(o, "env"), lookup)];
  return all.length ? all : null;
}

function labelsOf(labels: readonly string[]): Record<string, string> {
  return toRecord(labels.map((l) => {
    const eq = l.indexOf("=");
    return eq < 0 ? [l, ""] : [l.slice(0, eq), l.slice(eq + 1)];
  }));
}

export interface ParseEnv {
  readonly lookupEnv: (k: string) => string | undefined;
  readonly cwd: string;
  readonly consoleSize: [number, number];
}

/** parse(): throws Error with the docker CLI's message (printed as "berth: MSG" + help hint, exit 125). */
export function parseCreate(o: Opts, image: string, args: readonly string[], env: ParseEnv): CreateSpec {
  const mac = opt<string>(o, "macAddress", "");
  if (mac !== "" && !isValidMac(mac.trim())) throw new Error(`${mac} is not a valid mac address`);
  const attach = list(o, "attach");
  const stdin = boolFlag(o, "interactive") ?? false;
  const attachStdin = attach.includes("stdin") || stdin;
  const attachAll = attach.length === 0;
  const { binds, anonymous } = parseVolumes(list(o, "volume"), env.cwd);
  const entrypointGiven = o["entrypoint"] !== undefined;
  const entrypoint = opt(o, "entrypoint", "");
  const ports = parsePorts(list(o, "publish"), list(o, "expose"));
  const envList = readEnv(o, env.lookupEnv);
  const restart = parseRestartPolicy(opt(o, "restart", "no"));
  const autoRemove = boolFlag(o, "rm") ?? false;
  if (autoRemove && restart.Name !== "no" && restart.Name !== "") throw new Error("conflicting options: cannot specify both --restart and --rm");
  const extraHosts = list(o, "addHost");
  const links = list(o, "link");
  const networks = opt<NetworkAttachment[]>(o, "network", []);
  const endpoints = endpointsConfig(networks, {
    aliases: list(o, "networkAlias"), links, ipv4: opt(o, "ip", ""), ipv6: opt(o, "ip6", ""), macAddress: mac, linkLocalIPs: list(o, "linkLocalIp"),
  });
  const tty = boolFlag(o, "tty") ?? false;
  return {
    name: opt(o, "name", ""),
    config: {
      Hostname: opt(o, "hostname", ""), Domainname: opt(o, "domainname", ""), User: opt(o, "user", ""),
      AttachStdin: attachStdin, AttachStdout: attachAll || attach.includes("stdout"), AttachStderr: attachAll || attach.includes("stderr"),
      ExposedPorts: [...ports.exposed], Tty: tty, OpenStdin: stdin, StdinOnce: stdin && attachStdin,
      Env: envList, Cmd: args.length ? [...args] : null, Image: image, Volumes: anonymous, WorkingDir: opt(o, "workdir", ""),
      Entrypoint: entrypoint !== "" ? [entrypoint] : entrypointGiven ? [""] : null,
      Labels: labelsOf(list(o, "label")), StopSignal: opt(o, "stopSignal", ""), StopTimeout: opt<number | undefined>(o, "stopTimeout", undefined),
    },
    hostConfig: {
      Binds: binds.length ? binds : null, NetworkMode: networks[0]?.target ?? "default", PortBindings: ports.bindings, RestartPolicy: restart,
      AutoRemove: autoRemove, ConsoleSize: env.consoleSize, Dns: list(o, "dns"), DnsOptions: list(o, "dnsOption"), DnsSearch: list(o, "dnsSearch"),
      ExtraHosts: extraHosts.length ? extraHosts : null, Links: links.length ? links : null, Privileged: boolFlag(o, "privileged") ?? false,
      PublishAllPorts: boolFlag(o, "publish-all") ?? false, ReadonlyRootfs: boolFlag(o, "read-only") ?? false,
    },
    endpoints,
  };
}
