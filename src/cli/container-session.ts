/**
 * What `run`, `start -a`, `attach` and `exec` share: the hijacked attach request, the
 * output/error writers as docker picks them, TTY resizes and the signal proxy.
 */
import type { BerthClient } from "./client.js";
import { hijack, type Hijacked } from "./client-stream.js";
import type { CliIO, RunContext } from "./command.js";

export interface AttachFlags {
  readonly stdin: boolean;
  readonly stdout: boolean;
  readonly stderr: boolean;
  readonly detachKeys: string;
}

/** POST /containers/{id}/attach?stream=1&stdin=1&stdout=1&stderr=1, hijacked. */
export function attachContainer(client: BerthClient, id: string, f: AttachFlags): Promise<Hijacked> {
  const query: Record<string, string> = { stream: "1" };
  if (f.stdin) query["stdin"] = "1";
  if (f.stdout) query["stdout"] = "1";
  if (f.stderr) query["stderr"] = "1";
  if (f.detachKeys !== "") query["detachKeys"] = f.detachKeys;
  return hijack(client, `/containers/${id}/attach`, query);
}

export const bytesOut = (io: CliIO): ((b: Buffer) => void) => io.stdoutBytes ?? ((b) => io.stdout(b.toString("utf8")));
export const bytesErr = (io: CliIO): ((b: Buffer) => void) => io.stderrBytes ?? ((b) => io.stderr(b.toString("utf8")));

/** MonitorTtySize: resizes the container's (or exec's) TTY now and whenever the terminal changes. */
export function monitorTtySize(ctx: RunContext, id: string, isExec: boolean): () => void {
  const term = ctx.io.terminal;
  if (!term) return () => undefined;
  const resize = (): void => {
    const [h, w] = term.size();
    if (h === 0 && w === 0) return;
    const path = isExec ? `/exec/${id}/resize` : `/containers/${id}/resize`;
    ctx.client().request("POST", path, { query: { h: String(h), w: String(w) } }).catch(() => undefined);
  };
  resize();
  return term.onResize(resize);
}

/** ForwardAllSignals: signals the CLI receives are sent to the container (POST .../kill?signal=). */
export function forwardSignals(ctx: RunContext, id: string): () => void {
  if (!ctx.io.onSignal) return () => undefined;
  return ctx.io.onSignal((signal) => {
    ctx.client().request("POST", `/containers/${id}/kill`, { query: { signal: signal.replace(/^SIG/, "") } }).catch(() => undefined);
  });
}

/** runStartContainerErr: 127 for a missing command, 126 for one that cannot run, else 125. */
export function startErrorCode(message: string): number {
  const m = message.replace(/^Error response from daemon: /, "");
  if (/executable file not found|no such file or directory|system cannot find the file specified/.test(m)) return 127;
  if (/permission denied|is a directory/.test(m)) return 126;
  return 125;
}
