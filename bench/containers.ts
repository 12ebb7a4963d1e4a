/**
 * bench: container networking costs with the same docker CLI against berthd and, one after
 * the other in the same run, dockerd when DOCKERD_HOST answers and has a busybox image: `run --rm` on a network vs --net none
 * (the difference is the network's cost), `run -d` latency, a connect+disconnect pair, and
 * 200 containers on one network (first ten vs last ten start times, memory of the daemon and
 * its per-container monitors, at rest 6 s after the last start).   Usage: node dist/bench/containers.js [runs] [many]
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

interface Subject {
  readonly name: string;
  readonly env: Record<string, string>;
  /** Processes whose memory counts: the daemon and its helpers, and the per-container monitors. */
  readonly processes: () => { daemon: number[]; monitors: number[] };
}

const pids = (argv: string[]): number[] => run(argv).stdout.trim().split("\n").map(Number).filter((n) => n > 0);

/**
 * A pause before each timed command of the per-operation figures, so that background work
 * the previous command left (berthd frees veths and namespaces after replying; dockerd has
 * its own) is not charged to the next one. The back-to-back row and the 200-container run
 * keep that cost in.
 */
const settle = (): void => void run(["sleep", "0.25"]);

/** The figures for one daemon, as [label, value] rows; removes what it made. */
function measure(s: Subject): string[][] {
  const t = (args: string[]): number => timeMs(docker(args), s.env);
  const rows: string[][] = [];
  try {
    t(["network", "create", "benchnet"]);
    for (let i = 0; i < 2; i++) t(["run", "--rm", "--net", "benchnet", "busybox", "true"]);
    const floor: number[] = [], net: number[] = [], none: number[] = [], dnet: number[] = [], dnone: number[] = [], pair: number[] = [];
    const netB2b: number[] = [], noneB2b: number[] = [];
    t(["run", "-d", "--name", "hub", "--net", "benchnet", "busybox", "sleep", "3600"]);
    t(["network", "create", "side"]);
    for (let i = 0; i < runs; i++) {
      settle();
      floor.push(t(["version"]));
      settle();
      net.push(t(["run", "--rm", "--net", "benchnet", "busybox", "true"]));
      settle();
      none.push(t(["run", "--rm", "--net", "none", "busybox", "true"]));
      netB2b.push(t(["run", "--rm", "--net", "benchnet", "busybox", "true"]));
      noneB2b.push(t(["run", "--rm", "--net", "none", "busybox", "true"]));
      settle();
      dnet.push(t(["run", "-d", "--name", `dn${i}`, "--net", "benchnet", "busybox", "sleep", "600"]));
      settle();
      dnone.push(t(["run", "-d", "--name", `dx${i}`, "--net", "none", "busybox", "sleep", "600"]));
      settle();
      pair.push(t(["network", "connect", "side", "hub"]) + t(["network", "disconnect", "side", "hub"]));
      run([...docker(["rm", "-f", `dn${i}`, `dx${i}`])], s.env);
    }
    const f = median(floor);
    rows.push(["docker version (CLI floor)", f.toFixed(1)]);
    rows.push(["run --rm --net benchnet true", median(net).toFixed(1)]);
    rows.push(["run --rm --net none true", median(none).toFixed(1)]);
    rows.push(["  network cost (difference)", (median(net) - median(none)).toFixed(1)]);
    rows.push(["  same, back to back (no pause)", (median(netB2b) - median(noneB2b)).toFixed(1)]);
    rows.push(["run -d --net benchnet", median(dnet).toFixed(1)]);
    rows.push(["run -d --net none", median(dnone).toFixed(1)]);
    rows.push(["connect+disconnect pair", median(pair).toFixed(1)]);
    rows.push(["  pair minus 2x floor", (median(pair) - 2 * f).toFixed(1)]);

    const starts: number[] = [];
    for (let i = 0; i < many; i++) starts.push(t(["run", "-d", "--name", `m${i}`, "--net", "benchnet", "busybox", "sleep", "3600"]));
    rows.push([`run -d: first ten of ${many}`, median(starts.slice(0, 10)).toFixed(1)]);
    rows.push([`run -d: last ten of ${many}`, median(starts.slice(-10)).toFixed(1)]);
    run(["sleep", "6"]); // memory at rest: 6 s after the last start (idle helpers may end)
    const p = s.processes();
    const dm = memoryKiB(p.daemon);
    const mm = memoryKiB(p.monitors);
    const mib = (k: number): string => (k / 1024).toFixed(1);
    rows.push([`daemon (+ children) RSS / PSS MiB`, `${mib(dm.rss)} / ${mib(dm.pss)}`]);
    rows.push([`${p.monitors.length} monitors RSS / PSS MiB`, `${mib(mm.rss)} / ${mib(mm.pss)}`]);
    rows.push([`total RSS / PSS MiB at ${many} containers`, `${mib(dm.rss + mm.rss)} / ${mib(dm.pss + mm.pss)}`]);
  } finally {
    const ids = run(docker(["ps", "-aq"]), s.env).stdout.trim().split("\n").filter(Boolean);
    for (let i = 0; i < ids.length; i += 50) run(docker(["rm", "-f", ...ids.slice(i, i + 50)]), s.env);
    run(docker(["network", "rm", "benchnet", "side"]), s.env);
  }
  return rows;
}

/** A dockerd to compare with (DOCKERD_HOST, e.g. from scripts/reference-dockerd) that has busybox. */
function dockerdSubject(): Subject | undefined {
  const host = process.env["DOCKERD_HOST"];
  if (!host || run(docker(["image", "inspect", "busybox:latest"]), { DOCKER_HOST: host }).code !== 0) return undefined;
  return {
    name: "dockerd",
    env: { DOCKER_HOST: host },
    processes: () => ({
      daemon: [...pids(["pgrep", "-x", "dockerd"]), ...pids(["pgrep", "-x", "containerd"])],
      monitors: pids(["pgrep", "-f", "containerd-shim"]),
    }),
  };
}

async function main(): Promise<void> {
  const d = new TestDaemon("benchc");
  await d.start();
  importBusybox(d);
  const berth: Subject = {
    name: "berthd",
    env: d.env,
    processes: () => {
      const daemonPid = pids(["pgrep", "-f", `dist/src/daemon/main.js --root ${d.root}`])[0] ?? 0;
      return { daemon: [daemonPid, ...pids(["pgrep", "-P", String(daemonPid)])], monitors: pids(["pgrep", "-f", `^/usr/bin/conmon .*${d.execRoot}/`]) };
    },
  };
  const results: Record<string, string[][]> = {};
  try {
    results["berthd"] = measure(berth);
  } finally {
    await d.dispose();
  }
  const dk = dockerdSubject();
  if (dk) results["dockerd"] = measure(dk);
  const b = results["berthd"] ?? [];
  const header = ["measure", "berthd", ...(dk ? ["dockerd", "dockerd/berthd"] : [])];
  const rows = b.map(([label, value], i) => {
    const other = results["dockerd"]?.[i]?.[1];
    const ratio = other && value && !value.includes("/") ? (Number(other) / Number(value)).toFixed(2) : "";
    return [label ?? "", value ?? "", ...(dk ? [other ?? "", ratio] : [])];
  });
  console.log(`container benchmarks, ${runs} runs each (medians), same docker CLI`);
  console.log(table([header, ...rows]));
  if (!dk) console.log("dockerd: not compared in this run (set DOCKERD_HOST to a dockerd with busybox:latest, e.g. scripts/reference-dockerd start)");
}

void main();
