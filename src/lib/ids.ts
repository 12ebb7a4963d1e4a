/** Branded identifiers. Docker ids are 64 lowercase hex characters; the short form is 12. */
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

export type NetworkId = Brand<string, "NetworkId">;
export type ContainerId = Brand<string, "ContainerId">;
export type EndpointId = Brand<string, "EndpointId">;

const HEX64 = /^[0-9a-f]{64}$/;

/** 64 random hex characters, as Docker's stringid.GenerateRandomID (never all-digit short ids). */
export function randomHexId(): string {
  for (;;) {
    const bytes = new Uint8Array(32);
    globalThis.crypto.getRandomValues(bytes);
    const id = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    // Docker rejects ids whose 12-char prefix is all digits (it could be read as a number).
    if (!/^[0-9]{12}/.test(id)) return id;
  }
}

export const newNetworkId = (): NetworkId => randomHexId() as NetworkId;
export const newContainerId = (): ContainerId => randomHexId() as ContainerId;
export const newEndpointId = (): EndpointId => randomHexId() as EndpointId;

export const isFullId = (s: string): boolean => HEX64.test(s);
export const shortId = (id: string): string => id.slice(0, 12);
