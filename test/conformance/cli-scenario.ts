/**
 * The docker CLI (28) against a daemon: inspect JSON field names and types, /etc/hosts and
 * /etc/resolv.conf inside containers, exit codes and error texts. Returns observations;
 * cleans up what it made.
 */
import { DOCKER, run, type RunResult } from "../harness/daemon.js";
import { shapeOf, toJson, type Json, type Observations } from "./observations.js";

export interface Target {
  /** DOCKER_HOST (and DOCKER_CONFIG) for the clients. */
  readonly env: Record<string, string>;
}

const SLEEPER = ["sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"];

export function cliScenario(target: Target, prefix: string): Observations {
  const docker = (args: readonly string[]): RunResult => run([DOCKER, ...args], target.env);
  const out: Observations = {};
  const NET = `${prefix}net`;
  const CTR = `${prefix}ctr`;
  try {
    steps(docker, out, NET, CTR, prefix);
  } catch (e) {
    out["exception"] = String(e);
  } finally {
    docker(["rm", "-f", CTR, `${prefix}peer`]);
    docker(["network", "rm", NET]);
  }
  return out;
}

/** Exit code and the stderr text of a failing command. */
const outcome = (r: RunResult): Json => ({ code: r.code, stderr: r.stderr.trim() });

function must(r: RunResult, what: string): string {
  if (r.code !== 0) throw new Error(`${what} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

function steps(docker: (a: readonly string[]) => RunResult, out: Observations, NET: string, CTR: string, prefix: string): void {
  must(docker(["network", "create", "--subnet", "10.125.0.0/24", "--gateway", "10.125.0.1", "--label", "k=v", NET]), "network create");
  const netInspect = JSON.parse(must(docker(["network", "inspect", NET]), "network inspect")) as Record<string, unknown>[];
  const net = netInspect[0] ?? {};
  out["network_inspect_fields"] = Object.keys(net);
  out["network_inspect_shape"] = shapeOf(net);
  out["network_inspect_ipam"] = toJson(net["IPAM"]);
  out["network_ls_header"] = must(docker(["network", "ls"]), "network ls").split("\n")[0] ?? "";
  out["network_ls_format"] = must(docker(["network", "ls", "--filter", `name=${NET}`, "--format", "{{.Name}} {{.Driver}} {{.Scope}} {{.Internal}} {{.Labels}}"]), "ls").trim();

  must(docker(["run", "-d", "--name", CTR, "--net", NET, "--ip", "10.125.0.9", "--hostname", "cli-host", "--network-alias", "cli-alias",
    "--add-host", "extra.test:10.9.9.9", "busybox", ...SLEEPER]), "run -d");
  const ci = (JSON.parse(must(docker(["inspect", CTR]), "inspect")) as Record<string, unknown>[])[0] ?? {};
  const ns = (ci["NetworkSettings"] ?? {}) as Record<string, unknown>;
  const eps = (ns["Networks"] ?? {}) as Record<string, unknown>;
  out["container_inspect_top_fields"] = Object.keys(ci);
  out["network_settings_fields"] = Object.keys(ns);
  out["network_settings_shape"] = shapeOf(ns);
  out["endpoint_fields"] = Object.keys((eps[NET] ?? {}) as object);
  out["endpoint_shape"] = shapeOf(eps[NET]);
  out["endpoint"] = pick(eps[NET], ["IPAddress", "IPPrefixLen", "Gateway", "Aliases", "IPAMConfig"]);
  const members = (JSON.parse(must(docker(["network", "inspect", NET, "-f", "{{json .Containers}}"]), "members")) ?? {}) as Record<string, unknown>;
  out["network_member_shape"] = shapeOf(Object.values(members)[0]);
  out["network_member"] = pick(Object.values(members)[0], ["Name", "IPv4Address", "IPv6Address"]);

  out["hosts_user_network"] = must(docker(["exec", CTR, "cat", "/etc/hosts"]), "hosts");
  out["hostname_file"] = must(docker(["exec", CTR, "cat", "/etc/hostname"]), "hostname");
  out["resolv_user_network"] = must(docker(["exec", CTR, "cat", "/etc/resolv.conf"]), "resolv");
  out["resolv_default_bridge"] = must(docker(["run", "--rm", "busybox", "cat", "/etc/resolv.conf"]), "resolv bridge");
  out["resolv_dns_flags"] = must(docker(["run", "--rm", "--dns", "10.0.0.53", "--dns-search", "example.test", "--dns-option", "ndots:2",
    "busybox", "cat", "/etc/resolv.conf"]), "resolv --dns");
  const hostsAndLo = (args: readonly string[]): Json => {
    const r = must(docker(["run", "--rm", ...args, "busybox", "sh", "-c", "cat /etc/hosts; echo ---; ip -6 addr show lo"]), "hosts");
    const [hosts = "", lo = ""] = r.split("---\n");
    return { hosts, loHasIPv6: /inet6 ::1\//.test(lo) };
  };
  out["hosts_lo_user_network"] = hostsAndLo(["--net", NET, "--hostname", "u1"]);
  out["hosts_lo_default_bridge"] = hostsAndLo(["--hostname", "plain"]);
  out["hosts_lo_none"] = hostsAndLo(["--net", "none", "--hostname", "lonely"]);

  out["exit_run_3"] = docker(["run", "--rm", "busybox", "sh", "-c", "exit 3"]).code;
  out["exit_exec_5"] = docker(["exec", CTR, "sh", "-c", "exit 5"]).code;
  out["exit_missing_binary"] = outcome(docker(["run", "--rm", "busybox", "/no/such/binary"])) ;
  out["exit_not_executable"] = docker(["run", "--rm", "busybox", "/etc"]).code;
  out["exit_unknown_network"] = outcome(docker(["run", "--rm", "--net", `${prefix}nosuch`, "busybox", "true"]));
  out["exit_inspect_unknown"] = outcome(docker(["inspect", `${prefix}nosuch`]));
  out["exit_network_inspect_unknown"] = outcome(docker(["network", "inspect", `${prefix}nosuch`]));
  out["exit_network_rm_unknown"] = outcome(docker(["network", "rm", `${prefix}nosuch`]));
  out["exit_network_create_dup"] = outcome(docker(["network", "create", NET]));
  out["exit_network_rm_in_use"] = outcome(docker(["network", "rm", NET]));
  out["exit_rm_running"] = outcome(docker(["rm", CTR]));
  out["exit_connect_twice"] = outcome(docker(["network", "connect", NET, CTR]));
  out["exit_wait"] = (() => {
    must(docker(["run", "-d", "--name", `${prefix}peer`, "busybox", "sh", "-c", "exit 4"]), "run peer");
    return docker(["wait", `${prefix}peer`]).stdout.trim();
  })();
}

function pick(v: unknown, keys: readonly string[]): Json {
  const o = (v ?? {}) as Record<string, unknown>;
  const out: Record<string, Json> = {};
  for (const k of keys) out[k] = toJson(o[k]);
  return out;
}
