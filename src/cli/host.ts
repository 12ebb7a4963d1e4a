/**
 * Where the daemon is: -H/--host, else BERTH_HOST, else DOCKER_HOST, else Berth's
 * default socket. `unix:///path` and `tcp://host:port` are understood.
 */

export const DEFAULT_HOST = "unix:///run/berth/berth.sock";

export type Endpoint =
  | { readonly kind: "unix"; readonly url: string; readonly socketPath: string }
  | { readonly kind: "tcp"; readonly url: string; readonly host: string; readonly port: number };

export function resolveHost(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): string {
  for (const v of [flag, env["BERTH_HOST"], env["DOCKER_HOST"]]) if (v !== undefined && v !== "") return v;
  return DEFAULT_HOST;
}

/** A -H / BERTH_HOST / DOCKER_HOST value that cannot be used (printed as is, exit 1). */
export class HostError extends Error {}

/** Parses a host URL; throws HostError when it is not usable. */
export function parseEndpoint(url: string): Endpoint {
  if (url.startsWith("/")) return { kind: "unix", url: "unix://" + url, socketPath: url };
  const m = /^([a-z]+):\/\/(.*)$/.exec(url);
  if (!m) throw new HostError(`unable to parse docker host \`${url}\``);
  const [, proto, rest = ""] = m;
  if (proto === "unix") {
    if (rest === "") throw new HostError(`invalid bind address (${url}): empty socket path`);
    return { kind: "unix", url, socketPath: rest };
  }
  if (proto === "tcp" || proto === "http") {
    const hp = /^\[?([^\]]*?)\]?(?::(\d+))?\/?$/.exec(rest);
    if (!hp || hp[1] === "") throw new HostError(`invalid bind address (${url}): missing host`);
    return { kind: "tcp", url, host: hp[1]!, port: Number(hp[2] ?? "2375") };
  }
  throw new HostError(`protocol not available: ${proto}`);
}
