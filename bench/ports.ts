/**
 * bench: the time to `docker run -d` a container publishing 0, 1, 100 and 1,000 ports, with
 * no port and with 2,000 ports already published on the host (by another container, as 2,000
 * separate map elements: host and container numbers differ). Publishing is one nft
 * transaction of map elements, so the cost should not grow with what is already published.
 * Ranges whose host and container numbers match are a single element ("same" rows).
 *   Usage: node dist/bench/ports.js [runs]
 */
import { importBusybox } from "../test/harness/busybox.js";
import { TestDaemon } from "../test/harness/daemon.js";
import { docker, median, table, timeMs } from "./common.js";

const runs = Number(process.argv[2] ?? 7);

const spec = (n: number, same: boolean): string[] => {
  if (n === 0) return [];
  if (n === 1) return ["-p", same ? "40000:40000" : "40000:80"];
  return ["-p", same ? `40000-${40000 + n - 1}:40000-${40000 + n - 1}` : `40000-${40000 + n - 1}:1000-${1000 + n - 1}`];
};

async function main(): Promise<void> {
  const d = new TestDaemon("benchp");
  await d.start();
  importBusybox(d);
  const t = (args: string[]): number => timeMs(docker(args), d.env);
  const rows: string[][] = [["ports", "element kind", "already published", "run -d median ms", "rm -f median ms"]];
  let k = 0;
  try {
    t(["network", "create", "benchnet"]);
    for (let i = 0; i < 2; i++) t(["run", "--rm", "--net", "benchnet", "busybox", "true"]);
    for (const existing of [0, 2000]) {
      if (existing > 0) t(["run", "-d", "--name", "filler", "--net", "benchnet", "-p", `30000-${30000 + existing - 1}:10000-${10000 + existing - 1}`, "busybox", "sleep", "3600"]);
      for (const [n, same] of [[0, true], [1, false], [100, false], [100, true], [1000, false], [1000, true]] as const) {
        const start: number[] = [];
        const stop: number[] = [];
        for (let i = 0; i < runs; i++) {
          const name = `p${k++}`;
          start.push(t(["run", "-d", "--name", name, "--net", "benchnet", ...spec(n, same), "busybox", "sleep", "600"]));
          stop.push(t(["rm", "-f", name]));
        }
        rows.push([String(n), n === 0 ? "-" : same ? "same (1 interval)" : "shifted (1 per port)", String(existing), median(start).toFixed(1), median(stop).toFixed(1)]);
        process.stderr.write(`${rows[rows.length - 1]?.join("  ")}\n`);
      }
    }
    const elems = d.nft(["list", "map", "inet", "berth", "published4-any"]).stdout.split("\n").filter((l) => l.includes("comment")).length;
    process.stdout.write(`${table(rows)}\n(published4-any holds ${elems} elements at the end; runs per row: ${runs})\n`);
  } finally {
    await d.dispose();
  }
}

void main();
