/**
 * The pure part of starting a container: its argv, environment, working directory and
 * binds from the container's config merged with the image's (Docker's rules).
 */
import { invalidParameter } from "../../lib/errors.js";
import type { Container } from "../../model/container.js";
import type { ImageDetail } from "../image-contract.js";

export const DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

export function processArgs(c: Container, image: ImageDetail["config"]): string[] {
  const entrypoint = c.config.entrypoint ?? image.entrypoint ?? [];
  // An explicit --entrypoint drops the image's CMD (Docker's rule).
  const cmd = c.config.cmd.length > 0 ? c.config.cmd : c.config.entrypoint !== null ? [] : (image.cmd ?? []);
  const args = [...entrypoint, ...cmd];
  if (args.length === 0) throw invalidParameter("no command specified");
  return args;
}

/** Image env, then container env (a key set by the container wins), PATH default, HOSTNAME, TERM. */
export function processEnv(c: Container, image: ImageDetail["config"], hostname: string, extra: readonly string[] = []): string[] {
  const out = new Map<string, string>();
  const put = (kv: string): void => {
    const i = kv.indexOf("=");
    const k = i < 0 ? kv : kv.slice(0, i);
    if (k !== "") out.set(k, kv);
  };
  put(DEFAULT_PATH);
  put(`HOSTNAME=${hostname}`);
  if (c.config.tty) put("TERM=xterm");
  for (const kv of image.env) put(kv);
  for (const kv of extra) put(kv);
  for (const kv of c.config.env) if (kv.includes("=")) put(kv);
  return [...out.values()];
}

export interface ParsedBind {
  readonly source: string;
  readonly destination: string;
  readonly readonly: boolean;
}

/** Parses -v host:container[:ro|rw]. Berth has no named volumes: a source must be an absolute path. */
export function parseBind(spec: string): ParsedBind {
  const parts = spec.split(":");
  const [source, destination, mode] = parts;
  if (parts.length < 2 || parts.length > 3 || !source || !destination) {
    throw invalidParameter(`invalid volume specification: '${spec}'`);
  }
  if (!source.startsWith("/")) {
    throw invalidParameter(
      `invalid mount config for type "bind": invalid mount path: '${source}' mount path must be absolute (Berth has no named volumes)`,
    );
  }
  if (!destination.startsWith("/")) throw invalidParameter(`invalid volume specification: '${spec}': mount path must be absolute`);
  const opts = (mode ?? "").split(",").filter((s) => s !== "");
  for (const o of opts) if (!["ro", "rw", "z", "Z", "rprivate", "private", "rslave", "slave", "rshared", "shared"].includes(o)) {
    throw invalidParameter(`invalid mode: ${o}`);
  }
  return { source, destination, readonly: opts.includes("ro") };
}
