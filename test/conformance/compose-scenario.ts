/**
 * docker-compose 1.29 (Debian) against a daemon, on compose/docker-compose.yml: up, ps,
 * what the containers and networks look like in inspect, and down.
 */
import path from "node:path";
import { DOCKER, REPO, run, type RunResult } from "../harness/daemon.js";
import { toJson, type Json, type Observations } from "./observations.js";

export const COMPOSE = process.env["BERTH_TEST_COMPOSE"] ?? "/usr/bin/docker-compose";
export const COMPOSE_FILE = path.join(REPO, "test/conformance/compose/docker-compose.yml");

export interface ComposeProject {
  readonly env: Record<string, string>;
  /** Lower-case letters and digits: compose's project name. */
  readonly project: string;
  readonly webPort: number;
}

export function compose(p: ComposeProject, args: readonly string[]): RunResult {
  return run([COMPOSE, "-f", COMPOSE_FILE, "-p", p.project, "--no-ansi", ...args], { ...p.env, CONF_WEB_PORT: String(p.webPort) });
}

export function dockerJson(p: ComposeProject, args: readonly string[]): Record<string, unknown> {
  const r = run([DOCKER, ...args], p.env);
  if (r.code !== 0) throw new Error(`docker ${args.join(" ")}: ${r.stderr}`);
  const list = JSON.parse(r.stdout) as Record<string, unknown>[];
  return list[0] ?? {};
}

export const ctrName = (p: ComposeProject, svc: string): string => `${p.project}_${svc}_1`;
export const netName = (p: ComposeProject, net: string): string => `${p.project}_${net}`;

interface EndpointView { IPAddress: string; Aliases: string[] | null; IPAMConfig: { IPv4Address?: string } | null }

/** What compose made: per container, its networks (sorted aliases), state, ports; per network its IPAM and labels. */
export function composeState(p: ComposeProject): Observations {
  const out: Observations = {};
  for (const svc of ["db", "web", "probe"]) {
    const c = dockerJson(p, ["inspect", ctrName(p, svc)]);
    const eps = ((c["NetworkSettings"] as { Networks: Record<string, EndpointView> }).Networks);
    const nets: Record<string, Json> = {};
    for (const [name, ep] of Object.entries(eps)) {
      nets[name] = { IPAddress: ep.IPAddress, Aliases: [...(ep.Aliases ?? [])].sort(), IPAMConfig: toJson(ep.IPAMConfig) };
    }
    const state = c["State"] as { Status: string; StartedAt: string };
    const host = c["HostConfig"] as { PortBindings: unknown };
    const labels = (c["Config"] as { Labels: Record<string, string> }).Labels;
    out[`${svc}`] = { status: state.Status, startedAt: state.StartedAt, networks: nets, portBindings: toJson(host.PortBindings),
      service: labels["com.docker.compose.service"] ?? null, id12: String(c["Id"]).slice(0, 12) };
  }
  for (const net of ["front", "back"]) {
    const n = dockerJson(p, ["network", "inspect", netName(p, net)]);
    const ipam = n["IPAM"] as { Config: { Subnet?: string; Gateway?: string }[] | null };
    out[`network_${net}`] = { driver: toJson(n["Driver"]), subnet: ipam.Config?.[0]?.Subnet ?? null, gateway: ipam.Config?.[0]?.Gateway ?? null,
      labels: toJson(n["Labels"]), members: Object.values(n["Containers"] as Record<string, { Name: string }>).map((m) => m.Name).sort() };
  }
  return out;
}

/** Whole scenario for scripts/side-by-side: up, state, ps, down, leftovers. */
export function composeScenario(p: ComposeProject): Observations {
  const out: Observations = {};
  try {
    const up = compose(p, ["up", "-d"]);
    out["up"] = up.code;
    if (up.code !== 0) out["up_stderr"] = up.stderr;
    Object.assign(out, composeState(p));
    out["ps"] = psRows(compose(p, ["ps"]).stdout);
  } catch (e) {
    out["exception"] = String(e);
  } finally {
    out["down"] = compose(p, ["down", "-t", "2"]).code;
    out["left_containers"] = run([DOCKER, "ps", "-aq", "--filter", `label=com.docker.compose.project=${p.project}`], p.env).stdout.trim();
    out["left_networks"] = run([DOCKER, "network", "ls", "-q", "--filter", `label=com.docker.compose.project=${p.project}`], p.env).stdout.trim();
  }
  return out;
}

/** `docker-compose ps` rows: name, state, ports (the Command column is free text, maybe truncated). */
export function psRows(stdout: string): Json {
  return stdout.split("\n").slice(2).filter((l) => l.trim() !== "").map((l) => {
    const m = /^(\S+)\s.*?\s(Up|Exit -?\d+|Restarting|Paused)\s*(.*)$/.exec(l.trim());
    return { name: m?.[1] ?? l, state: m?.[2] ?? "", ports: (m?.[3] ?? "").trim() };
  });
}
