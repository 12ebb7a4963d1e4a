/** `berth version`: the client and the daemon's /version, laid out like `docker version`. */
import type { VersionComponentWire, VersionWire } from "../../api/wire/system.js";
import { API_VERSION, ApiError, CLIENT_VERSION, ConnectionError } from "../client.js";
import type { CommandDef } from "../command.js";
import { TabWriter } from "../format/tabwriter.js";
import { goTimeAnsic, parseGoTime } from "../format/go-time.js";
import { StatusError } from "../errors.js";

const goArch = (a: string): string => ({ x64: "amd64", ia32: "386", arm64: "arm64", arm: "arm" })[a] ?? a;

/** docker reformats RFC 3339 build times as time.ANSIC. */
const built = (s: string | undefined): string => {
  const t = s === undefined ? undefined : parseGoTime(s);
  return t ? goTimeAnsic(t) : (s ?? "");
};

function clientLines(): string[] {
  return [
    "Client:",
    ` Version:\t${CLIENT_VERSION}`,
    ` API version:\t${API_VERSION}`,
    ` Node version:\t${process.version}`,
    ` OS/Arch:\t${process.platform}/${goArch(process.arch)}`,
  ];
}

function componentLines(c: VersionComponentWire): string[] {
  const d = c.Details ?? {};
  if (c.Name === "Engine") {
    return [
      ` ${c.Name}:`,
      `  Version:\t${c.Version}`,
      `  API version:\t${d["ApiVersion"] ?? ""} (minimum version ${d["MinAPIVersion"] ?? ""})`,
      `  Go version:\t${d["GoVersion"] ?? ""}`,
      `  Git commit:\t${d["GitCommit"] ?? ""}`,
      `  Built:\t${built(d["BuildTime"])}`,
      `  OS/Arch:\t${d["Os"] ?? ""}/${d["Arch"] ?? ""}`,
      `  Experimental:\t${d["Experimental"] ?? ""}`,
    ];
  }
  const details = Object.keys(d).sort().map((k) => `  ${k}:\t${d[k] ?? ""}`);
  return [` ${c.Name}:`, `  Version:\t${c.Version}`, ...details];
}

/** The text `berth version` prints (server part omitted when `server` is undefined). */
export function renderVersion(server: VersionWire | undefined): string {
  const lines = clientLines();
  if (server) {
    lines.push("", `Server:${server.Platform?.Name ? " " + server.Platform.Name : ""}`);
    for (const c of server.Components ?? []) lines.push(...componentLines(c));
  }
  const tw = new TabWriter(20, 1, 1, " ");
  tw.write(lines.join("\n") + "\n");
  return tw.flush();
}

export const version: CommandDef = {
  name: "version",
  usage: "[OPTIONS]",
  summary: "Show the Berth version information",
  args: { none: true },
  options: [],
  async run(ctx) {
    try {
      ctx.io.stdout(renderVersion(await ctx.client().version()));
      return 0;
    } catch (e) {
      if (!(e instanceof ConnectionError || e instanceof ApiError)) throw e;
      // docker prints the client part, then the error.
      ctx.io.stdout(renderVersion(undefined));
      throw new StatusError(1, e.message);
    }
  },
};
