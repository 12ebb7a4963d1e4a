/**
 * Self-heal: Berth's rules come back by themselves, without a daemon restart, after
 * `nft flush ruleset`, a deleted table, chain, map or rule (at once), or a deleted map element
 * (at the next periodic check). An `nft monitor` co-process reports
 * every ruleset change in the daemon's namespace; a deletion or flush that touches one of
 * Berth's tables schedules a check (debounced), and if the live tables no longer hold what
 * the state renders, the whole state is applied again in one transaction. A slow periodic
 * check covers a monitor that died (it is restarted) or events it missed. Each check also
 * runs ensureForeign (Berth's accept in Docker's DOCKER-USER, src/firewall/docker-user.ts),
 * which a change to the iptables filter FORWARD or DOCKER-USER chains schedules too: Docker
 * starting after Berth, or someone flushing its chains.
 */
import { messageOf } from "../../lib/errors.js";
import type { Netns, SpawnPersistent, PersistentChild } from "../../kernel/exec.js";

export interface WatchDeps {
  readonly spawn: SpawnPersistent;
  readonly netns: Netns;
  readonly table: string;
  /** Whether the live tables match the desired state. */
  readonly isIntact: () => Promise<boolean>;
  /** Re-applies the whole desired state. */
  readonly repair: () => Promise<void>;
  readonly log: (line: string) => void;
  /**
   * Processes whose changes are Berth's own (its nft co-process): nft monitor names the
   * process behind each transaction ("# new generation N by process PID (nft)"), and a
   * transaction of Berth's own needs no check.
   */
  readonly ownPids?: () => ReadonlySet<number>;
  /** Runs after every check: what Berth keeps in tables it does not own. */
  readonly ensureForeign?: () => Promise<void>;
  readonly debounceMs?: number;
  readonly periodMs?: number;
}

/**
 * Whether an `nft monitor` line is a deletion or flush in one of Berth's tables. Element
 * deletions are left to the periodic check: Berth itself deletes elements at every unpublish.
 */
export function touchesTable(line: string, table: string): boolean {
  const esc = table.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&");
  return /^(delete|flush|destroy) (?!element )/.test(line) && new RegExp(`\\b(inet|bridge) ${esc}(\\s|$)`).test(line);
}

/** Whether an `nft monitor` line changes iptables' filter FORWARD or DOCKER-USER chain (iptables-nft). */
export function touchesForeignForward(line: string): boolean {
  return /^(add|delete|flush|destroy) /.test(line) && /\b(ip|ip6) filter( (FORWARD|DOCKER-USER)\b|\s*$| \{)/.test(line);
}

export class FirewallWatch {
  private child: PersistentChild | undefined;
  private timer: NodeJS.Timeout | undefined;
  private periodic: NodeJS.Timeout | undefined;
  private running = false;
  private checking: Promise<void> = Promise.resolve();
  /** How many times the rules were found damaged and re-applied. */
  repairs = 0;

  constructor(private readonly d: WatchDeps) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.spawnMonitor();
    this.periodic = setInterval(() => this.schedule(), this.d.periodMs ?? 30_000);
    this.periodic.unref();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    if (this.periodic) clearInterval(this.periodic);
    this.child?.kill();
    this.child = undefined;
  }

  /** Runs one check now (also what the monitor triggers). */
  check(): Promise<void> {
    this.checking = this.checking.then(async () => {
      try {
        if (!(await this.d.isIntact())) {
          await this.d.repair();
          this.repairs++;
          this.d.log(`firewall: Berth's nftables rules were changed from outside; re-applied`);
        }
        await this.d.ensureForeign?.();
      } catch (e) {
        this.d.log(`firewall self-heal: ${messageOf(e)}`);
      }
    });
    return this.checking;
  }

  private schedule(): void {
    if (!this.running || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.check();
    }, this.d.debounceMs ?? 50);
    this.timer.unref();
  }

  private spawnMonitor(): void {
    // setpriv --pdeathsig: the monitor dies with the daemon, even when the daemon is killed.
    const child = this.d.spawn(["setpriv", "--pdeathsig", "TERM", "nft", "monitor"], { netns: this.d.netns });
    this.child = child;
    child.unref();
    let buf = "";
    /** A deletion or flush in Berth's tables seen in the transaction being printed. */
    let touched = false;
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      buf += chunk;
      const lines = buf.split("\n");
      buf = lines.pop() ?? "";
      for (const line of lines) {
        const gen = /^# new generation \d+ by process (\d+)/.exec(line);
        if (gen) {
          if (touched && !(this.d.ownPids?.().has(Number(gen[1])) ?? false)) this.schedule();
          touched = false;
        } else if (touchesTable(line, this.d.table) || (this.d.ensureForeign && touchesForeignForward(line))) {
          touched = true;
        }
      }
    });
    child.stderr.on("data", () => undefined);
    void child.exited.then(() => {
      if (!this.running || this.child !== child) return;
      this.d.log("firewall: nft monitor ended; restarting it");
      setTimeout(() => this.running && this.spawnMonitor(), 1000).unref();
      this.schedule();
    });
  }
}
