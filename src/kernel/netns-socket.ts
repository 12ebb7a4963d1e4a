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

let loadedModule: unknown;
let loadError: unknown;

/**
 * The addon's module, loaded once (undefined when it is not built). Every user of the addon
 * (sockets here, namespaces in netns-ops.ts, mounts in mounts.ts) checks the functions it needs.
 */
export function nativeAddon(): unknown {
  if (loadedModule === undefined && loadError === undefined) {
    try {
      loadedModule = createRequire(import.meta.url)(ADDON_PATH);
    } catch (e) {
      loadError = e;
    }
  }
  return loadedModule;
}

function loadAddon(): NetnsAddon {
  const loaded = nativeAddon();
  if (typeof loaded === "object" && loaded !== null && typeof (loaded as Partial<NetnsAddon>).openSockets === "function") return loaded as NetnsAddon;
  const why = loadError === undefined ? "no openSockets export" : messageOf(loadError);
  throw systemError(`Cannot load the netns addon ${ADDON_PATH} (run "npm run build:native"): ${why}`, loadError);
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
