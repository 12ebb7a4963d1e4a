/**
 * A fake upstream DNS server for tests (dns-packet based), UDP and TCP on one port:
 * `answers` maps a name (any case, no trailing dot) to addresses (A for IPv4, AAAA for IPv6);
 * other names get NXDOMAIN. truncateUdp: UDP answers carry TC and no records (TCP answers are
 * whole). silent: reads queries and never answers. `queries` lists the names asked, in order;
 * `transports` says over what.
 */
import dnsPacket, { type Answer } from "dns-packet";
import type dgram from "node:dgram";
import { isIPv4, type Socket } from "node:net";
import { FrameReader, frame } from "../tcp-framing.js";
import { bindTestSockets, type TestSockets } from "./bound-sockets.js";

export interface FakeUpstreamOptions {
  address?: string;
  port?: number;
  answers: Record<string, string[]>;
  truncateUdp?: boolean;
  silent?: boolean;
  /** Serve on these instead of binding address:port (e.g. sockets opened in another namespace). */
  sockets?: TestSockets;
  /** Told of every query as it arrives (the name as asked). */
  onQuery?: (name: string, transport: "udp" | "tcp") => void;
}

export interface FakeUpstream {
  address: string;
  port: number;
  queries: string[];
  transports: ("udp" | "tcp")[];
  close(): Promise<void>;
}

function reply(query: Buffer, opts: FakeUpstreamOptions, truncate: boolean): Buffer | undefined {
  let q;
  try {
    q = dnsPacket.decode(query);
  } catch {
    return undefined;
  }
  const question = q.questions?.[0];
  if (!question) return undefined;
  const key = question.name.toLowerCase().replace(/\.$/, "");
  const known = Object.entries(opts.answers).find(([n]) => n.toLowerCase() === key)?.[1];
  const answers: Answer[] = (known ?? [])
    .filter((ip) => (question.type === "A" ? isIPv4(ip) : question.type === "AAAA" && !isIPv4(ip)))
    .map((ip) => ({ type: isIPv4(ip) ? "A" : "AAAA", name: question.name, ttl: 300, class: "IN", data: ip }));
  const rcode = known ? 0 : 3;
  const flags = (q.flags ?? 0) & dnsPacket.RECURSION_DESIRED;
  return dnsPacket.encode({
    type: "response",
    id: q.id ?? 0,
    flags: flags | dnsPacket.RECURSION_AVAILABLE | rcode | (truncate ? dnsPacket.TRUNCATED_RESPONSE : 0),
    questions: [question],
    answers: truncate ? [] : answers,
  });
}

function noteQuery(up: FakeUpstream, query: Buffer, transport: "udp" | "tcp", onQuery: FakeUpstreamOptions["onQuery"]): void {
  try {
    const name = dnsPacket.decode(query).questions?.[0]?.name ?? "";
    up.queries.push(name);
    up.transports.push(transport);
    onQuery?.(name, transport);
  } catch {
    /* not a DNS message: not a query */
  }
}

export async function startFakeUpstream(opts: FakeUpstreamOptions): Promise<FakeUpstream> {
  const s = opts.sockets ?? (await bindTestSockets(opts.address ?? "127.0.0.1", opts.port ?? 0));
  const conns = new Set<Socket>();
  const up: FakeUpstream = {
    address: s.address,
    port: s.port,
    queries: [],
    transports: [],
    close: () =>
      new Promise<void>((res) => {
        for (const c of conns) c.destroy();
        s.tcp.close(() => res());
        s.udp.close();
      }),
  };
  s.udp.on("message", (msg: Buffer, rinfo: dgram.RemoteInfo) => {
    noteQuery(up, msg, "udp", opts.onQuery);
    const res = opts.silent ? undefined : reply(msg, opts, opts.truncateUdp ?? false);
    if (res) s.udp.send(res, rinfo.port, rinfo.address);
  });
  s.tcp.on("connection", (sock) => {
    const reader = new FrameReader();
    conns.add(sock);
    sock.on("close", () => conns.delete(sock));
    sock.on("error", () => sock.destroy());
    sock.on("data", (chunk: Buffer) => {
      for (const msg of reader.push(chunk)) {
        noteQuery(up, msg, "tcp", opts.onQuery);
        const res = opts.silent ? undefined : reply(msg, opts, false);
        if (res) sock.write(frame(res));
      }
    });
  });
  return up;
}
