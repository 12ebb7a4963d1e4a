/**
 * THE one place that turns a thrown value into an HTTP status and Docker's error body
 * (spec §1.2). BerthError kinds map to statuses; anything else is a 500 carrying its
 * message, and its stack goes to the log because it is a bug or an unclassified failure.
 */
import type { ServerResponse } from "node:http";
import { isBerthError, messageOf, type ErrorKind } from "../lib/errors.js";
import { writeJson, writePlainError } from "./respond.js";

const STATUS_BY_KIND: Readonly<Record<ErrorKind, number>> = {
  InvalidParameter: 400,
  Forbidden: 403,
  NotFound: 404,
  Conflict: 409,
  NotImplemented: 501,
  Unavailable: 503,
  System: 500,
};

export interface MappedError {
  readonly status: number;
  readonly message: string;
}

/** Status and message for any thrown value; logs the stack of unclassified errors. */
export function mapError(e: unknown, log?: (line: string) => void): MappedError {
  if (isBerthError(e)) return { status: STATUS_BY_KIND[e.kind], message: e.message };
  const stack = e instanceof Error && e.stack ? e.stack : String(e);
  log?.(`unclassified error (500): ${stack}`);
  return { status: 500, message: messageOf(e) };
}

/**
 * Writes the error response: `{"message": ...}` as application/json, or Go's plain text
 * for clients that asked for a path version without JSON errors (≤ 1.23).
 */
export function writeError(
  res: ServerResponse,
  e: unknown,
  opts: { readonly json: boolean; readonly log?: ((line: string) => void) | undefined },
): MappedError {
  const mapped = mapError(e, opts.log);
  if (res.headersSent) {
    res.destroy();
    return mapped;
  }
  if (opts.json) writeJson(res, mapped.status, { message: mapped.message });
  else writePlainError(res, mapped.status, mapped.message);
  return mapped;
}
