/** Networks for the store conformance suite: hand-written edge cases and a fast-check generator. */
import fc from "fast-check";
import type { NetworkId } from "../lib/ids.js";
import type { IpamPool, Network } from "../model/network.js";

let counter = 0;

/** A distinct, valid 64-hex id per call (deterministic, unlike newNetworkId). */
export function sampleId(): NetworkId {
  counter += 1;
  return counter.toString(16).padStart(64, "a") as NetworkId;
}

/** A user bridge network with every field set to something non-default. */
export function fullBridge(name: string, overrides: Partial<Network> = {}): Network {
  return {
    id: sampleId(),
    name,
    created: "2025-03-04T05:06:07.123456789+01:00",
    scope: "local",
    driver: "bridge",
    enableIPv4: true,
    enableIPv6: true,
    ipam: {
      driver: "default",
      options: { "com.example.ipam": "x" },
      config: [
        { subnet: "172.18.0.0/16", ipRange: "172.18.5.0/24", gateway: "172.18.0.1", auxAddresses: { router: "172.18.0.2" } },
        { subnet: "fd00:1::/64", gateway: "fd00:1::1", auxAddresses: {} },
      ],
    },
    internal: true,
    attachable: true,
    ingress: false,
    configFrom: "",
    configOnly: false,
    options: { "com.docker.network.bridge.name": "br-test", "com.docker.network.driver.mtu": "1400" },
    labels: {
      "com.example.team": "Ωmega 网络 🚢",
      "": "empty key",
      ["__proto__"]: "own property, not a prototype",
      "rtl.label": "שלום",
      "nul.label": "a\u0000b",
      "lone.surrogate": "\ud800",
      "quote\"key": "\\back\\slash\n",
    },
    predefined: false,
    ...overrides,
  };
}

/** Like `host` and `none`: IPAM options and config are null, maps empty. */
export function nullIpam(name: string): Network {
  return {
    ...fullBridge(name),
    driver: "host",
    enableIPv6: false,
    internal: false,
    attachable: false,
    ipam: { driver: "default", options: null, config: null },
    options: {},
    labels: {},
    predefined: true,
  };
}

export const text = fc.string({ unit: "binary", maxLength: 12 });
/** Any text, including NUL and lone surrogates (which only the JSON column can hold exactly). */
export const anyText = fc.string({
  unit: fc.oneof(fc.constantFrom("\u0000", "\ud800", "\udfff"), fc.string({ unit: "grapheme-composite", minLength: 1, maxLength: 1 })),
  maxLength: 12,
});
export const stringMap = fc.dictionary(anyText, anyText, { maxKeys: 4, noNullPrototype: true });

export const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);

const pool: fc.Arbitrary<IpamPool> = fc.record(
  { subnet: anyText, ipRange: anyText, gateway: anyText, auxAddresses: stringMap },
  { requiredKeys: ["subnet", "auxAddresses"], noNullPrototype: true },
);

/** Any Network the type allows (field values need not be valid network config). */
export const networkArb: fc.Arbitrary<Network> = fc.record({
  id: hex64.map((s) => s as NetworkId),
  name: fc.string({ unit: "binary", minLength: 1, maxLength: 20 }),
  created: text,
  scope: fc.constantFrom("local", "swarm", "global"),
  driver: text,
  enableIPv4: fc.boolean(),
  enableIPv6: fc.boolean(),
  ipam: fc.record({
    driver: text,
    options: fc.option(stringMap, { nil: null }),
    config: fc.option(fc.array(pool, { maxLength: 3 }), { nil: null }),
  }, { noNullPrototype: true }),
  internal: fc.boolean(),
  attachable: fc.boolean(),
  ingress: fc.boolean(),
  configFrom: anyText,
  configOnly: fc.boolean(),
  options: stringMap,
  labels: stringMap,
  predefined: fc.boolean(),
}, { noNullPrototype: true });
