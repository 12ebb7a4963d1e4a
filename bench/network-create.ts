/**
 * bench: `docker network create X && docker network rm X` (plain and with --subnet/--gateway)
 * against berthd and, in the same run, dockerd when one answers; `docker version` is the
 * floor the CLI itself costs. Prints medians and ratios.  Usage: node dist/bench/network-create.js [runs]
 */
import { docker, median, table, targets, timeMs } from "./common.js";

const runs = Number(process.argv[2] ?? 30);

async function main(): Promise<void> {
  const ts = await targets();
  const rows: string[][] = [["target", "docker version (floor)", "create+rm", "create+rm --subnet", "create+rm minus 2x floor"]];
  const results: Record<string, number[]> = {};
  try {
    for (const t of ts) {
      const floor: number[] = [];
      const plain: number[] = [];
      const subnet: number[] = [];
      for (let i = 0; i < 3; i++) timeMs(docker(["version"]), t.env); // warm-up
      for (let i = 0; i < runs; i++) {
        floor.push(timeMs(docker(["version"]), t.env));
        const name = `bench${i}`;
        plain.push(timeMs(docker(["network", "create", name]), t.env) + timeMs(docker(["network", "rm", name]), t.env));
        subnet.push(
          timeMs(docker(["network", "create", "--subnet", "10.199.0.0/24", "--gateway", "10.199.0.1", name]), t.env) +
            timeMs(docker(["network", "rm", name]), t.env),
        );
      }
      const f = median(floor);
      const p = median(plain);
      const s = median(subnet);
      results[t.name] = [f, p, s];
      rows.push([t.name, f.toFixed(1), p.toFixed(1), s.toFixed(1), (p - 2 * f).toFixed(1)]);
    }
  } finally {
    for (const t of ts) await t.dispose();
  }
  console.log(`network create+rm, ${runs} runs each, medians in ms`);
  console.log(table(rows));
  const b = results["berthd"];
  const dk = results["dockerd"];
  if (b && dk) console.log(`ratio dockerd/berthd: create+rm ${(dk[1]! / b[1]!).toFixed(1)}x, with --subnet ${(dk[2]! / b[2]!).toFixed(1)}x`);
  else console.log("no dockerd answered (set DOCKERD_HOST to compare in the same run)");
}

void main();
