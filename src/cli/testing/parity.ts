/**
 * Runs the real docker CLI and berth with the same arguments against one FakeDaemon and
 * collects what each printed, its exit code and the requests it sent. Process spawning is
 * injected (tests pass src/kernel/exec.ts), so this module stays inside the cli layer.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { FakeDaemon, type RecordedRequest } from "./fake-daemon.js";
import { protectFromNode } from "../argv.js";

export const DOCKER_BIN = "/usr/local/bin/docker";
export const HAVE_DOCKER = existsSync(DOCKER_BIN);
export const SKIP_NO_DOCKER = HAVE_DOCKER ? false : `the real docker CLI is not installed at ${DOCKER_BIN}`;

/** dist/src/cli/main.js, next to this compiled file's folder. */
export const BERTH_MAIN = fileURLToPath(new URL("../main.js", import.meta.url));

export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

export type Runner = (
  argv: readonly string[],
  opts: { stdin?: string; env?: Readonly<Record<string, string>>; okCodes?: readonly number[]; timeoutMs?: number },
) => Promise<RunResult>;

export interface Outcome extends RunResult {
  readonly requests: RecordedRequest[];
}

const COMMANDS = "network|version|container|image|run|create|ps|inspect|logs|exec|start|stop|restart|kill|rm|rename|wait|attach|images|import|load|tag|rmi";

/** The docker CLI's program name in usage errors, rewritten to berth's. */
export const rebrand = (s: string): string =>
  s.replace(new RegExp(`\\bdocker(?=:| (?:${COMMANDS})\\b| --help| COMMAND|')`, "g"), "berth");

/**
 * Each run gets its own fresh FakeDaemon, so docker and berth run concurrently and test
 * cases may run in parallel; a case's requests are exactly those its CLI sent.
 */
export class ParityRig {
  private readonly configDir = mkdtempSync(path.join(tmpdir(), "berth-dockercfg-"));

  constructor(private readonly runner: Runner) {}

  stop(): void {
    rmSync(this.configDir, { recursive: true, force: true });
  }

  private async run(cli: (host: string) => string[], stdin: string | undefined, now?: number): Promise<Outcome> {
    const daemon = new FakeDaemon(undefined, now);
    await daemon.start();
    try {
      const env = { DOCKER_CONFIG: this.configDir, TZ: "UTC", DOCKER_CLI_HINTS: "false" };
      const okCodes = Array.from({ length: 256 }, (_, i) => i);
      const res = await this.runner(cli(daemon.host), { stdin: stdin ?? "", env, okCodes, timeoutMs: 20_000 });
      return { ...res, requests: daemon.apiRequests() };
    } finally {
      await daemon.stop();
    }
  }

  docker(args: readonly string[], stdin?: string, now?: number): Promise<Outcome> {
    return this.run((host) => [DOCKER_BIN, "-H", host, ...args], stdin, now);
  }

  berth(args: readonly string[], stdin?: string, now?: number): Promise<Outcome> {
    // As bin/berth does: Node 20 must not see "--env-file" (see argv.ts).
    return this.run((host) => [process.execPath, BERTH_MAIN, "-H", host, ...protectFromNode(args)], stdin, now);
  }

  /** Both CLIs, concurrently, each with its own fake daemon (same canned data, same "now"). */
  async both(args: readonly string[], stdin?: string): Promise<{ docker: Outcome; berth: Outcome }> {
    const now = Math.floor(Date.now() / 1000);
    const [docker, berth] = await Promise.all([this.docker(args, stdin, now), this.berth(args, stdin, now)]);
    return { docker, berth };
  }
}

/** What a user sees: stdout, stderr (docker's name rewritten) and the exit code. */
export const visible = (o: Outcome): RunResult => ({ stdout: o.stdout, stderr: rebrand(o.stderr), code: o.code });

/** The requests as method + URL + body (what the daemon saw). */
export const wire = (o: Outcome): string[] => o.requests.map((r) => `${r.method} ${r.url} ${r.contentType ?? "-"} ${r.body}`);
