/**
 * One query from one client, start to end: the answer cache, checks (wire.ts), the resolver,
 * and forwarding. Returns the answer at once (a Buffer), later (a Promise), or not at all
 * (undefined: the packet is dropped). Never throws for any input.
 */
import { AnswerCache } from "./answer-cache.js";
import type { Forwarder } from "./forwarder.js";
import { resolve } from "./resolver.js";
import type { DnsClientView, DnsDirectory } from "./types.js";
import { RCODE, buildResponse, classify, sizeLimit, withId, type ParsedQuery, type Transport } from "./wire.js";

/** What the server shares with every client. */
export interface ServerContext {
  directory(): DnsDirectory;
  readonly forwarder: Forwarder;
  readonly ttlSeconds: number;
  readonly maxForwardsPerClient: number;
  readonly log: (msg: string) => void;
}

/** One attached container's state. */
export interface ClientContext {
  view: DnsClientView;
  readonly cache: AnswerCache;
  forwards: number;
}

export type Reply = Buffer | Promise<Buffer | undefined> | undefined;

export function handleQuery(server: ServerContext, client: ClientContext, buf: Buffer, transport: Transport): Reply {
  try {
    if (buf.length < 12) return undefined;
    const key = AnswerCache.keyOf(buf, transport);
    const hit = key === undefined ? undefined : client.cache.get(key);
    if (hit) return withId(hit, buf.readUInt16BE(0));
    const c = classify(buf);
    if (c.kind === "drop") return undefined;
    if (c.kind === "error") return c.response;
    return answer(server, client, c.query, buf, transport, key);
  } catch (e) {
    server.log(`dns: query from ${client.view.containerId.slice(0, 12)} failed: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}

function answer(server: ServerContext, client: ClientContext, q: ParsedQuery, buf: Buffer, transport: Transport, key: string | undefined): Reply {
  const res = resolve(server.directory(), client.view, q.question.name, q.question.type, { ttlSeconds: server.ttlSeconds });
  if (res.kind === "forward") return forward(server, client, q, buf, transport);
  const response =
    res.kind === "records"
      ? buildResponse(q, { rcode: RCODE.NOERROR, answers: res.answers, authoritative: true }, transport)
      : buildResponse(q, { rcode: RCODE.SERVFAIL, answers: [] }, transport);
  // Shuffled answers (a shared alias) are made fresh each time; the rest are cached.
  if (key !== undefined && (res.kind === "unanswerable" || res.answers.length <= 1)) client.cache.set(key, response);
  return response;
}

async function forward(server: ServerContext, client: ClientContext, q: ParsedQuery, buf: Buffer, transport: Transport): Promise<Buffer | undefined> {
  if (client.forwards >= server.maxForwardsPerClient) return undefined;
  client.forwards++;
  try {
    const view = client.view;
    const r = await server.forwarder.forward(buf, q.questionBytes, view.upstreams, transport);
    if (r.kind === "busy") return undefined;
    if (r.kind === "failed") return buildResponse(q, { rcode: RCODE.SERVFAIL, answers: [] }, transport);
    // An upstream answer larger than the client may take over UDP (it ignored the size): TC.
    if (r.response.length > sizeLimit(q, transport)) return buildResponse(q, { rcode: RCODE.NOERROR, answers: [], truncated: true }, transport);
    return r.response;
  } catch (e) {
    server.log(`dns: forwarding for ${client.view.containerId.slice(0, 12)} failed: ${e instanceof Error ? e.message : String(e)}`);
    return buildResponse(q, { rcode: RCODE.SERVFAIL, answers: [] }, transport);
  } finally {
    client.forwards--;
  }
}
