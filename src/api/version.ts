/**
 * Engine API versions (spec §1.1): what Berth advertises, how "X.Y" strings compare (as
 * Docker's versions package: dot-separated integers, missing parts are 0), and the
 * per-request check with Docker's exact texts.
 */
import { invalidParameter, type BerthError } from "../lib/errors.js";

/** The API version Berth implements fully and advertises (Docker 27). */
export const API_VERSION = "1.47";
/** The oldest API version Berth still answers. */
export const MIN_API_VERSION = "1.24";
/** Path versions at or below this get plain-text errors instead of `{"message":...}`. */
const LAST_PLAIN_TEXT_ERROR_VERSION = "1.23";

/** -1, 0 or 1, comparing "X.Y[.Z]" strings numerically part by part. */
export function compareApiVersions(a: string, b: string): number {
  if (a === b) return 0;
  const pa = a.split(".");
  const pb = b.split(".");
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = partValue(pa[i]);
    const y = partValue(pb[i]);
    if (x !== y) return x > y ? 1 : -1;
  }
  return 0;
}

/** Go's strconv.Atoi with the error ignored: anything but a plain integer counts as 0. */
function partValue(part: string | undefined): number {
  return part !== undefined && /^[+-]?[0-9]+$/.test(part) ? Number.parseInt(part, 10) : 0;
}

export const versionLessThan = (a: string, b: string): boolean => compareApiVersions(a, b) < 0;
export const versionAtLeast = (a: string, b: string): boolean => compareApiVersions(a, b) >= 0;

/** The version a request is served at: the one in its path, else the maximum. */
export const effectiveVersion = (pathVersion: string | undefined): string => pathVersion ?? API_VERSION;

/** Docker's version middleware check; undefined when the version is acceptable. */
export function checkApiVersion(version: string): BerthError | undefined {
  if (versionLessThan(version, MIN_API_VERSION)) {
    return invalidParameter(
      `client version ${version} is too old. Minimum supported API version is ${MIN_API_VERSION}, ` +
        "please upgrade your client to a newer version",
    );
  }
  if (compareApiVersions(version, API_VERSION) > 0) {
    return invalidParameter(`client version ${version} is too new. Maximum supported API version is ${API_VERSION}`);
  }
  return undefined;
}

/** Whether errors for a request with this path version are JSON (true) or plain text. */
export const jsonErrors = (pathVersion: string | undefined): boolean =>
  pathVersion === undefined || compareApiVersions(pathVersion, LAST_PLAIN_TEXT_ERROR_VERSION) > 0;
