/**
 * Request bodies as dockerd reads them (spec §1.2, httputils.ReadJSON): the Content-Type
 * must be application/json unless the body is empty; an empty body is the zero value;
 * invalid JSON is `invalid JSON: <Go decoder error>`; anything after the first value is
 * `unexpected content after JSON`. All failures are InvalidParameter (400).
 */
import type { IncomingMessage } from "node:http";
import { invalidParameter } from "../lib/errors.js";
import { JsonTypeError } from "./decode.js";
import { hasMoreContent, scanFirstJsonValue } from "./json-scan.js";

/** Bodies larger than this are refused (network and container requests are a few KiB). */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Reads the whole body, refusing more than `limit` bytes. */
export function readRawBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on("data", (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(invalidParameter(`request body is too large: the limit is ${limit} bytes`));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on("error", (e) => {
      if (!failed) reject(e);
    });
  });
}

/** Go's mime.ParseMediaType, reduced to what Docker checks: the lower-cased media type. */
export function parseMediaType(contentType: string): { mediaType: string } | { error: string } {
  const [head = "", ...params] = contentType.split(";");
  const mediaType = head.trim().toLowerCase();
  if (mediaType === "") return { error: "mime: no media type" };
  const slash = mediaType.indexOf("/");
  if (slash < 0) return { error: "mime: expected slash after first token" };
  if (slash === mediaType.length - 1) return { error: "mime: expected token after slash" };
  if (!/^[!#$%&'*+\-.^_`|~0-9a-z]+\/[!#$%&'*+\-.^_`|~0-9a-z]+$/.test(mediaType)) {
    return { error: "mime: unexpected content after media subtype" };
  }
  for (const p of params) if (p.trim() !== "" && !p.includes("=")) return { error: "mime: invalid media parameter" };
  return { mediaType };
}

/** dockerd's CheckForJSON: no Content-Type is fine only for an empty body. */
export function checkJsonContentType(contentType: string | undefined, bodyIsEmpty: boolean): void {
  const ct = contentType ?? "";
  if (ct === "" && bodyIsEmpty) return;
  const parsed = parseMediaType(ct);
  if ("error" in parsed) throw invalidParameter(`malformed Content-Type header (${ct}): ${parsed.error}`);
  if (parsed.mediaType !== "application/json") {
    throw invalidParameter(`unsupported Content-Type header (${ct}): must be 'application/json'`);
  }
}

/**
 * Parses a body as JSON the way Go's json.Decoder does. Returns undefined for an empty body
 * (no bytes at all); whitespace only is Go's EOF error.
 */
export function parseJsonBody(text: string): unknown {
  if (text.length === 0) return undefined;
  const scan = scanFirstJsonValue(text);
  if (scan.kind === "empty") throw invalidParameter("invalid JSON: got EOF while reading request body");
  if (scan.kind === "error") throw invalidParameter(`invalid JSON: ${scan.message}`);
  const value: unknown = JSON.parse(text.slice(scan.start, scan.end));
  if (hasMoreContent(text, scan.end)) throw invalidParameter("unexpected content after JSON");
  return value;
}

/** Reads and parses a JSON body: Content-Type check, size cap, Go-like syntax errors. */
export async function readJsonBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<unknown> {
  const raw = await readRawBody(req, limit);
  checkJsonContentType(req.headers["content-type"], raw.length === 0);
  return parseJsonBody(raw.toString("utf8"));
}

/**
 * Reads a JSON body and decodes it with `decode` (which sees undefined for an empty body).
 * Go type errors become `invalid JSON: json: cannot unmarshal ...` (400), as in dockerd.
 */
export async function readJsonAs<T>(req: IncomingMessage, decode: (value: unknown) => T): Promise<T> {
  const value = await readJsonBody(req);
  return decodeJson(value, decode);
}

/** Runs a decoder, turning its Go-style type errors into dockerd's 400. */
export function decodeJson<T>(value: unknown, decode: (value: unknown) => T): T {
  try {
    return decode(value);
  } catch (e) {
    if (e instanceof JsonTypeError) throw invalidParameter(`invalid JSON: ${e.message}`);
    throw e;
  }
}
