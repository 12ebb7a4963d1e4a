/**
 * Shared state of the container services: the store, the runner, the sandbox manager, the
 * files writer, per-container locks and lifecycle events (exit, start, remove) that `wait`,
 * `attach` and restart policies listen to.
 */
import { EventEmitter } from "node:events";
import { messageOf } from "../../lib/errors.js";
import { Mutex } from "../../lib/mutex.js";
import type { Container, ContainerState } from "../../model/container.js";
import type { ResolvedPort } from "../../network/ports/allocator.js";
import type { Store } from "../../store/store.js";
import type { ContainerRunner } from "./container-runner.js";
import { findContainer } from "./container-lookup.js";
import type { EtcFiles } from "./etc-files.js";
import type { SandboxManager } from "./sandbox-manager.js";

/** What the container services ask of the embedded DNS (ContainerDns; a no-op in tests). */
export interface DnsHooks {
  /** Brings resolvers and names in line with the store (after any change). */
  sync(): Promise<void>;
  /** Closes a container's resolver before its namespace is torn down. */
  release(id: string): Promise<void>;
}

export const noDns: DnsHooks = { sync: async () => undefined, release: async () => undefined };

export interface CoreDeps {
  readonly store: Store;
  readonly runner: ContainerRunner;
  readonly sandboxes: SandboxManager;
  readonly files: EtcFiles;
  readonly dns: DnsHooks;
  readonly log: (line: string) => void;
  /** Published ports with their chosen host ports, by container id (issue 5). */
  readonly ports?: { published(containerId: string): readonly ResolvedPort[] | undefined };
}

export type ContainerEvent = "start" | "exit" | "remove" | "rename";

export class ContainerCore {
  readonly events = new EventEmitter();
  private readonly locks = new Map<string, Mutex>();
  /** Containers stopped by a user (no restart policy applies), by id. */
  readonly stoppedByUser = new Set<string>();
  /** When each container last exited (ms since epoch), for attach streams. */
  readonly lastExit = new Map<string, number>();

  constructor(readonly deps: CoreDeps) {
    this.events.setMaxListeners(0);
    // Names follow every change at once (spec §2.6: no stale answers). A start syncs itself,
    // before the process runs (ContainerLifecycle.startLocked); connect and disconnect too.
    for (const ev of ["exit", "remove", "rename"] as const) this.events.on(ev, () => void deps.dns.sync());
  }

  /** Tears a container's network down: its resolver first, then its sandbox. Never throws. */
  async teardownNetwork(c: Container): Promise<void> {
    await this.deps.dns.release(c.id);
    await this.deps.sandboxes.teardown(c).catch((e) => this.deps.log(`network teardown of ${c.name}: ${messageOf(e)}`));
  }

  all(): Container[] {
    return this.deps.store.containers.all();
  }

  find(ref: string): Container {
    // Exact id and exact name are index lookups; only an id prefix needs every row.
    return this.get(ref) ?? this.deps.store.containers.byName(ref.replace(/^\//, "")) ?? findContainer(this.all(), ref);
  }

  get(id: string): Container | undefined {
    return this.deps.store.containers.get(id as never);
  }

  /** Serialises lifecycle operations on one container. */
  locked<T>(id: string, fn: () => Promise<T>): Promise<T> {
    let m = this.locks.get(id);
    if (!m) {
      m = new Mutex();
      this.locks.set(id, m);
    }
    return m.run(fn);
  }

  save(c: Container): Container {
    this.deps.store.tx(() => this.deps.store.containers.update(c));
    return c;
  }

  setState(c: Container, patch: Partial<ContainerState>, extra: Partial<Pick<Container, "restartCount">> = {}): Container {
    const fresh = this.get(c.id) ?? c;
    return this.save({ ...fresh, ...extra, state: { ...fresh.state, ...patch } });
  }

  emit(event: ContainerEvent, id: string, code?: number): void {
    this.events.emit(event, id, code);
  }

  /** Resolves on the next `event` for container `id`. */
  next(event: ContainerEvent, id: string): Promise<number | undefined> {
    return new Promise((resolve) => {
      const on = (cid: string, code?: number): void => {
        if (cid !== id) return;
        this.events.off(event, on);
        resolve(code);
      };
      this.events.on(event, on);
    });
  }
}
