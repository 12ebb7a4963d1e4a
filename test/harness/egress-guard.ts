/**
 * The egress guard: while kernel tests run, an nftables table drops every FORWARDED packet that
 * would leave by the uplink (the device of the default route), so nothing a test builds can reach
 * beyond this machine. Host-originated traffic is not touched. Table `inet berth_test_egress_guard`,
 * forward hook, priority -150 (before anything Berth installs).
 */
import { exec, type Exec, type Netns } from "../../src/kernel/exec.js";

export const GUARD_TABLE = "berth_test_egress_guard";
const COMMENT = "egress guard: no forwarded traffic leaves via the uplink";

export interface GuardOptions {
  /** Where to guard; the test process's namespace by default. */
  readonly ns?: Netns;
  readonly run?: Exec;
}

export type GuardState =
  | { readonly state: "on"; readonly uplinks: readonly string[] }
  | { readonly state: "already-on" }
  | { readonly state: "no-uplink" };

const opts = (o: GuardOptions): { run: Exec; ns: Netns } => ({ run: o.run ?? exec, ns: o.ns ?? { kind: "current" } });

/** Devices of the IPv4 and IPv6 default routes. */
export async function uplinks(o: GuardOptions = {}): Promise<string[]> {
  const { run, ns } = opts(o);
  const devs = await Promise.all(["-4", "-6"].map(async (family) => {
    const { stdout } = await run(["ip", "-j", family, "route", "show", "default"], { netns: ns });
    const routes = JSON.parse(stdout.trim() || "[]") as Array<{ dev?: unknown }>;
    return routes.flatMap((r) => (typeof r.dev === "string" ? [r.dev] : []));
  }));
  return [...new Set(devs.flat())];
}

export async function guardIsOn(o: GuardOptions = {}): Promise<boolean> {
  const { run, ns } = opts(o);
  const { stdout } = await run(["nft", "-j", "list", "tables"], { netns: ns });
  const items = (JSON.parse(stdout) as { nftables?: Array<{ table?: { family?: unknown; name?: unknown } }> }).nftables ?? [];
  return items.some((i) => i.table?.family === "inet" && i.table.name === GUARD_TABLE);
}

/** The ruleset, applied in one `nft -f -` transaction. */
export function guardRuleset(devs: readonly string[]): string {
  for (const d of devs) if (!/^[A-Za-z0-9_.@+-]{1,15}$/.test(d)) throw new Error(`egress guard: unexpected uplink name ${JSON.stringify(d)}`);
  const rules = devs.map((d) => `\t\toifname "${d}" counter drop comment "${COMMENT}"\n`).join("");
  return `table inet ${GUARD_TABLE} {\n\tchain guardforward {\n\t\ttype filter hook forward priority -150; policy accept;\n${rules}\t}\n}\n`;
}

export async function guardOn(o: GuardOptions = {}): Promise<GuardState> {
  const { run, ns } = opts(o);
  if (await guardIsOn(o)) return { state: "already-on" };
  const devs = await uplinks(o);
  if (devs.length === 0) return { state: "no-uplink" };
  await run(["nft", "-f", "-"], { netns: ns, stdin: guardRuleset(devs) });
  return { state: "on", uplinks: devs };
}

/** Removes the guard; false if it was not on. */
export async function guardOff(o: GuardOptions = {}): Promise<boolean> {
  const { run, ns } = opts(o);
  if (!(await guardIsOn(o))) return false;
  await run(["nft", "delete", "table", "inet", GUARD_TABLE], { netns: ns });
  return true;
}

interface NftRule { rule?: { expr?: Array<{ counter?: { packets?: unknown } }> } }

/** Packets the guard has dropped (it should stay 0), or undefined when the guard is off. */
export async function guardDrops(o: GuardOptions = {}): Promise<number | undefined> {
  const { run, ns } = opts(o);
  if (!(await guardIsOn(o))) return undefined;
  const { stdout } = await run(["nft", "-j", "list", "table", "inet", GUARD_TABLE], { netns: ns });
  const items = (JSON.parse(stdout) as { nftables?: NftRule[] }).nftables ?? [];
  return items.reduce((sum, i) => sum + (i.rule?.expr ?? []).reduce((s, e) => s + (typeof e.counter?.packets === "number" ? e.counter.packets : 0), 0), 0);
}
