/**
 * Disposable network namespaces for kernel tests: unique names `bt-<prefix>-<random>`, loopback
 * up, deleted by dispose() (idempotent). testNetns()/suiteNetns() tie the deletion to node:test
 * hooks, so it happens even when the test fails.
 */
import { after, before, type TestContext } from "node:test";
import { randomBytes } from "node:crypto";
import { exec, namedNetns, type Netns } from "../../src/kernel/exec.js";
import { addNetns, deleteNetns, listNetns } from "../../src/kernel/netns.js";
import { isBerthError } from "../../src/lib/errors.js";

export interface TestNetns {
  readonly name: string;
  /** The bind mount, e.g. /run/netns/bt-nk-1a2b3c. */
  readonly path: string;
  /** For the kernel layer's `ns` arguments and exec's `netns` option. */
  readonly ns: Netns;
  /** Deletes the namespace; safe to call more than once. */
  dispose(): Promise<void>;
}

/** Names made by this process and not yet disposed (see assertTestNetnsDisposed). */
const live = new Set<string>();

export async function createTestNetns(prefix: string): Promise<TestNetns> {
  if (!/^[a-z0-9][a-z0-9-]{0,19}$/.test(prefix)) throw new Error(`test netns prefix "${prefix}": use 1-20 of a-z, 0-9, "-"`);
  for (let attempt = 0; ; attempt++) {
    const name = `bt-${prefix}-${randomBytes(3).toString("hex")}`;
    try {
      await addNetns(name);
    } catch (e) {
      if (isBerthError(e, "Conflict") && attempt < 3) continue;
      throw e;
    }
    live.add(name);
    const fixture = netnsFixture(name);
    try {
      await exec(["ip", "link", "set", "dev", "lo", "up"], { netns: fixture.ns });
    } catch (e) {
      await fixture.dispose();
      throw e;
    }
    return fixture;
  }
}

function netnsFixture(name: string): TestNetns {
  let disposed: Promise<void> | undefined;
  return {
    name,
    path: `/run/netns/${name}`,
    ns: namedNetns(name),
    dispose() {
      disposed ??= deleteNetns(name).then(() => void live.delete(name));
      return disposed;
    },
  };
}

/** A namespace for one test, deleted when the test ends (passed or not). */
export async function testNetns(t: TestContext, prefix: string): Promise<TestNetns> {
  const fixture = await createTestNetns(prefix);
  t.after(() => fixture.dispose());
  return fixture;
}

/**
 * A namespace shared by the tests of the enclosing describe() (or file): made in a before hook,
 * deleted in an after hook. Call at suite level; the returned getter works inside its tests.
 */
export function suiteNetns(prefix: string): () => TestNetns {
  let fixture: TestNetns | undefined;
  before(async () => {
    fixture = await createTestNetns(prefix);
  });
  after(async () => {
    await fixture?.dispose();
  });
  return () => {
    if (!fixture) throw new Error(`suiteNetns("${prefix}"): not created yet (use it inside the suite's tests)`);
    return fixture;
  };
}

/** Fails if a namespace made by this process still exists: safe even while other files run. */
export async function assertTestNetnsDisposed(): Promise<void> {
  const present = new Set(await listNetns());
  const left = [...live].filter((n) => present.has(n));
  if (left.length > 0) throw new Error(`test namespaces left behind: ${left.join(", ")}`);
}
