/**
 * How dockerd words a container's state: the list's `Status` ("Up 3 seconds",
 * "Exited (0) 2 minutes ago", "Created") from container.State.String() with
 * go-units' HumanDuration, the `State` word, and the `Command` / `Path` / `Args` fields.
 */
import { humanDuration } from "../lib/human-duration.js";
import { parseTimestamp } from "../lib/time.js";

export { humanDuration };
import type { ContainerConfig, ContainerState } from "../model/container.js";

/** Epoch ms of an RFC 3339 time; undefined for Go's zero time or garbage. */
export function timeMs(t: string): number | undefined {
  if (t === "" || t.startsWith("0001-01-01")) return undefined;
  return parseTimestamp(t);
}

/** container.State.String(): the `Status` column of `docker ps`. */
export function statusText(s: ContainerState, nowMs: number): string {
  const started = timeMs(s.startedAt);
  const finished = timeMs(s.finishedAt);
  const since = (t: number | undefined): string => humanDuration(Math.max(0, nowMs - (t ?? nowMs)));
  switch (s.status) {
    case "running":
      return `Up ${since(started)}`;
    case "paused":
      return `Up ${since(started)} (Paused)`;
    case "restarting":
      return `Restarting (${s.exitCode}) ${since(finished)} ago`;
    case "removing":
      return "Removal In Progress";
    case "dead":
      return "Dead";
    default:
      if (started === undefined) return "Created";
      if (finished === undefined) return "";
      return `Exited (${s.exitCode}) ${since(finished)} ago`;
  }
}

/** The list's `State` word (StateString): "created" until the container first starts. */
export function stateWord(s: ContainerState): string {
  if (s.status === "exited" && timeMs(s.startedAt) === undefined) return "created";
  return s.status;
}

/** Path and Args as dockerd derives them from Entrypoint and Cmd. */
export function pathAndArgs(c: Pick<ContainerConfig, "entrypoint" | "cmd">): { path: string; args: string[] } {
  const argv = [...(c.entrypoint ?? []), ...c.cmd];
  return { path: argv[0] ?? "", args: argv.slice(1) };
}

/** The list's `Command`: Path then Args, an argument with a space in single quotes. */
export function commandLine(path: string, args: readonly string[]): string {
  if (args.length === 0) return path;
  return `${path} ${args.map((a) => (a.includes(" ") ? `'${a}'` : a)).join(" ")}`;
}

/** Unix seconds of an RFC 3339 time (0 when unparseable). */
export function unixSeconds(t: string): number {
  return Math.floor((parseTimestamp(t) ?? 0) / 1000);
}
