/**
 * bench: the embedded DNS of a real berthd, as containers see it. dnsperf runs inside a
 * container's network namespace against 127.0.0.11 and asks for a container name and for a
 * forwarded name (answered by the fake upstream in the daemon's namespace), with 1 and with
 * 200 containers on the network. Throughput is the median over runs at full load (dnsperf's
 * 100 outstanding queries); latency percentiles are medians over runs at a fixed moderate rate.
 * Against dockerd in the same run when DOCKERD_HOST answers (scripts/reference-dockerd):
 * container names only, since its forwarders are the host's real resolvers.
 *   Usage: node dist/bench/dns-daemon.js [runs] [seconds] [many]
 */
import { importBusybox } from "../test/harness/busybox.js";
import { TestDaemon, run } from "../test/harness/daemon.js";
import { startFakeDns } from "../test/harness/fake-dns.js";
import { runDnsperf } from "./dns.js";
import { docker, median, table } from "./common.js";

const runs = Number(process.argv[2] ?? 3);
const seconds = Number(process.argv[3] ?? 5);
const many = Number(process.argv[4] ?? 200);

async function measure(nsPath: string, name: string): Promise<string[]> {
  const full: number[] = [];
  // Two client sockets on two threads: one dnsperf thread cannot keep a fast server busy.
  for (let i = 0; i < runs; i++) full.push((await runDnsperf(nsPath, "127.0.0.11", [name], seconds, { verbose: false, clients: 2 })).qps);
  // Latency at a fixed 5,000 queries/s, as many runs: one scheduling hiccup in a short window
  // decides a p99, so each figure is the median over the runs.
  const lat: Awaited<ReturnType<typeof runDnsperf>>[] = [];
  for (let i = 0; i < runs; i++) lat.push(await runDnsperf(nsPath, "127.0.0.11", [name], Math.min(seconds, 5), { maxQps: 5000 }));
  const m = (f: (r: (typeof lat)[number]) => number): string => median(lat.map(f)).toFixed(3);
  return [median(full).toFixed(0), m((r) => r.p50ms), m((r) => r.p99ms), m((r) => r.avgms)];
}

async function main(): Promise<void> {
  const d = new TestDaemon("benchd");
  let upstream: Awaited<ReturnType<typeof startFakeDns>> | undefined;
  const ok = (args: string[]): string => {
    const r = run(docker(args), d.env);
    if (r.code !== 0) throw new Error(`docker ${args.join(" ")}: ${r.stderr}`);
    return r.stdout.trim();
  };
  const rows: string[][] = [["berthd: query (containers on the network)", "qps (median)", "p50 ms", "p99 ms", "avg ms"]];
  const row = async (label: string, ns: string, name: string): Promise<void> => {
    rows.push([label, ...(await measure(ns, name))]);
    process.stderr.write(`${rows.at(-1)?.join("  ")}\n`);
  };
  try {
    await d.start();
    importBusybox(d);
    upstream = await startFakeDns(d.netns, { "outside.example": "203.0.113.7" });
    ok(["network", "create", "--subnet", "10.240.0.0/16", "dnsbench"]);
    ok(["run", "-d", "--name", "asker", "--net", "dnsbench", "busybox", "sleep", "3600"]);
    ok(["run", "-d", "--name", "target", "--net", "dnsbench", "busybox", "sleep", "3600"]);
    const ns = `/run/netns/${d.sandboxPrefix}${ok(["inspect", "-f", "{{.Id}}", "asker"]).slice(0, 12)}`;
    await row("container name (2)", ns, "target");
    await row("forwarded name (2)", ns, "outside.example");
    for (let i = 2; i < many; i++) ok(["run", "-d", "--name", `filler${i}`, "--net", "dnsbench", "busybox", "sleep", "3600"]);
    await row(`container name (${many})`, ns, "target");
    await row(`forwarded name (${many})`, ns, "outside.example");
    process.stdout.write(`(fake upstream answered ${upstream.queries().length} forwarded queries)\n`);
  } finally {
    await upstream?.close();
    await d.dispose();
  }
  await dockerdRows(rows);
  process.stdout.write(`${table(rows)}\n`);
}

/**
 * The same container-name rows against dockerd's embedded DNS (DOCKERD_HOST with busybox).
 * Its containers get --dns 127.0.0.1 so that nothing it might forward leaves the machine.
 */
async function dockerdRows(rows: string[][]): Promise<void> {
  const host = process.env["DOCKERD_HOST"];
  const env = { DOCKER_HOST: host ?? "" };
  if (!host || run(docker(["image", "inspect", "busybox:latest"]), env).code !== 0) {
    rows.push(["dockerd: not compared (set DOCKERD_HOST to a dockerd with busybox:latest)", "", "", "", ""]);
    return;
  }
  const ok = (args: string[]): string => {
    const r = run(docker(args), env);
    if (r.code !== 0) throw new Error(`docker ${args.join(" ")}: ${r.stderr}`);
    return r.stdout.trim();
  };
  const runCtr = (name: string): string => ok(["run", "-d", "--name", name, "--net", "dnsbench", "--dns", "127.0.0.1", "busybox", "sleep", "3600"]);
  rows.push(["dockerd: query (containers on the network)", "", "", "", ""]);
  try {
    ok(["network", "create", "--subnet", "10.241.0.0/16", "dnsbench"]);
    runCtr("asker");
    runCtr("target");
    const ns = `/proc/${ok(["inspect", "-f", "{{.State.Pid}}", "asker"])}/ns/net`;
    rows.push(["container name (2)", ...(await measure(ns, "target"))]);
    for (let i = 2; i < many; i++) runCtr(`filler${i}`);
    rows.push([`container name (${many})`, ...(await measure(ns, "target"))]);
  } finally {
    const ids = run(docker(["ps", "-aq", "--filter", "network=dnsbench"]), env).stdout.trim().split("\n").filter(Boolean);
    for (let i = 0; i < ids.length; i += 50) run(docker(["rm", "-f", ...ids.slice(i, i + 50)]), env);
    run(docker(["network", "rm", "dnsbench"]), env);
  }
}

void main();
