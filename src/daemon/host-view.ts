/** What the host already uses, so auto-picked subnets avoid it (spec §2.4): on-link routes and nameservers. */
import { readFile } from "node:fs/promises";
import { parseAddr } from "../lib/ip.js";
import type { Netns } from "../kernel/exec.js";
import type { NetKernel } from "../kernel/net-kernel.js";

export async function hostNameservers(file = "/etc/resolv.conf"): Promise<string[]> {
  let text = "";
  try {
    text = await readFile(file, "utf8");
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const line of text.split("\n")) {
    const m = /^\s*nameserver\s+(\S+)/.exec(line);
    const a = m?.[1] ? parseAddr(m[1]) : undefined;
    if (m?.[1] && a) out.push(`${m[1]}/${a.family === 4 ? 32 : 128}`);
  }
  return out;
}

export function reservedPrefixes(kernel: NetKernel, netns: Netns): () => Promise<readonly string[]> {
  return async () => [...(await kernel.onLinkRoutes(netns)), ...(await hostNameservers())];
}
