/**
 * Typed errors. Every failure that reaches a client is a BerthError whose `kind`
 * decides the HTTP status (the one mapping lives in src/api/error-mapper.ts) and whose
 * message is Docker's text where Docker has one, so clients that match on it keep working.
 */
export type ErrorKind =
  | "InvalidParameter" // 400
  | "Forbidden" // 403
  | "NotFound" // 404
  | "Conflict" // 409
  | "NotImplemented" // 501
  | "Unavailable" // 503
  | "System"; // 500: Docker's "unclassified" errors, and kernel failures

export class BerthError extends Error {
  override readonly name = "BerthError";
  constructor(
    readonly kind: ErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const invalidParameter = (message: string, cause?: unknown): BerthError =>
  new BerthError("InvalidParameter", message, { cause });
export const forbidden = (message: string, cause?: unknown): BerthError =>
  new BerthError("Forbidden", message, { cause });
export const notFound = (message: string, cause?: unknown): BerthError => new BerthError("NotFound", message, { cause });
export const conflict = (message: string, cause?: unknown): BerthError => new BerthError("Conflict", message, { cause });
export const notImplemented = (message: string, cause?: unknown): BerthError =>
  new BerthError("NotImplemented", message, { cause });
export const unavailable = (message: string, cause?: unknown): BerthError =>
  new BerthError("Unavailable", message, { cause });
export const systemError = (message: string, cause?: unknown): BerthError =>
  new BerthError("System", message, { cause });

export function isBerthError(e: unknown, kind?: ErrorKind): e is BerthError {
  return e instanceof BerthError && (kind === undefined || e.kind === kind);
}

/** The message of any thrown value, for logs and wrapped errors. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
