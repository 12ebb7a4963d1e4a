/**
 * Container names as Docker generates and checks them (pkg/namesgenerator, daemon/names.go).
 *
 * - Generated: "<adjective>_<surname>", never "boring_wozniak" (Steve Wozniak is not boring);
 *   from the second attempt on a random digit 0-9 is appended. The daemon tries 6 times
 *   (retry 0..5) and then falls back to the 12-char short id.
 * - Given: `^/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$` after removing one leading "/", else 400
 *   "Invalid container name (<name as given>), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed".
 *   (The newest moby also says "names should be at least two alphanumeric characters" for
 *   names shorter than 2; the pattern rejects those anyway, with the text above.)
 * - Taken: 409 `Conflict. The container name "/x" is already in use by container "<id>".
 *   You have to remove (or rename) that container to be able to reuse that name.`
 */
import { conflict, invalidParameter, type BerthError } from "../../lib/errors.js";
import { shortId } from "../../lib/ids.js";
import { LEFT_WORDS, RIGHT_WORDS } from "./name-words.js";

/** A source of numbers in [0, 1), like Math.random (injectable for tests). */
export type RandomSource = () => number;

export const VALID_CONTAINER_NAME_CHARS = "[a-zA-Z0-9][a-zA-Z0-9_.-]";
const VALID_CONTAINER_NAME = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

function pick(words: readonly string[], random: RandomSource): string {
  const i = Math.min(words.length - 1, Math.floor(random() * words.length));
  return words[i] ?? "";
}

/** Docker's GetRandomName(retry). */
export function randomContainerName(retry = 0, random: RandomSource = Math.random): string {
  for (;;) {
    const name = `${pick(LEFT_WORDS, random)}_${pick(RIGHT_WORDS, random)}`;
    if (name === "boring_wozniak") continue;
    return retry > 0 ? `${name}${Math.min(9, Math.floor(random() * 10))}` : name;
  }
}

/** A first-try name ("<adjective>_<surname>"); same as randomContainerName(0, random). */
export const generateName = (random: RandomSource = Math.random): string => randomContainerName(0, random);

/** Docker's generateAndReserveName: 6 random tries, then the short id. Names without "/". */
export function generateContainerName(
  containerId: string,
  isTaken: (name: string) => boolean,
  random: RandomSource = Math.random,
): string {
  for (let retry = 0; retry < 6; retry++) {
    const name = randomContainerName(retry, random);
    if (!isTaken(name)) return name;
  }
  return shortId(containerId);
}

/**
 * Checks a requested name and returns it without its leading "/" (Berth stores names without
 * it). Throws Docker's 400 for an invalid name.
 */
export function validateContainerName(name: string): string {
  const effective = name.startsWith("/") ? name.slice(1) : name;
  if (!VALID_CONTAINER_NAME.test(effective)) {
    throw invalidParameter(`Invalid container name (${name}), only ${VALID_CONTAINER_NAME_CHARS} are allowed`);
  }
  return effective;
}

/** Docker's 409 for a name already in use (name without "/", full id of the holder). */
export function nameConflictError(name: string, holderId: string): BerthError {
  return conflict(
    `Conflict. The container name "/${name}" is already in use by container "${holderId}". ` +
      "You have to remove (or rename) that container to be able to reuse that name.",
  );
}
