/**
 * A small DNS client for tests and benchmarks: builds queries with dns-packet and sends raw
 * packets over UDP or TCP, collecting what comes back.
 */
import dnsPacket, { type DecodedPacket, type Packet, type RecordType } from "dns-packet";
import dgram from "node:dgram";
import net from "node:net";
import { FrameReader, frame } from "../tcp-framing.js";

export interface QueryOptions {
  id?: number;
  edns?: number; // UDP payload size; adds an OPT record
  rd?: boolean;
}

export function makeQuery(name: string, type: RecordType, opts: QueryOptions = {}): Buffer {
  const p: Packet = {
    type: "query",
    id: opts.id ?? 4242,
    flags: opts.rd === false ? 0 : dnsPacket.RECURSION_DESIRED,
    questions: [{ name, type, class: "IN" }],
  };
  if (opts.edns !== undefined) {
    p.additionals = [{ type: "OPT", name: ".", udpPayloadSize: opts.edns, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }];
  }
  return dnsPacket.encode(p);
}

/** Sends one datagram; the first datagram back, or undefined after timeoutMs. */
export function udpExchangeRaw(port: number, query: Buffer, timeoutMs = 1000, address = "127.0.0.1"): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const sock = dgram.createSocket("udp4");
    const timer = setTimeout(() => done(undefined), timeoutMs);
    const done = (b: Buffer | undefined): void => {
      clearTimeout(timer);
      sock.close();
      resolve(b);
    };
    sock.once("message", (m) => done(m));
    sock.send(query, port, address);
  });
}

/** Sends the messages on one TCP connection; the messages back once `expect` arrived or timeoutMs. */
export function tcpExchangeRaw(port: number, queries: Buffer[], expect: number, timeoutMs = 1000, address = "127.0.0.1"): Promise<Buffer[]> {
  return new Promise((resolve) => {
    const out: Buffer[] = [];
    const reader = new FrameReader();
    const sock = net.connect({ host: address, port });
    const timer = setTimeout(() => done(), timeoutMs);
    const done = (): void => {
      clearTimeout(timer);
      sock.destroy();
      resolve(out);
    };
    sock.on("error", () => done());
    sock.on("close", () => done());
    sock.on("connect", () => sock.write(Buffer.concat(queries.map(frame))));
    sock.on("data", (chunk: Buffer) => {
      out.push(...reader.push(chunk));
      if (out.length >= expect) done();
    });
  });
}

export const decode = (b: Buffer | undefined): DecodedPacket => {
  if (!b) throw new Error("no answer");
  return dnsPacket.decode(b);
};

export const rcodeName = (p: DecodedPacket): string => (p as DecodedPacket & { rcode?: string }).rcode ?? "?";
