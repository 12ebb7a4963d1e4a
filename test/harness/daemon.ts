/**
 * Starts a real berthd for a test: in its own fresh network namespace (entered with
 * nsenter --net only, so the OCI runtime still sees the host's /sys/fs/cgroup), on a
 * temporary root, exec-root and socket. Everything it makes in the kernel lives in that
 * namespace, so disposing of the namespace removes it even when the test fails.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { ownerId } from "../../src/daemon/owner.js";
import { sandboxPrefix } from "../../src/kernel/sandbox-spec.js";
import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const DOCKER = process.env["BERTH_TEST_DOCKER"] ?? "/usr/local/bin/docker";

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function run(argv: readonly string[], env: Record<string, string> = {}, input?: string): RunResult {
  const [bin, ...args] = argv;
  const r = spawnSync(bin ?? "", args, { encoding: "utf8", env: { ...process.env, ...env }, input: input ?? "", timeout: 60_000, killSignal: "SIGKILL" });
  return { code: r.status ?? -1, stdout: r.stdout ?? "", stderr: r.stderr ?? (r.error ? String(r.error) : "") };
}

/**
 * The only nameserver a test daemon's containers know (TEST-NET-2, never routed): the
 * daemon reads it from its own resolv.conf (--resolv-conf), so nothing a test does can
 * query a real resolver. Tests that need forwarding run a fake server on this address
 * inside the daemon's namespace (test/harness/fake-dns.ts).
 */
export const TEST_UPSTREAM = "198.51.100.53";

export class TestDaemon {
  readonly dir: string;
  readonly root: string;
  readonly execRoot: string;
  readonly socket: string;
  readonly netns: string;
  private child: ChildProcess | undefined;
  log = "";

  constructor(prefix = "e2e") {
    this.netns = `bt-${prefix}-${Math.random().toString(16).slice(2, 8)}`;
    this.dir = mkdtempSync(path.join(tmpdir(), `berth-${prefix}-`));
    this.root = path.join(this.dir, "root");
    this.execRoot = path.join(this.dir, "run");
    this.socket = path.join(this.dir, "berth.sock");
    const add = run(["ip", "netns", "add", this.netns]);
    if (add.code !== 0) throw new Error(`ip netns add ${this.netns}: ${add.stderr}`);
    run(["ip", "-n", this.netns, "link", "set", "lo", "up"]);
  }

  /** Starts berthd and waits until it answers /_ping. */
  async start(extraArgs: readonly string[] = []): Promise<void> {
    const resolv = this.resolvConf;
    if (!existsSync(resolv)) writeFileSync(resolv, `nameserver ${TEST_UPSTREAM}\n`);
    const args = [
      `--net=/run/netns/${this.netns}`, "--", path.join(REPO, "bin/berthd"),
      "--root", this.root, "--exec-root", this.execRoot, "--socket", this.socket,
      ...(extraArgs.includes("--resolv-conf") ? [] : ["--resolv-conf", resolv]), ...extraArgs,
    ];
    const child = spawn("nsenter", args, { stdio: ["ignore", "pipe", "pipe"] });
    this.child = child;
    child.stdout?.on("data", (b: Buffer) => (this.log += b.toString()));
    child.stderr?.on("data", (b: Buffer) => (this.log += b.toString()));
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`berthd exited with ${child.exitCode}:\n${this.log}`);
      if (existsSync(this.socket) && this.docker(["version", "--format", "{{.Server.APIVersion}}"]).code === 0) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`berthd did not answer within 15 s:\n${this.log}`);
  }

  /** Stops berthd: SIGTERM (clean) or SIGKILL (a crash). */
  async stop(signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((r) => child.once("exit", () => r()));
    child.kill(signal);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  }

  get env(): Record<string, string> {
    return { DOCKER_HOST: `unix://${this.socket}`, DOCKER_CONFIG: path.join(this.dir, "docker-config") };
  }

  docker(args: readonly string[], input?: string): RunResult {
    return run([DOCKER, ...args], this.env, input);
  }

  berth(args: readonly string[], input?: string): RunResult {
    return run(["node", path.join(REPO, "dist/src/cli/main.js"), ...args], this.env, input);
  }

  /** iproute2 inside the daemon's namespace. */
  ip(args: readonly string[]): RunResult {
    return run(["ip", "-n", this.netns, ...args]);
  }

  /** nft inside the daemon's namespace. */
  nft(args: readonly string[]): RunResult {
    return run(["nsenter", `--net=/run/netns/${this.netns}`, "--", "nft", ...args]);
  }

  /**
   * Removes everything the daemon made, even after a failed test: its containers (through the
   * API while it runs, then by force: runtime state, monitors, mounts, sandboxes), berthd
   * itself, its namespace (and with it every bridge and table) and the temp dir.
   */
  async dispose(): Promise<void> {
    if (this.child && this.child.exitCode === null) {
      const ids = this.docker(["ps", "-aq"]).stdout.split("\n").filter((s) => s !== "");
      if (ids.length > 0) this.docker(["rm", "-f", ...ids]);
    }
    await this.stop("SIGKILL");
    sweepContainers(this.root, this.execRoot, this.dir);
    run(["ip", "netns", "delete", this.netns]);
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** The daemon's stand-in for the host's /etc/resolv.conf (--resolv-conf). */
  get resolvConf(): string {
    return path.join(this.dir, "resolv.conf");
  }

  /** The prefix of this daemon's container sandboxes in /run/netns. */
  get sandboxPrefix(): string {
    return sandboxPrefix(ownerId(this.root));
  }
}

export const hasDocker = (): boolean => existsSync(DOCKER);
export const isRoot = (): boolean => process.getuid?.() === 0;

/** Force-removes what a killed daemon's containers left: processes, runtime state, mounts, sandboxes. */
export function sweepContainers(root: string, execRoot: string, dir: string): void {
  for (const rt of ["runc", "crun"]) {
    const rtRoot = path.join(execRoot, rt);
    if (!existsSync(rtRoot)) continue;
    const list = run([rt, "--root", rtRoot, "list", "-q"]).stdout.split("\n").filter((s) => s !== "");
    for (const id of list) {
      run([rt, "--root", rtRoot, "kill", "--all", id, "KILL"]);
      run([rt, "--root", rtRoot, "delete", "--force", id]);
    }
  }
  run(["pkill", "-KILL", "-f", `^/usr/bin/conmon .*${execRoot}/`]);
  const mounts = readFileSync("/proc/mounts", "utf8").split("\n").map((l) => l.split(" ")[1] ?? "").filter((m) => m.startsWith(dir));
  for (const m of mounts.reverse()) run(["umount", "-l", m]);
  const prefix = sandboxPrefix(ownerId(root));
  const netnsDir = "/run/netns";
  if (existsSync(netnsDir)) for (const n of readdirSync(netnsDir)) if (n.startsWith(prefix)) run(["ip", "netns", "delete", n]);
}
