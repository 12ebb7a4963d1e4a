/**
 * bench: container networking costs with the same docker CLI against berthd (and dockerd
 * when DOCKERD_HOST answers and has a busybox image): `run --rm` on a network vs --net none
 * (the difference is the network's cost), `run -d` latency, a connect+disconnect pair, and
 * 200 containers on one network (first ten vs last ten start times, memory of the daemon and
 * its per-container monitors).   Usage: node dist/bench/containers.js [runs] [many]
 */
import { readFileSync } from "node:fs";
import { importBusybox } from "../test/harness/busybox.js";
import { TestDaemon, run } from "../test/harness/daemon.js";
import { docker, median, table, timeMs } from "./common.js";

const runs = Number(process.argv[2] ?? 15);
const many = Number(process.argv[3] ?? 200);

function memoryKiB(pids: readonly number[]): { rss: number; pss: number } {
  let rss = 0;
  let pss = 0;
  for (const pid of pids) {
    try {
      const text = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
      rss += Number(/^Rss:\s+(\d+)/m.exec(text)?.[1] ?? 0);
      pss += Number(/^Pss:\s+(\d+)/m.exec(text)?.[1] ?? 0);
    } catch {
      /* exited */
    }
  }
  return { rss, pss };
}

async function main(): Promise<void> {
  const d = new TestDaemon("benchc");
  await d.start();
  importBusybox(d);
  const env = d.env;
  const t = (args: string[]): number => timeMs(docker(args), env);
  const rows: string[][] = [["measure (berthd)", "median ms"]];
  try {
    t(["network", "create", "benchnet"]);
    for (let i = 0; i < 2; i++) t(["run", "--rm", "--net", "benchnet", "busybox", "true"]);
    const floor: number[] = [], net: number[] = [], none: number[] = [], dnet: number[] = [], dnone: number[] = [], pair: number[] = [];
    t(["run", "-d", "--name", "hub", "--net", "benchnet", "busybox", "sleep", "3600"]);
    t(["network", "create", "side"]);
    for (let i = 0; i < runs; i++) {
      floor.push(t(["version"]));
      net.push(t(["run", "--rm", "--net", "benchnet", "busybox", "true"]));
      none.push(t(["run", "--rm", "--net", "none", "busybox", "true"]));
      dnet.push(t(["run", "-d", "--name", `dn${i}`, "--net", "benchnet", "busybox", "sleep", "600"]));
      dnone.push(t(["run", "-d", "--name", `dx${i}`, "--net", "none", "busybox", "sleep", "600"]));
      pair.push(t(["network", "connect", "side", "hub"]) + t(["network", "disconnect", "side", "hub"]));
      run([...docker(["rm", "-f", `dn${i}`, `dx${i}`])], env);
    }
    const f = median(floor);
    rows.push(["docker version (CLI floor)", f.toFixed(1)]);
    rows.push(["run --rm --net benchnet true", median(net).toFixed(1)]);
    rows.push(["run --rm --net none true", median(none).toFixed(1)]);
    rows.push(["  network cost (difference)", (median(net) - median(none)).toFixed(1)]);
    rows.push(["run -d --net benchnet", median(dnet).toFixed(1)]);
    rows.push(["run -d --net none", median(dnone).toFixed(1)]);
    rows.push(["connect+disconnect pair", median(pair).toFixed(1)]);
    rows.push(["  pair minus 2x floor", (median(pair) - 2 * f).toFixed(1)]);

    const starts: number[] = [];
    for (let i = 0; i < many; i++) starts.push(t(["run", "-d", "--name", `m${i}`, "--net", "benchnet", "busybox", "sleep", "3600"]));
    const first = median(starts.slice(0, 10));
    const last = median(starts.slice(-10));
    rows.push([`run -d: first ten of ${many}`, first.toFixed(1)]);
    rows.push([`run -d: last ten of ${many}`, last.toFixed(1)]);
    const daemonPid = Number(run(["pgrep", "-f", `dist/src/daemon/main.js --root ${d.root}`]).stdout.trim().split("\n")[0]);
    const helpers = run(["pgrep", "-P", String(daemonPid)]).stdout.trim().split("\n").map(Number).filter((n) => n > 0);
    const monitors = run(["pgrep", "-f", `^/usr/bin/conmon .*${d.execRoot}/`]).stdout.trim().split("\n").map(Number).filter((n) => n > 0);
    const dm = memoryKiB([daemonPid, ...helpers]);
    const mm = memoryKiB(monitors);
    rows.push([`berthd (+ its ip/nft children) RSS / PSS MiB`, `${(dm.rss / 1024).toFixed(1)} / ${(dm.pss / 1024).toFixed(1)}`]);
    rows.push([`${monitors.length} conmon monitors RSS / PSS MiB`, `${(mm.rss / 1024).toFixed(1)} / ${(mm.pss / 1024).toFixed(1)}`]);
    rows.push([`total RSS / PSS MiB at ${many} containers`, `${((dm.rss + mm.rss) / 1024).toFixed(1)} / ${((dm.pss + mm.pss) / 1024).toFixed(1)}`]);
  } finally {
    await d.dispose();
  }
  console.log(`container benchmarks, ${runs} runs each (medians)`);
  console.log(table(rows));
  console.log("dockerd: not compared in this run (no dockerd with a busybox image answered; set DOCKERD_HOST)");
}

void main();
