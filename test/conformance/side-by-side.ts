/**
 * `scripts/side-by-side [--scenarios cli,docker-py,dockerode,compose] [BERTH_HOST [DOCKERD_HOST]]`:
 * runs the conformance scenarios against berthd and, when one answers, a dockerd; normalises
 * both outputs (ids, timestamps, MACs masked) and lists every difference. Prints
 * "dockerd not present" and exits 0 when there is no dockerd. Exit 1 when outputs differ.
 * The e2e suite never depends on this: its verdicts are Berth against Docker's documented behaviour.
 */
import { DOCKER, REPO, run } from "../harness/daemon.js";
import { busyboxTar } from "../harness/busybox.js";
import path from "node:path";
import { cliScenario } from "./cli-scenario.js";
import { composeScenario } from "./compose-scenario.js";
import { dockerodeScenario } from "./dockerode-scenario.js";
import { diff, normalise } from "./normalise.js";
import type { Json, Observations } from "./observations.js";

type Scenario = (host: string) => Promise<Observations>;
const PREFIX = "sbs-";

const SCENARIOS: Record<string, Scenario> = {
  cli: async (host) => cliScenario({ env: envFor(host) }, PREFIX),
  "docker-py": async (host) => {
    const r = run(["/usr/bin/python3", path.join(REPO, "test/conformance/docker-py/scenario.py"), host, PREFIX]);
    return r.code === 0 ? (JSON.parse(r.stdout) as Observations) : { exception: r.stderr };
  },
  dockerode: (host) => dockerodeScenario(socketOf(host), PREFIX),
  compose: async (host) => composeScenario({ env: envFor(host), project: "sbs", webPort: Number(process.env["SBS_WEB_PORT"] ?? 18080) }),
};

const envFor = (host: string): Record<string, string> => ({ DOCKER_HOST: host });
function socketOf(host: string): string {
  if (!host.startsWith("unix://")) throw new Error(`only unix:// hosts are supported: ${host}`);
  return host.slice("unix://".length);
}

const answers = (host: string): boolean => run([DOCKER, "version", "--format", "{{.Server.APIVersion}}"], envFor(host)).code === 0;

function ensureBusybox(host: string): void {
  if (run([DOCKER, "image", "inspect", "busybox:latest"], envFor(host)).code === 0) return;
  const r = run([DOCKER, "import", "-c", 'CMD ["sh"]', busyboxTar(), "busybox:latest"], envFor(host));
  if (r.code !== 0) throw new Error(`importing busybox into ${host}: ${r.stderr}`);
}

export interface SideBySideResult {
  readonly differences: Record<string, string[]>;
}

export async function sideBySide(berth: string, dockerd: string, names: readonly string[]): Promise<SideBySideResult> {
  const differences: Record<string, string[]> = {};
  for (const name of names) {
    const scenario = SCENARIOS[name];
    if (!scenario) throw new Error(`unknown scenario ${name}; known: ${Object.keys(SCENARIOS).join(", ")}`);
    const a = normalise((await scenario(berth)) as Json);
    const b = normalise((await scenario(dockerd)) as Json);
    differences[name] = diff(a, b);
  }
  return { differences };
}

function parseArgs(argv: readonly string[]): { names: string[]; berth: string; dockerd: string } {
  let names = Object.keys(SCENARIOS);
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--scenarios") names = (argv[++i] ?? "").split(",").filter((s) => s !== "");
    else rest.push(argv[i] ?? "");
  }
  return {
    names,
    berth: rest[0] ?? process.env["BERTH_HOST"] ?? "unix:///run/berth/berth.sock",
    dockerd: rest[1] ?? process.env["DOCKERD_HOST"] ?? "unix:///var/run/docker.sock",
  };
}

async function main(): Promise<number> {
  const { names, berth, dockerd } = parseArgs(process.argv.slice(2));
  if (!answers(berth)) {
    console.error(`berthd does not answer at ${berth}`);
    return 2;
  }
  if (!answers(dockerd)) {
    console.log("dockerd not present");
    return 0;
  }
  ensureBusybox(berth);
  ensureBusybox(dockerd);
  const { differences } = await sideBySide(berth, dockerd, names);
  let total = 0;
  for (const [name, lines] of Object.entries(differences)) {
    console.log(`== ${name}: ${lines.length === 0 ? "same" : `${lines.length} difference(s) (berthd != dockerd)`}`);
    for (const l of lines) console.log(`  ${l}`);
    total += lines.length;
  }
  return total === 0 ? 0 : 1;
}

if (process.argv[1]?.endsWith("side-by-side.js")) {
  main().then((code) => process.exit(code), (e: unknown) => {
    console.error(e);
    process.exit(2);
  });
}
