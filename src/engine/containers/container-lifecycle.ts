/**
 * Start, stop, kill, restart, exit handling and restart policies. A start is reversible
 * steps (sandbox, files, process); an exit tears the network down, records the code, and
 * applies the restart policy or --rm.
 */
import { conflict, isBerthError, messageOf } from "../../lib/errors.js";
import { nowRfc3339Nano } from "../../lib/time.js";
import type { Container } from "../../model/container.js";
import { ContainerStartError } from "../../runtime/monitor.js";
import type { ContainerCore } from "./container-core.js";

const SIGNALS_TO_STOP = ["SIGTERM", "SIGKILL"];

export class ContainerLifecycle {
  /** Set by the service: removes a container (used by --rm). */
  onAutoRemove: (c: Container) => Promise<void> = async () => undefined;

  constructor(private readonly core: ContainerCore) {}

  private get d() {
    return this.core.deps;
  }

  /** Starts a created or exited container. Returns false if it was already running. */
  start(id: string): Promise<boolean> {
    return this.core.locked(id, async () => {
      const c = this.core.get(id);
      if (!c) throw conflict(`No such container: ${id}`);
      if (c.state.status === "running") return false;
      await this.startLocked(c);
      return true;
    });
  }

  private async startLocked(c0: Container): Promise<void> {
    this.core.stoppedByUser.delete(c0.id);
    const c = this.core.setState(c0, { error: "" });
    let sandboxReady = false;
    try {
      const net = await this.d.sandboxes.setup(c, (id) => this.core.get(id));
      sandboxReady = true;
      // The resolver listens before the process runs, so its first query is answered.
      await this.d.dns.sync();
      const files = await this.d.files.render(c);
      const pid = await this.d.runner.start(c, net, files, await this.d.files.linkEnv(c));
      this.core.setState(c, { status: "running", pid, exitCode: 0, startedAt: nowRfc3339Nano(), finishedAt: c.state.finishedAt });
      this.core.emit("start", c.id);
      void this.watchExit(c.id);
    } catch (e) {
      if (sandboxReady) await this.core.teardownNetwork(c);
      // A process that was started and failed (ContainerStartError) has exited; any other
      // failure leaves the container as it was (created, or exited from an earlier run).
      const ran = e instanceof ContainerStartError;
      const exitCode = ran ? e.exitCode : 128;
      const failed = this.core.setState(c, {
        status: ran || c.state.startedAt !== c.state.finishedAt ? "exited" : "created",
        exitCode,
        error: messageOf(e),
        pid: 0,
        ...(ran ? { finishedAt: nowRfc3339Nano() } : {}),
      });
      if (ran) {
        this.core.lastExit.set(c.id, Date.now());
        this.core.emit("exit", c.id, exitCode);
      }
      // As dockerd: a --rm container whose start failed (for any reason) is removed too.
      if (failed.hostConfig.autoRemove) await this.onAutoRemove(failed).catch((re) => this.d.log(`--rm of ${c.name}: ${messageOf(re)}`));
      throw e;
    }
  }

  /** Waits for the process to exit, then records it and applies the restart policy. */
  async watchExit(id: string): Promise<void> {
    let code: number;
    try {
      code = await this.d.runner.waitExit(id);
    } catch (e) {
      this.d.log(`waiting for container ${id.slice(0, 12)}: ${messageOf(e)}`);
      return;
    }
    await this.core.locked(id, () => this.recordExit(id, code));
  }

  async recordExit(id: string, code: number): Promise<void> {
    const c = this.core.get(id);
    if (!c || c.state.status !== "running") return;
    await this.d.runner.cleanup(id).catch((e) => this.d.log(`cleanup of ${c.name}: ${messageOf(e)}`));
    await this.core.teardownNetwork(c);
    const done = this.core.setState(c, { status: "exited", exitCode: code, pid: 0, finishedAt: nowRfc3339Nano() });
    this.core.lastExit.set(id, Date.now());
    this.core.emit("exit", id, code);
    await this.afterExit(done, code);
  }

  private async afterExit(c: Container, code: number): Promise<void> {
    const policy = c.hostConfig.restartPolicy;
    const byUser = this.core.stoppedByUser.has(c.id);
    const restart =
      !byUser &&
      (policy.name === "always" ||
        policy.name === "unless-stopped" ||
        (policy.name === "on-failure" && code !== 0 && (policy.maximumRetryCount === 0 || c.restartCount < policy.maximumRetryCount)));
    if (restart) {
      const delay = Math.min(100 * 2 ** Math.min(c.restartCount, 10), 60_000);
      setTimeout(() => {
        void this.core.locked(c.id, async () => {
          const cur = this.core.get(c.id);
          if (!cur || cur.state.status === "running" || this.core.stoppedByUser.has(c.id)) return;
          const bumped = this.core.setState(cur, {}, { restartCount: cur.restartCount + 1 });
          await this.startLocked(bumped).catch((e) => this.d.log(`restart of ${c.name}: ${messageOf(e)}`));
        });
      }, delay).unref();
      return;
    }
    if (c.hostConfig.autoRemove) await this.onAutoRemove(c).catch((e) => this.d.log(`--rm of ${c.name}: ${messageOf(e)}`));
  }

  /** Stop: the stop signal, then SIGKILL after the timeout. Returns false if it was not running. */
  async stop(id: string, timeoutSec: number | undefined, signal: string | undefined): Promise<boolean> {
    const c = this.core.get(id);
    if (!c || c.state.status !== "running") return false;
    this.core.stoppedByUser.add(id);
    const exited = this.core.next("exit", id);
    const sig = signal || c.config.stopSignal || SIGNALS_TO_STOP[0]!;
    const t = timeoutSec ?? c.config.stopTimeout ?? 10;
    await this.d.runner.kill(id, sig).catch(() => undefined);
    const timedOut = await Promise.race([exited.then(() => false), sleep(Math.max(t, 0) * 1000).then(() => true)]);
    if (timedOut) {
      await this.d.runner.kill(id, "SIGKILL").catch(() => undefined);
      await Promise.race([exited, sleep(10_000)]);
    }
    return true;
  }

  async kill(id: string, signal: string): Promise<void> {
    const c = this.core.get(id);
    if (!c || c.state.status !== "running") throw conflict(`Container ${id} is not running`);
    if (signal === "SIGKILL" || signal === "KILL" || signal === "9") this.core.stoppedByUser.add(id);
    try {
      await this.d.runner.kill(id, signal);
    } catch (e) {
      if (isBerthError(e, "InvalidParameter")) throw e;
      throw conflict(`Cannot kill container: ${id}: ${messageOf(e)}`);
    }
  }

  /** After a daemon restart: re-watch running containers, record exits that happened meanwhile. */
  async recover(): Promise<void> {
    for (const c of this.core.all()) {
      if (c.state.status !== "running") continue;
      const code = await this.d.runner.readExitCode(c.id);
      if (code !== undefined) await this.core.locked(c.id, () => this.recordExit(c.id, code));
      else if (await this.d.runner.isRunning(c.id)) void this.watchExit(c.id);
      else await this.core.locked(c.id, () => this.recordExit(c.id, 137));
    }
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
