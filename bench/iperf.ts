/**
 * bench: iperf3 throughput through a published port (kernel DNAT, no proxy) against the
 * direct path to the container's address (the ceiling): from the host on 127.0.0.1 and ::1, on
 * the bridge's gateway address, and from an "outside" namespace through a veth on the host's
 * uplink address (source kept). The iperf3 server runs in the container's network namespace.
 *   Usage: node dist/bench/iperf.js [seconds] [repeats]
 */
import { spawn } from "node:child_process";
import { importBusybox } from "../test/harness/busybox.js";
import { DOCKER, TestDaemon, run } from "../test/harness/daemon.js";
import { Outside, UPLINK4 } from "../test/e2e/ports-fixture.js";
import { median, table } from "./common.js";

const seconds = Number(process.argv[2] ?? 5);
const repeats = Number(process.argv[3] ?? 3);

/** One iperf3 run from the named namespace (undefined: the host's own). */
function iperf(netns: string | undefined, host: string, port: number): number {
  const client = ["iperf3", "-J", "-c", host, "-p", String(port), "-t", String(seconds)];
  const r = run(netns ? ["nsenter", `--net=/run/netns/${netns}`, "--", ...client] : client);
  if (r.code !== 0) throw new Error(`iperf3 -c ${host}:${port}: ${r.stderr || r.stdout.slice(0, 400)}`);
  const j = JSON.parse(r.stdout) as { end?: { sum_received?: { bits_per_second?: number } } };
  return (j.end?.sum_received?.bits_per_second ?? 0) / 1e9;
}

async function main(): Promise<void> {
  const d = new TestDaemon("benchi");
  const out = new Outside(d);
  out.create();
  let server: ReturnType<typeof spawn> | undefined;
  try {
    await d.start();
    importBusybox(d);
    const ok = (args: string[]): string => {
      const r = d.docker(args);
      if (r.code !== 0) throw new Error(`docker ${args.join(" ")}: ${r.stderr}`);
      return r.stdout.trim();
    };
    ok(["network", "create", "--ipv6", "--subnet", "10.93.0.0/24", "--subnet", "fd00:93::/64", "inet"]);
    ok(["run", "-d", "--name", "srv", "--net", "inet", "--ip", "10.93.0.10", "--ip6", "fd00:93::10", "-p", "15201:5201", "busybox", "sleep", "3600"]);
    const sandbox = ok(["inspect", "--format", "{{.NetworkSettings.SandboxKey}}", "srv"]);
    server = spawn("nsenter", [`--net=${sandbox}`, "--", "iperf3", "-s", "-p", "5201"], { stdio: "ignore" });
    await new Promise((r) => setTimeout(r, 500));
    const paths: Array<[string, string | undefined, string, number]> = [
      ["direct to the container (ceiling)", d.netns, "10.93.0.10", 5201],
      ["direct to the container over IPv6", d.netns, "fd00:93::10", 5201],
      ["published, from host 127.0.0.1", d.netns, "127.0.0.1", 15201],
      ["published, from host ::1", d.netns, "::1", 15201],
      ["published, from host, bridge gateway 10.93.0.1", d.netns, "10.93.0.1", 15201],
      ["published, from outside via uplink", out.netns, UPLINK4.host, 15201],
    ];
    const rows: string[][] = [["path", "Gbit/s (median)", "% of direct"]];
    measurePaths("berthd", paths, rows);
    dockerdPaths(rows);
    process.stdout.write(`${table(rows)}\n(${repeats} rounds over the paths, ${seconds} s each, one TCP stream)\n`);
  } finally {
    server?.kill();
    await d.dispose();
    out.dispose();
  }
}

/**
 * Rounds over every path (direct, published, ...), not every run of one path and then the
 * next: the machine's speed drifts over minutes, and interleaving keeps that drift out of the
 * ratios to the direct path.
 */
function measurePaths(who: string, paths: ReadonlyArray<[string, string | undefined, string, number]>, rows: string[][]): void {
  const runs: number[][] = paths.map(() => []);
  for (let r = 0; r < repeats; r++) paths.forEach(([, ns, host, port], i) => runs[i]?.push(iperf(ns, host, port)));
  const direct = median(runs[0] ?? []);
  paths.forEach(([name], i) => {
    const m = median(runs[i] ?? []);
    rows.push([`${who}: ${name}`, m.toFixed(2), `${((100 * m) / direct).toFixed(1)}%`]);
  });
}

/**
 * dockerd's paths in the same run (DOCKERD_HOST with busybox:latest): its container on the
 * default bridge, -p 15202:5201; 127.0.0.1 goes through docker-proxy, the gateway address
 * through its DNAT. From the host's own namespace, where dockerd runs.
 */
function dockerdPaths(rows: string[][]): void {
  const host = process.env["DOCKERD_HOST"];
  const env = { DOCKER_HOST: host ?? "" };
  if (!host || run([DOCKER, "image", "inspect", "busybox:latest"], env).code !== 0) return;
  const ok = (args: string[]): string => {
    const r = run([DOCKER, ...args], env);
    if (r.code !== 0) throw new Error(`docker ${args.join(" ")}: ${r.stderr}`);
    return r.stdout.trim();
  };
  let server: ReturnType<typeof spawn> | undefined;
  try {
    ok(["run", "-d", "--name", "iperf-srv", "-p", "15202:5201", "busybox", "sleep", "3600"]);
    const pid = ok(["inspect", "-f", "{{.State.Pid}}", "iperf-srv"]);
    const ip = ok(["inspect", "-f", "{{.NetworkSettings.IPAddress}}", "iperf-srv"]);
    const gw = ok(["inspect", "-f", "{{.NetworkSettings.Gateway}}", "iperf-srv"]);
    server = spawn("nsenter", [`--net=/proc/${pid}/ns/net`, "--", "iperf3", "-s", "-p", "5201"], { stdio: "ignore" });
    run(["sleep", "0.5"]);
    measurePaths("dockerd", [
      ["direct to the container (ceiling)", undefined, ip, 5201],
      ["published, from host 127.0.0.1 (docker-proxy)", undefined, "127.0.0.1", 15202],
      ["published, from host ::1 (docker-proxy)", undefined, "::1", 15202],
      [`published, from host, bridge gateway ${gw}`, undefined, gw, 15202],
    ], rows);
  } finally {
    server?.kill();
    run([DOCKER, "rm", "-f", "iperf-srv"], env);
  }
}

void main();
