/**
 * Writing responses the way dockerd does: JSON bodies are Go's json.Encoder output (one line,
 * HTML characters not escaped, a trailing newline); plain text as Go's http.Error.
 */
import type { ServerResponse } from "node:http";

/** JSON.stringify plus what Go's encoder adds: U+2028/U+2029 escaped, a final newline. */
export function goJson(value: unknown): string {
  return JSON.stringify(value).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029") + "\n";
}

export function writeJson(res: ServerResponse, status: number, value: unknown): void {
  const body = goJson(value);
  res.statusCode = status;
  res.setHeader("Content-Type", "application/json");
  res.setHeader("Content-Length", Buffer.byteLength(body));
  res.end(body);
}

/** A status with no body (204, or 200 for connect/disconnect). */
export function writeEmpty(res: ServerResponse, status: number): void {
  res.statusCode = status;
  if (status !== 204) res.setHeader("Content-Length", 0);
  res.end();
}

/** Go's http.Error: the text and a newline, as text/plain. */
export function writePlainError(res: ServerResponse, status: number, message: string): void {
  const body = message + "\n";
  res.statusCode = status;
  res.setHeader("Content-Type", "text/plain; charset=utf-8");
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Content-Length", Buffer.byteLength(body));
  res.end(body);
}

/** Go's map encoding: keys in sorted order. Returns a new plain object. */
export function sortedRecord<T>(rec: Readonly<Record<string, T>>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of Object.keys(rec).sort()) out[k] = rec[k] as T;
  return out;
}
