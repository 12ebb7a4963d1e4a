/**
 * Shared by the ports and isolation e2e files: an "outside" namespace joined to the daemon's
 * namespace by a veth (the stand-in for the Internet; nothing leaves the machine), a web
 * container whose CGI answers with the client address it sees, and HTTP clients.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { run, type RunResult, type TestDaemon } from "../harness/daemon.js";

export const UPLINK4 = { host: "192.0.2.1", outside: "192.0.2.2" } as const;
export const UPLINK6 = { host: "2001:db8:90::1", outside: "2001:db8:90::2" } as const;

export class Outside {
  readonly netns = `bt-out-${Math.random().toString(16).slice(2, 8)}`;

  constructor(private readonly d: TestDaemon) {}

  /** Creates the namespace and the veth (daemon side `up0`), with addresses and default routes. */
  create(): void {
    const steps: string[][] = [
      ["ip", "netns", "add", this.netns],
      ["ip", "-n", this.netns, "link", "set", "lo", "up"],
      ["ip", "-n", this.d.netns, "link", "add", "up0", "type", "veth", "peer", "name", "out0", "netns", this.netns],
      ["ip", "-n", this.d.netns, "addr", "add", `${UPLINK4.host}/24`, "dev", "up0"],
      ["ip", "-n", this.d.netns, "addr", "add", `${UPLINK6.host}/64`, "dev", "up0", "nodad"],
      ["ip", "-n", this.d.netns, "link", "set", "up0", "up"],
      ["ip", "-n", this.netns, "addr", "add", `${UPLINK4.outside}/24`, "dev", "out0"],
      ["ip", "-n", this.netns, "addr", "add", `${UPLINK6.outside}/64`, "dev", "out0", "nodad"],
      ["ip", "-n", this.netns, "link", "set", "out0", "up"],
      ["ip", "-n", this.netns, "route", "add", "default", "via", UPLINK4.host],
      ["ip", "-n", this.netns, "-6", "route", "add", "default", "via", UPLINK6.host],
    ];
    for (const s of steps) {
      const r = run(s);
      if (r.code !== 0) throw new Error(`${s.join(" ")}: ${r.stderr}`);
    }
  }

  dispose(): void {
    this.server?.kill();
    run(["ip", "netns", "delete", this.netns]);
  }

  private server: ChildProcess | undefined;

  /** An HTTP server in the outside namespace on `port` answering with the client's address. */
  serve(port: number): void {
    this.server = serveIn(this.netns, port);
  }

  /** HTTP GET from the outside namespace. */
  get(url: string): RunResult {
    return httpIn(this.netns, url);
  }
}

/** An HTTP server in a namespace on `port`, answering with the client's address (ends itself after 10 min). */
export function serveIn(netns: string, port: number): ChildProcess {
  const js = `require("node:http").createServer((q, s) => s.end(q.socket.remoteAddress + "\\n")).listen(${port}); setTimeout(() => process.exit(0), 600000);`;
  return spawn("nsenter", [`--net=/run/netns/${netns}`, "--", process.execPath, "-e", js], { stdio: "ignore" });
}

/** HTTP GET with curl inside a namespace (busybox wget crashes outside its image here). */
export function httpIn(netns: string, url: string): RunResult {
  const r = run(["nsenter", `--net=/run/netns/${netns}`, "--", "curl", "-sS", "-g", "-m", "3", url]);
  return { ...r, stdout: clientAddr(r.stdout) };
}

/** REMOTE_ADDR as busybox httpd gives it ("[::ffff:10.0.0.1]") in plain form. */
export const clientAddr = (text: string): string => text.trim().replace(/^\[|\]$/g, "").replace(/^::ffff:/, "");

/** `docker run --rm [args] busybox` sending GET /cgi-bin/ip to host:port with nc; the answer's last line. */
export function fromContainer(d: TestDaemon, args: readonly string[], host: string, port: number): RunResult {
  const cmd = `printf 'GET /cgi-bin/ip HTTP/1.0\\r\\n\\r\\n' | nc -w 3 ${host} ${port}`;
  const r = d.docker(["run", "--rm", ...args, "busybox", "sh", "-c", cmd]);
  const last = r.stdout.trim().split("\n").pop() ?? "";
  const ok = r.code === 0 && r.stdout.includes("200 OK");
  return { code: ok ? 0 : r.code || 1, stdout: ok ? clientAddr(last) : "", stderr: ok ? r.stderr : `${r.stderr}${r.stdout.trim() ? ` (output: ${r.stdout.trim().slice(0, 200)})` : ""}` };
}

/** A shell command for busybox: httpd on `port` whose /cgi-bin/ip answers with REMOTE_ADDR. */
export function webCommand(port = 80): string[] {
  const script = '#!/bin/sh\\necho Content-Type: text/plain\\necho\\necho $REMOTE_ADDR\\n';
  return ["sh", "-c", `mkdir -p /www/cgi-bin && printf '${script}' > /www/cgi-bin/ip && chmod +x /www/cgi-bin/ip && exec httpd -f -p ${port} -h /www`];
}

/** Polls until `probe` returns true or `ms` pass. */
export async function eventually(probe: () => boolean, ms = 5000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (probe()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return probe();
}
