/** `berth logs`: inspect (for the TTY setting and full ID), then the log stream, demultiplexed unless TTY. */
import { ApiError } from "../client.js";
import { containerInspect, containerLogs } from "../client-containers.js";
import { boolFlag, opt, type CommandDef } from "../command.js";
import { StatusError } from "../errors.js";
import { bytesErr, bytesOut } from "../container-session.js";
import { StdDemux, StreamError } from "../stream-output.js";
import { getTimestamp } from "../format/go-timestamp.js";

export const logs: CommandDef = {
  name: "logs",
  usage: "[OPTIONS] CONTAINER",
  summary: "Fetch the logs of a container",
  args: { exact: 1 },
  options: [
    { flags: "--details", help: ["Show extra details provided to logs"], bool: true },
    { flags: "-f, --follow", help: ["Follow log output"], bool: true },
    { flags: "--since <string>", help: ["Show logs since timestamp (e.g.", '"2013-01-02T13:23:37Z") or relative (e.g. "42m"', 'for 42 minutes)'] },
    { flags: "-n, --tail <string>", help: ['Number of lines to show from the end of the logs', '(default "all")'] },
    { flags: "-t, --timestamps", help: ["Show timestamps"], bool: true },
    { flags: "--until <string>", help: ["Show logs before a timestamp (e.g.", '"2013-01-02T13:23:37Z") or relative (e.g. "42m"', 'for 42 minutes)'] },
  ],
  async run(ctx, args, opts) {
    const stamp = (name: "since" | "until"): string => {
      const v = opt<string>(opts, name, "");
      if (v === "") return "";
      try {
        return getTimestamp(v, Date.now());
      } catch (e) {
        throw new StatusError(1, `invalid value for ${JSON.stringify(name)}: ${(e as Error).message}`);
      }
    };
    try {
      const c = (await containerInspect(ctx.client(), args[0]!)).value;
      const res = await containerLogs(ctx.client(), c.Id, {
        follow: boolFlag(opts, "follow") ?? false,
        tail: opt(opts, "tail", "all"),
        timestamps: boolFlag(opts, "timestamps") ?? false,
        since: stamp("since"),
        until: stamp("until"),
        details: boolFlag(opts, "details") ?? false,
      });
      const out = bytesOut(ctx.io);
      const demux = c.Config.Tty ? undefined : new StdDemux(out, bytesErr(ctx.io));
      for await (const chunk of res) {
        if (demux) demux.push(chunk as Buffer);
        else out(chunk as Buffer);
      }
    } catch (e) {
      if (e instanceof ApiError || e instanceof StreamError) throw new StatusError(1, e.message);
      throw e;
    }
    return 0;
  },
};
