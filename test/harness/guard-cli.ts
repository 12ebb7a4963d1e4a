/**
 * `node dist/test/harness/guard-cli.js on|off|status`: the egress guard for scripts/test,
 * so the whole test run is covered (the project never depends on ../shared at run time).
 */
import { guardDrops, guardOff, guardOn } from "./egress-guard.js";

async function main(): Promise<void> {
  const cmd = process.argv[2] ?? "status";
  if (cmd === "on") {
    const s = await guardOn();
    console.log(`egress guard: ${JSON.stringify(s)}`);
  } else if (cmd === "off") {
    const drops = await guardDrops();
    await guardOff();
    console.log(`egress guard off (dropped ${drops ?? 0} forwarded packets that tried to leave by the uplink)`);
  } else if (cmd === "status") {
    console.log(`egress guard drops: ${(await guardDrops()) ?? "guard not on"}`);
  } else {
    console.error("usage: guard-cli on|off|status");
    process.exit(2);
  }
}

void main();
