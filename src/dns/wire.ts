/**
 * The DNS message side of the server, on top of dns-packet (no codec of our own): checking a
 * client's query (drop / error answer / a question to resolve), building answers with the
 * client's flags and EDNS, and truncating (TC) what does not fit the client's UDP size.
 */
import dnsPacket, { type Answer, type DecodedPacket, type OptAnswer, type Question } from "dns-packet";

export const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;
/** EDNS extended rcode 16 (BADVERS): the upper 8 bits go in the OPT record, the lower 4 in the header. */
const BADVERS = 16;
/** Largest query we read (a real question with EDNS options is far smaller). */
export const MAX_QUERY_BYTES = 4096;
/** What we advertise and the most we send over UDP (the DNS flag day 2020 size). */
export const SERVER_UDP_SIZE = 1232;
const CLASSIC_UDP_SIZE = 512;
/** Answer + authority + additional records a query may carry (OPT, TSIG, ...). */
const MAX_QUERY_RECORDS = 8;

const QR = 0x8000;
const AA = 0x0400;
const TC = 0x0200;
const RD = 0x0100;
const RA = 0x0080;
const CD = 0x0010;

export type Transport = "udp" | "tcp";

export interface Edns {
  readonly udpPayloadSize: number;
  readonly dnssecOk: boolean;
}

export interface ParsedQuery {
  readonly id: number;
  readonly flags: number;
  readonly question: Question;
  /** Length of the question section in the query (it starts at byte 12). */
  readonly questionBytes: number;
  readonly edns: Edns | undefined;
}

export type Classified =
  | { readonly kind: "drop" }
  | { readonly kind: "error"; readonly response: Buffer }
  | { readonly kind: "query"; readonly query: ParsedQuery };

export const opcodeOf = (flags: number): number => (flags >> 11) & 0xf;
export const rcodeOf = (flags: number): number => flags & 0xf;
export const isTruncated = (flags: number): boolean => (flags & TC) !== 0;
export const isResponse = (flags: number): boolean => (flags & QR) !== 0;

/** The 16-bit flags of an answer to a query with `queryFlags`. */
function answerFlags(queryFlags: number, rcode: number, opts: { aa?: boolean; ra?: boolean; tc?: boolean }): number {
  return (queryFlags & (RD | CD)) | (opcodeOf(queryFlags) << 11) | (opts.aa ? AA : 0) | (opts.ra ? RA : 0) | (opts.tc ? TC : 0) | (rcode & 0xf);
}

/** An answer with only a header (for packets whose question we cannot or will not echo). */
export function bareResponse(id: number, queryFlags: number, rcode: number): Buffer {
  return dnsPacket.encode({ type: "response", id, flags: answerFlags(queryFlags, rcode, { ra: true }) });
}

/**
 * The question's length when dns-packet writes it back byte for byte, else undefined (labels
 * with "." or non-UTF-8 bytes, compression pointers: never a name we hold, and not echoable).
 */
function roundTripLength(buf: Buffer, q: Question): number | undefined {
  try {
    const enc = dnsPacket.encode({ id: 0, questions: [q] }).subarray(12);
    return buf.length >= 12 + enc.length && enc.equals(buf.subarray(12, 12 + enc.length)) ? enc.length : undefined;
  } catch {
    return undefined;
  }
}

function ednsOf(p: DecodedPacket): Edns | "formerr" | "badvers" | undefined {
  const opts = (p.additionals ?? []).filter((a): a is OptAnswer => a.type === "OPT");
  if (opts.length === 0) return undefined;
  const opt = opts[0];
  if (opts.length > 1 || !opt || opt.name !== ".") return "formerr";
  if (opt.ednsVersion !== 0) return "badvers";
  return { udpPayloadSize: opt.udpPayloadSize, dnssecOk: opt.flag_do };
}

