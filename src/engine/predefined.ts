/**
 * The predefined networks: `host` (driver host), `none` (driver null) and the default
 * `bridge` network on Berth's own bridge (berth0 by default, so Berth runs beside Docker's
 * docker0). Unlike dockerd, Berth keeps the default bridge's id and Created across restarts.
 */
import { newNetworkId } from "../lib/ids.js";
import { nowRfc3339Nano } from "../lib/time.js";
import type { AddressPool } from "../ipam/index.js";
import { planPools } from "../ipam/index.js";
import type { Network } from "../model/network.js";
import { BridgeOpt } from "../model/network.js";
import type { Store } from "../store/store.js";

export interface DefaultBridgeSettings {
  readonly bridgeName: string;
  readonly mtu: number;
  readonly hostBindingIpv4: string;
}

function virtualNetwork(name: string, driver: string): Network {
  return {
    id: newNetworkId(),
    name,
    created: nowRfc3339Nano(),
    scope: "local",
    driver,
    enableIPv4: false,
    enableIPv6: false,
    ipam: { driver: "default", options: null, config: null },
    internal: false,
    attachable: false,
    ingress: false,
    configFrom: "",
    configOnly: false,
    options: {},
    labels: {},
    predefined: true,
  };
}

function defaultBridge(settings: DefaultBridgeSettings, others: readonly Network[], reserved: readonly string[], pools4: readonly AddressPool[]): Network {
  const config = planPools({
    requests: [],
    enableIPv4: true,
    enableIPv6: false,
    taken: others.flatMap((n) => (n.ipam.config ?? []).map((p) => p.subnet)),
    reserved,
    pools4,
    pools6: [],
  });
  return {
    ...virtualNetwork("bridge", "bridge"),
    enableIPv4: true,
    ipam: { driver: "default", options: null, config },
    options: {
      [BridgeOpt.defaultBridge]: "true",
      [BridgeOpt.enableIcc]: "true",
      [BridgeOpt.enableIpMasquerade]: "true",
      [BridgeOpt.hostBindingIpv4]: settings.hostBindingIpv4,
      [BridgeOpt.name]: settings.bridgeName,
      [BridgeOpt.mtu]: String(settings.mtu),
    },
  };
}

/** Makes sure bridge, host and none exist in the store; returns what it added. */
export function ensurePredefined(
  store: Store,
  settings: DefaultBridgeSettings,
  reserved: readonly string[],
  pools4: readonly AddressPool[],
): Network[] {
  const added: Network[] = [];
  store.tx(() => {
    const all = store.networks.all();
    const has = (name: string) => all.some((n) => n.predefined && n.name === name);
    const want: Network[] = [];
    if (!has("none")) want.push(virtualNetwork("none", "null"));
    if (!has("host")) want.push(virtualNetwork("host", "host"));
    if (!has("bridge")) want.push(defaultBridge(settings, all, reserved, pools4));
    for (const n of want) {
      store.networks.insert(n);
      added.push(n);
    }
  });
  return added;
}
