/**
 * One question to one upstream over TCP, with a timeout, and the checks UDP answers get too
 * (udp-pool.ts). The answer must come from that
 * upstream, be a response with our ID and echo our question (compared case-insensitively, as
 * servers may change the case); anything else is ignored. Resolves undefined on timeout.
 */
import net from "node:net";
import { canonicalIp } from "./names.js";
import type { Upstream } from "./types.js";
import { FrameReader, frame } from "./tcp-framing.js";
import { isResponse } from "./wire.js";

const lower = (b: number): number => (b >= 0x41 && b <= 0x5a ? b | 0x20 : b);

/** Whether `res` answers `query`: same ID, QR set, one question equal to ours. */
export function answersQuery(res: Buffer, query: Buffer, qBytes: number): boolean {
  if (res.length < 12 + qBytes || query.length < 12 + qBytes) return false;
  if (res.readUInt16BE(0) !== query.readUInt16BE(0) || !isResponse(res.readUInt16BE(2)) || res.readUInt16BE(4) !== 1) return false;
  for (let i = 12; i < 12 + qBytes; i++) if (lower(res[i] ?? -1) !== lower(query[i] ?? -2)) return false;
  return true;
}

export function tcpExchange(query: Buffer, qBytes: number, up: Upstream, timeoutMs: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const sock = net.connect({ host: up.address, port: up.port });
    const reader = new FrameReader();
    let done = false;
    const finish = (res: Buffer | undefined): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      resolve(res);
    };
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    sock.on("error", () => finish(undefined));
    sock.on("close", () => finish(undefined));
    sock.on("connect", () => sock.write(frame(query)));
    sock.on("data", (chunk: Buffer) => {
      for (const msg of reader.push(chunk)) if (answersQuery(msg, query, qBytes)) return finish(msg);
    });
  });
}

export function sameAddress(a: string, b: string): boolean {
  if (a === b) return true;
  const plain = (s: string): string | undefined => canonicalIp(s.replace(/^::ffff:(?=\d+\.)/i, ""));
  return plain(a) !== undefined && plain(a) === plain(b);
}
