/**
 * Sockets inside another network namespace, for the embedded DNS resolver at 127.0.0.11.
 * The native addon (native/netns/netns.c) switches the calling thread into the namespace,
 * creates a UDP and a listening TCP socket, and switches back, all in one synchronous call so
 * no JavaScript ever runs in the wrong namespace. Node then serves the fds from its own thread:
 *   dgram.createSocket("udp4").bind({ fd: udpFd }) and net.createServer().listen({ fd: tcpFd }).
 * The caller owns the two fds (close them through the Node sockets that wrap them).
 */
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { messageOf, systemError } from "../lib/errors.js";

export interface NetnsSockets {
  readonly udpFd: number;
  readonly tcpFd: number;
}

interface NetnsAddon {
  openSockets(netnsPath: string, address: string, port: number): { udpFd: number; tcpFd: number };
}

/** This file runs as dist/src/kernel/netns-socket.js: three levels below the repo root. */
export const ADDON_PATH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../native/netns/build/Release/netns.node");

let addon: NetnsAddon | undefined;

function loadAddon(): NetnsAddon {
  if (addon) return addon;
  try {
    const loaded: unknown = createRequire(import.meta.url)(ADDON_PATH);
    if (typeof loaded !== "object" || loaded === null || typeof (loaded as Partial<NetnsAddon>).openSockets !== "function") {
      throw new Error("no openSockets export");
    }
    addon = loaded as NetnsAddon;
    return addon;
  } catch (e) {
    throw systemError(`Cannot load the netns addon ${ADDON_PATH} (run "npm run build:native"): ${messageOf(e)}`, e);
  }
}

/** Whether the addon is built and loads (tests and the daemon's start-up check). */
export function netnsAddonAvailable(): boolean {
  try {
    loadAddon();
    return true;
  } catch {
    return false;
  }
}

/**
 * Opens the resolver's UDP and TCP sockets on address:port inside the namespace at netnsPath
 * (a /run/netns/<name> bind mount or /proc/<pid>/ns/net). SystemError with the errno text on
 * failure (e.g. "bind(udp): Address already in use"); nothing is left open then.
 */
export function openResolverSockets(netnsPath: string, address = "127.0.0.11", port = 53): NetnsSockets {
  const native = loadAddon();
  try {
    const { udpFd, tcpFd } = native.openSockets(netnsPath, address, port);
    return { udpFd, tcpFd };
  } catch (e) {
    throw systemError(`Cannot open the DNS sockets at ${address}:${port} in ${netnsPath}: ${messageOf(e)}`, e);
  }
}
