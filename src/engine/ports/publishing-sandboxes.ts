/**
 * The container lifecycle's hook for published ports, without touching the lifecycle: a
 * SandboxManager whose setup() publishes the container's ports once its endpoints exist (and
 * tears the sandbox down again if publishing fails), and whose teardown() unpublishes first.
 * Every start goes through setup() and every stop, exit or failed start through teardown().
 */
import type { Container } from "../../model/container.js";
import { SandboxManager, type SandboxDeps, type SandboxNetwork } from "../containers/sandbox-manager.js";
import type { PortPublisher } from "./port-publisher.js";

export class PublishingSandboxManager extends SandboxManager {
  constructor(
    deps: SandboxDeps,
    private readonly ports: PortPublisher,
  ) {
    super(deps);
  }

  override async setup(c: Container, lookup: (id: string) => Container | undefined): Promise<SandboxNetwork> {
    const net = await super.setup(c, lookup);
    try {
      await this.ports.publish(c, this.endpoints(c));
    } catch (e) {
      await super.teardown(c).catch(() => undefined);
      throw e;
    }
    return net;
  }

  override async teardown(c: Container): Promise<void> {
    await this.ports.unpublish(c.id);
    await super.teardown(c);
  }
}
