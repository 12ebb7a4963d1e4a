/** The 8-hex owner id of a daemon root: marks its bridges (ifalias) and names its sandboxes. */
import { createHash } from "node:crypto";

export const ownerId = (root: string): string => createHash("sha256").update(root).digest("hex").slice(0, 8);
