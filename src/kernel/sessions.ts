/**
 * The process-wide co-processes of the daemon's own namespace (ip-session.ts, nft-session.ts).
 * They start on first use and are unref'd, so closing them is optional; a daemon that closes
 * them on shutdown lets queued work finish and ends the children before it exits.
 */
import { closeSharedIpSession } from "./ip-session.js";
import { closeSharedNftSession } from "./nft-session.js";

export { sharedIpSession } from "./ip-session.js";
export { sharedNftSession } from "./nft-session.js";

/** Ends the shared ip and nft sessions (after their queued requests); a later use starts new ones. */
export async function closeSharedSessions(): Promise<void> {
  await Promise.all([closeSharedIpSession(), closeSharedNftSession()]);
}
