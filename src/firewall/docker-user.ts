/**
 * Living beside Docker. dockerd sets the iptables filter FORWARD policy to DROP and jumps to
 * its DOCKER-USER chain first; a drop in any table is final, so Berth's own accepts cannot
 * let its forwarded traffic (containers going out, published ports coming in) through.
 * Berth's forward chain (priority filter - 1, before iptables') marks each new connection it
 * is responsible for with FORWARD_CT_MARK (render-network.ts: into a Berth bridge, or out of
 * one to an interface that is not a bridge, so Docker's own bridges keep Docker's rules), and
 * one rule in DOCKER-USER, Docker's documented place for user rules, accepts marked
 * connections. Berth's table has already filtered them; Docker's policy stays DROP for the
 * rest. Where FORWARD drops but there is no DOCKER-USER (ufw, firewalld, an admin), Berth
 * changes nothing and says once how to let its networks through.
 */
import { messageOf } from "../lib/errors.js";
import type { Iptables, IptablesBinary } from "../kernel/iptables.js";
import { FORWARD_CT_MARK } from "./render-network.js";

export const DOCKER_USER = "DOCKER-USER";
const hex = `0x${FORWARD_CT_MARK.toString(16)}`;
const MARK_MATCH = ["-m", "connmark", "--mark", `${hex}/${hex}`];
const COMMENT = "berth: connections filtered by the berth nftables table";

/** The DOCKER-USER rule, as passed to iptables -I / -D. */
export const acceptRule = (): string[] => [...MARK_MATCH, "-m", "comment", "--comment", COMMENT, "-j", "ACCEPT"];

/** Whether a rule printed by `iptables -S` is Berth's accept. */
export const isAcceptRule = (rule: string): boolean => rule.includes(`--mark ${hex}/${hex}`) && rule.endsWith("-j ACCEPT");

export interface CoexistenceDeps {
  readonly iptables: Iptables;
  readonly log: (line: string) => void;
}

export type CoexistenceState = "no-forward-drop" | "accept-in-docker-user" | "forward-drop-without-docker-user";

export class DockerCoexistence {
  private readonly warned = new Set<IptablesBinary>();

  constructor(private readonly d: CoexistenceDeps) {}

  /** Makes sure the DOCKER-USER accept is there wherever DOCKER-USER exists; never throws. */
  async ensure(): Promise<Record<IptablesBinary, CoexistenceState>> {
    const one = (bin: IptablesBinary): Promise<CoexistenceState> =>
      this.ensureOne(bin).catch((e: unknown) => {
        this.d.log(`firewall: cannot check ${bin}'s FORWARD chain: ${messageOf(e)}`);
        return "no-forward-drop" as const;
      });
    const [v4, v6] = await Promise.all([one("iptables"), one("ip6tables")]);
    return { iptables: v4, ip6tables: v6 };
  }

  /** Takes Berth's accept out of DOCKER-USER again (uninstall; not done at shutdown, when containers keep running). */
  async remove(): Promise<void> {
    for (const bin of ["iptables", "ip6tables"] as const) {
      const chain = await this.d.iptables.chain(bin, DOCKER_USER);
      for (const _ of chain?.rules.filter(isAcceptRule) ?? []) await this.d.iptables.delete(bin, DOCKER_USER, acceptRule());
    }
  }

  private async ensureOne(bin: IptablesBinary): Promise<CoexistenceState> {
    const user = await this.d.iptables.chain(bin, DOCKER_USER);
    if (user) {
      if (!user.rules.some(isAcceptRule)) {
        await this.d.iptables.insert(bin, DOCKER_USER, acceptRule());
        this.d.log(`firewall: ${bin} ${DOCKER_USER} (Docker) found; added an accept for the connections Berth's table filters`);
      }
      this.warned.delete(bin);
      return "accept-in-docker-user";
    }
    const forward = await this.d.iptables.chain(bin, "FORWARD");
    if (forward?.policy !== "DROP") return "no-forward-drop";
    if (!this.warned.has(bin)) {
      this.warned.add(bin);
      this.d.log(
        `firewall: ${bin}'s FORWARD policy is DROP, so forwarded traffic of Berth's networks is dropped there. ` +
          `To let it through: ${bin} -I FORWARD ${acceptRule().map((a) => (a.includes(" ") ? `"${a}"` : a)).join(" ")}`,
      );
    }
    return "forward-drop-without-docker-user";
  }
}