/** Checks a client's packet: what to do with it (never throws). */
export function classify(buf: Buffer): Classified {
  if (buf.length < 12 || buf.length > MAX_QUERY_BYTES) return { kind: "drop" };
  const id = buf.readUInt16BE(0);
  const flags = buf.readUInt16BE(2);
  if (isResponse(flags)) return { kind: "drop" };
  if (opcodeOf(flags) !== 0) return { kind: "error", response: bareResponse(id, flags, RCODE.NOTIMP) };
  // Counts first: a query has one question and (EDNS, TSIG) a few records; decoding huge
  // counts would cost dns-packet far more than the packet is worth.
  const records = buf.readUInt16BE(6) + buf.readUInt16BE(8) + buf.readUInt16BE(10);
  if (buf.readUInt16BE(4) !== 1 || records > MAX_QUERY_RECORDS) return { kind: "error", response: bareResponse(id, flags, RCODE.FORMERR) };
  let p: DecodedPacket;
  try {
    p = dnsPacket.decode(buf);
  } catch {
    return { kind: "error", response: bareResponse(id, flags, RCODE.FORMERR) };
  }
  const question = p.questions?.[0];
  if (p.questions?.length !== 1 || !question) return { kind: "error", response: bareResponse(id, flags, RCODE.FORMERR) };
  const edns = ednsOf(p);
  if (edns === "formerr") return { kind: "error", response: bareResponse(id, flags, RCODE.FORMERR) };
  const questionBytes = roundTripLength(buf, question);
  if (questionBytes === undefined) return { kind: "error", response: bareResponse(id, flags, RCODE.REFUSED) };
  const query: ParsedQuery = { id, flags, question, questionBytes, edns: edns === "badvers" ? { udpPayloadSize: CLASSIC_UDP_SIZE, dnssecOk: false } : edns };
  if (edns === "badvers") return { kind: "error", response: buildResponse(query, { rcode: BADVERS, answers: [] }, "tcp") };
  if (question.class !== "IN") return { kind: "error", response: buildResponse(query, { rcode: RCODE.REFUSED, answers: [] }, "tcp") };
  return { kind: "query", query };
}

/** The most bytes an answer to `q` may have on `transport`. */
export function sizeLimit(q: ParsedQuery, transport: Transport): number {
  if (transport === "tcp") return 65535;
  if (!q.edns) return CLASSIC_UDP_SIZE;
  return Math.min(SERVER_UDP_SIZE, Math.max(CLASSIC_UDP_SIZE, q.edns.udpPayloadSize));
}

export interface AnswerSpec {
  readonly rcode: number;
  readonly answers: Answer[];
  readonly authoritative?: boolean;
  /** Send TC with no records whatever the size (an upstream answer too big for the client). */
  readonly truncated?: boolean;
}

/** Encodes the answer to `q`, with OPT when the client used EDNS; TC and no records when too big. */
export function buildResponse(q: ParsedQuery, spec: AnswerSpec, transport: Transport): Buffer {
  const additionals: Answer[] = [];
  if (q.edns) {
    additionals.push({
      type: "OPT",
      name: ".",
      udpPayloadSize: SERVER_UDP_SIZE,
      extendedRcode: spec.rcode >> 4,
      ednsVersion: 0,
      flags: q.edns.dnssecOk ? dnsPacket.DNSSEC_OK : 0,
      flag_do: q.edns.dnssecOk,
      options: [],
    });
  }
  const packet = (answers: Answer[], tc: boolean): Buffer =>
    dnsPacket.encode({
      type: "response",
      id: q.id,
      flags: answerFlags(q.flags, spec.rcode, { aa: spec.authoritative ?? false, ra: true, tc }),
      questions: [q.question],
      answers,
      additionals,
    });
  if (spec.truncated) return packet([], true);
  const full = packet(spec.answers, false);
  return full.length <= sizeLimit(q, transport) ? full : packet([], true);
}

/** A copy of `response` carrying `id` (cached answers, upstream answers). */
export function withId(response: Buffer, id: number): Buffer {
  const out = Buffer.allocUnsafe(response.length);
  response.copy(out);
  out.writeUInt16BE(id, 0);
  return out;
}
