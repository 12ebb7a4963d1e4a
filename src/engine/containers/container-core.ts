/**
 * Shared state of the container services: the store, the runner, the sandbox manager, the
 * files writer, per-container locks and lifecycle events (exit, start, remove) that `wait`,
 * `attach` and restart policies listen to.
 */
import { EventEmitter } from "node:events";
import { Mutex } from "../../lib/mutex.js";
import type { Container, ContainerState } from "../../model/container.js";
import type { Store } from "../../store/store.js";
import type { ContainerRunner } from "./container-runner.js";
import { findContainer } from "./container-lookup.js";
import type { EtcFiles } from "./etc-files.js";
import type { SandboxManager } from "./sandbox-manager.js";

export interface CoreDeps {
  readonly store: Store;
  readonly runner: ContainerRunner;
  readonly sandboxes: SandboxManager;
  readonly files: EtcFiles;
  readonly log: (line: string) => void;
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
