/** Docker's network reference resolution (spec §1.5): full id, then exact name, then unique id prefix. */
import { invalidParameter, notFound } from "../lib/errors.js";
import type { Network } from "../model/network.js";

export type AmbiguityWording = "based on name" | "on name";

export function findNetwork(all: readonly Network[], ref: string, wording: AmbiguityWording = "based on name"): Network {
  const byId = all.find((n) => n.id === ref);
  if (byId) return byId;
  const byName = all.filter((n) => n.name === ref);
  if (byName.length === 1 && byName[0]) return byName[0];
  if (byName.length > 1) throw invalidParameter(`network ${ref} is ambiguous (${byName.length} matches found ${wording})`);
  const byPrefix = ref === "" ? [] : all.filter((n) => n.id.startsWith(ref));
  if (byPrefix.length === 1 && byPrefix[0]) return byPrefix[0];
  if (byPrefix.length > 1) throw invalidParameter(`network ${ref} is ambiguous (${byPrefix.length} matches found based on ID prefix)`);
  throw notFound(`network ${ref} not found`);
}
