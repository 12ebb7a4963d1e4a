/**
 * bench: the embedded DNS server at 127.0.0.11 inside a bt- namespace, driven by dnsperf
 * from inside that namespace (dnsperf on one core, this process on the other). Measures a
 * local name and a forwarded one (fake upstream on 127.0.0.1 in the host namespace, in this
 * same process) with 1 and with 200 containers on the network: throughput (median of runs)
 * and latency percentiles at a fixed moderate rate.   Usage: node dist/bench/dns.js [runs] [seconds]
 * runDnsperf() is reusable against a real daemon's container namespace.
 */
import { writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { EmbeddedDns } from "../src/dns/server.js";
import { startFakeUpstream } from "../src/dns/testing/fake-upstream.js";
import type { DnsDirectory } from "../src/dns/types.js";
import { exec, netnsAt } from "../src/kernel/exec.js";
import { openResolverSockets } from "../src/kernel/netns-socket.js";
import { createTestNetns } from "../test/harness/netns-fixture.js";
import { median, percentile, table } from "./common.js";

export interface DnsperfResult {
  qps: number;
  /** From dnsperf's per-query lines (-v); NaN when verbose is off. */
  p50ms: number;
  p99ms: number;
  avgms: number;
  lost: number;
}

export interface DnsperfOptions {
  /** Per-query lines for percentiles (default true; costs dnsperf some throughput). */
  verbose?: boolean;
  /** -Q: cap the rate (latency at a fixed load). */
  maxQps?: number;
  /** -q: queries outstanding (default 100, dnsperf's own default). */
  outstanding?: number;
  /** -c (and -T up to 2): client sockets and threads (default 1, dnsperf's own). */
  clients?: number;
}

/** names: "name" (asked as A) or "name TYPE" lines, cycled by dnsperf. */
export async function runDnsperf(netnsPath: string, server: string, names: string[], seconds: number, opts: DnsperfOptions = {}): Promise<DnsperfResult> {
  const dir = mkdtempSync(path.join(tmpdir(), "berth-dnsperf-"));
  try {
    const file = path.join(dir, "queries.txt");
    writeFileSync(file, names.map((n) => (n.includes(" ") ? n : `${n} A`)).join("\n") + "\n");
    const verbose = opts.verbose ?? true;
    const argv = ["dnsperf", "-s", server, "-d", file, "-l", String(seconds), "-q", String(opts.outstanding ?? 100)];
    if (opts.clients) argv.push("-c", String(opts.clients), "-T", String(Math.min(opts.clients, 2)));
    if (opts.maxQps) argv.push("-Q", String(opts.maxQps));
    if (verbose) argv.push("-v");
    const r = await exec(argv, { netns: netnsAt(netnsPath), timeoutMs: (seconds + 30) * 1000 });
    const num = (re: RegExp): number => Number(re.exec(r.stdout)?.[1] ?? NaN);
    const lat = verbose ? [...r.stdout.matchAll(/^> \S+ \S+ \S+ ([0-9.]+)$/gm)].map((m) => Number(m[1]) * 1000) : [];
    return {
      qps: num(/Queries per second:\s+([0-9.]+)/),
      avgms: num(/Average Latency \(s\):\s+([0-9.]+)/) * 1000,
      p50ms: lat.length ? percentile(lat, 50) : NaN,
      p99ms: lat.length ? percentile(lat, 99) : NaN,
      lost: num(/Queries lost:\s+(\d+)/),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function directory(count: number): DnsDirectory {
  const entries = Array.from({ length: count }, (_, i) => ({ containerId: `c${i}id`, names: [`c${i}`, `alias${i}`, `c${i}id0000000`.slice(0, 12)], ipv4: `10.7.${i >> 8}.${(i & 255) + 2}` }));
  return { networks: [{ id: "n1", name: "benchnet", internal: false, entries }] };
}

const runs = Number(process.argv[2] ?? 3);
const seconds = Number(process.argv[3] ?? 5);
const f = (x: number, d = 2): string => (Number.isFinite(x) ? x.toFixed(d) : "-");

async function main(): Promise<void> {
  const ns = await createTestNetns("dnsbench");
  const upstream = await startFakeUpstream({ answers: { "example.com": ["192.0.2.7"] } });
  const dns = new EmbeddedDns();
  const rows: string[][] = [["entries", "name", "qps (median)", "server CPU %", "qps per server core", "lost", "p50 ms @5k qps", "p99 ms @5k qps", "avg ms @5k"]];
  try {
    await dns.attach({ containerId: "bench", networkIds: ["n1"], links: [], upstreams: [{ address: upstream.address, port: upstream.port }], forward: true }, openResolverSockets(ns.path));
    for (const count of [1, 200]) {
      dns.setDirectory(directory(count));
      for (const [label, name] of [["local", `c${count - 1}`], ["forwarded", "example.com"]] as const) {
        const qps: number[] = [];
        const cpu: number[] = [];
        let lost = 0;
        for (let i = 0; i < runs; i++) {
          const c0 = process.cpuUsage();
          const r = await runDnsperf(ns.path, "127.0.0.11", [name], seconds, { verbose: false });
          const c = process.cpuUsage(c0);
          qps.push(r.qps);
          cpu.push((c.user + c.system) / 1e4 / seconds);
          lost += r.lost;
        }
        const l = await runDnsperf(ns.path, "127.0.0.11", [name], Math.min(seconds, 3), { maxQps: 5000, outstanding: 100 });
        rows.push([String(count), `${label} (${name})`, f(median(qps), 0), f(median(cpu), 0), f(median(qps.map((q, k) => (q * 100) / (cpu[k] ?? 100))), 0), String(lost), f(l.p50ms, 3), f(l.p99ms, 3), f(l.avgms, 3)]);
      }
    }
  } finally {
    await dns.close();
    await upstream.close();
    await ns.dispose();
  }
  console.log(`embedded DNS: dnsperf inside a namespace -> 127.0.0.11, ${runs} x ${seconds} s per row (udp, 100 outstanding)`);
  console.log(table(rows));
  console.log("server CPU: this process (EmbeddedDns, plus the fake upstream for forwarded rows), % of one core;");
  console.log("qps per server core = qps / that share (what one free core would give; the machine may be shared)");
}

// Only when run directly: bench/dns-daemon.ts imports runDnsperf from here.
if (process.argv[1] === fileURLToPath(import.meta.url)) void main();
