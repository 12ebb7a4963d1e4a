/** `berth network rm|remove NETWORK...`: prints each removed name; failures go to stderr. */
import { boolFlag, type CommandDef } from "../command.js";
import { ApiError } from "../client.js";
import { StatusError } from "../errors.js";
import { confirm } from "../prompt.js";

const INGRESS_WARNING =
  "WARNING! Before removing the routing-mesh network, make sure all the nodes in your swarm run the same docker engine version. " +
  "Otherwise, removal may not be effective and functionality of newly create ingress networks will be impaired.\nAre you sure you want to continue?";

export const networkRm: CommandDef = {
  name: "rm",
  aliases: ["remove"],
  usage: "NETWORK [NETWORK...]",
  summary: "Remove one or more networks",
  args: { min: 1 },
  options: [{ flags: "-f, --force", help: ["Do not error if the network does not exist"], bool: true }],
  async run(ctx, args, opts) {
    const force = boolFlag(opts, "force") ?? false;
    const client = ctx.client();
    let status = 0;
    for (const name of args) {
      // Like docker: inspect first, to ask before removing an ingress network.
      const nw = await client.networkInspect(name).catch((e: unknown) => {
        if (e instanceof ApiError) return undefined;
        throw e;
      });
      if (nw?.value.Ingress && !(await confirm(ctx.io, INGRESS_WARNING))) continue;
      try {
        await client.networkRemove(name);
        ctx.io.stdout(name + "\n");
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        if (force && e.status === 404) continue;
        ctx.io.stderr(e.message + "\n");
        status = 1;
      }
    }
    if (status !== 0) throw new StatusError(status, `exit status ${status}`);
    return 0;
  },
};
