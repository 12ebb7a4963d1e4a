/**
 * Named network namespaces (`ip netns`, bind mounts under /run/netns). Container sandboxes and
 * test fixtures use these; the Netns value for one comes from namedNetns(name) in exec.ts.
 */
import { conflict, invalidParameter, messageOf, systemError } from "../lib/errors.js";
import { CURRENT_NETNS, exec, type Exec } from "./exec.js";
import { ipJson, jsonArray, jsonString } from "./ip-batch.js";

export { namedNetns } from "./exec.js";

/** Names become files under /run/netns: no "/", no leading dot, printable and short. */
export function validateNetnsName(name: string): string {
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/.test(name)) {
    throw invalidParameter(`Invalid network namespace name "${name}": use up to 64 letters, digits, "_", "." or "-"`);
  }
  return name;
}

/** Names of all named namespaces. */
export async function listNetns(run: Exec = exec): Promise<string[]> {
  const json = await ipJson(run, CURRENT_NETNS, ["netns", "list"]);
  return jsonArray(json, "netns list").flatMap((o) => jsonString(o, "name") ?? []);
}

/** Creates a named namespace; Conflict if the name is taken. */
export async function addNetns(name: string, run: Exec = exec): Promise<void> {
  validateNetnsName(name);
  try {
    await run(["ip", "netns", "add", name]);
  } catch (e) {
    if ((await listNetns(run)).includes(name)) throw conflict(`Network namespace "${name}" already exists`, e);
    throw systemError(`Failed to create network namespace "${name}": ${messageOf(e)}`, e);
  }
}

/** Deletes a named namespace; one that does not exist counts as deleted. */
export async function deleteNetns(name: string, run: Exec = exec): Promise<void> {
  validateNetnsName(name);
  try {
    await run(["ip", "netns", "delete", name]);
  } catch (e) {
    if (!(await listNetns(run)).includes(name)) return;
    throw systemError(`Failed to delete network namespace "${name}": ${messageOf(e)}`, e);
  }
}
