/** Docker's container reference resolution: full id, exact name (with or without "/"), unique id prefix. */
import { invalidParameter, notFound } from "../../lib/errors.js";
import type { Container } from "../../model/container.js";

export function findContainer(all: readonly Container[], ref: string): Container {
  const name = ref.startsWith("/") ? ref.slice(1) : ref;
  const byId = all.find((c) => c.id === ref);
  if (byId) return byId;
  const byName = all.find((c) => c.name === name);
  if (byName) return byName;
  const byPrefix = ref === "" ? [] : all.filter((c) => c.id.startsWith(ref));
  if (byPrefix.length === 1 && byPrefix[0]) return byPrefix[0];
  if (byPrefix.length > 1) throw invalidParameter(`multiple IDs found with provided prefix: ${ref}`);
  throw notFound(`No such container: ${ref}`);
}
