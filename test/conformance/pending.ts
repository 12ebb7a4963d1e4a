/**
 * Scenarios that wait on work in progress run as node:test `todo`: they execute and report,
 * but do not fail the run. Set a constant to `false` when its issue lands, and the scenarios
 * (and the docs examples marked with the same tag) become ordinary tests.
 */
export const DNS_TODO: string | false = false;
export const PORTS_TODO: string | false = false;

/** Docs code blocks: ```sh runs; ```sh needs-dns / ```sh needs-ports run as the todos above. */
export const DOCS_TAGS: Readonly<Record<string, string | false>> = { "needs-dns": DNS_TODO, "needs-ports": PORTS_TODO };

/**
 * Differences from Docker found by this suite and not yet fixed (outside test/). Each test
 * asserting Docker's behaviour runs as a todo carrying this text until the fix lands.
 */
export const HOSTS_IPV6_DIFF: string | false = false;

/**
 * Docker (with its userland proxy) also binds :: for a port published on an IPv4-only
 * container and relays IPv6 clients to IPv4. Berth keeps the data path in the kernel, which
 * cannot translate between families, so it shows (and makes) the :: binding only for
 * containers that have an IPv6 address (docs/differences-from-docker.md).
 */
export const V6_BINDING_DIFF: string | false =
  "Berth difference: no :: binding for an IPv4-only container (no userland proxy to relay IPv6 to IPv4)";
