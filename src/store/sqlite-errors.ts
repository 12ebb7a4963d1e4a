/** Recognising SQLite failures by their extended result code, never by message text. */
import Database from "better-sqlite3";
import { isBerthError, messageOf, systemError } from "../lib/errors.js";

export function sqliteCode(e: unknown): string | undefined {
  return e instanceof Database.SqliteError ? e.code : undefined;
}

/** SQLITE_BUSY and SQLITE_LOCKED with their extended variants: another connection holds the lock. */
export function isLockError(e: unknown): boolean {
  const code = sqliteCode(e);
  return code !== undefined && /^SQLITE_(BUSY|LOCKED)(_|$)/.test(code);
}

/** Typed errors pass through; anything else becomes a System error naming the action. */
export function storeError(action: string, e: unknown): Error {
  return isBerthError(e) ? e : systemError(`store: ${action}: ${messageOf(e)}`, e);
}
