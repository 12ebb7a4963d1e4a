/** The drivers Berth knows, by name. Unknown names get Docker's plugin error (404). */
import { notFound } from "../lib/errors.js";
import type { NetworkDriver } from "./driver.js";

export class DriverRegistry {
  private readonly drivers = new Map<string, NetworkDriver>();

  register(driver: NetworkDriver): this {
    this.drivers.set(driver.name, driver);
    return this;
  }

  get(name: string): NetworkDriver {
    const d = this.drivers.get(name);
    if (!d) throw notFound(`plugin "${name}" not found`);
    return d;
  }

  names(): string[] {
    return [...this.drivers.keys()].sort();
  }
}
