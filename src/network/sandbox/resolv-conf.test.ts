import { test } from "node:test";
import assert from "node:assert/strict";
import { isBerthError } from "../../lib/errors.js";
import {
  DOCKER_RESOLV_HEADER,
  hostResolvConfPath,
  parseResolvConf,
  renderResolvConf,
  resolvConfSourcePath,
  type ResolvConfInput,
} from "./resolv-conf.js";

const H = `${DOCKER_RESOLV_HEADER}\n\n`;

const input = (over: Partial<ResolvConfInput>): ResolvConfInput => ({
  mode: "legacy",
  hostText: "",
  sourcePath: "/etc/resolv.conf",
  ipv6: false,
  dns: [],
  dnsSearch: [],
  dnsOptions: [],
  ...over,
});

test("parseResolvConf: nameservers, last search, accumulated options, other lines, comments dropped", () => {
  const rc = parseResolvConf(
    "# comment\n; also\n\nnameserver 10.0.0.1\nnameserver 2001:DB8::53\nnameserver 1.2.3.4.5\n" +
      "domain old.example\nsearch a.example b.example\noptions ndots:2\noptions edns0\nsortlist 10.0.0.0\r\n",
  );
  assert.deepEqual(rc, {
    nameservers: ["10.0.0.1", "2001:db8::53"],
    invalidNameservers: ["1.2.3.4.5"],
    search: ["a.example", "b.example"],
    options: ["ndots:2", "edns0"],
    other: ["sortlist 10.0.0.0"],
  });
});

test("hostResolvConfPath: systemd-resolved stub alone → /run/systemd/resolve/resolv.conf", () => {
  const stub = "# This is /run/systemd/resolve/stub-resolv.conf\nnameserver 127.0.0.53\noptions edns0 trust-ad\nsearch .\n";
  assert.equal(hostResolvConfPath(stub), "/run/systemd/resolve/resolv.conf");
  assert.equal(hostResolvConfPath("nameserver 127.0.0.53\nnameserver 10.0.0.1\n"), "/etc/resolv.conf");
  assert.equal(hostResolvConfPath("nameserver 192.168.1.1\n"), "/etc/resolv.conf");
  assert.equal(hostResolvConfPath(""), "/etc/resolv.conf");
  assert.equal(resolvConfSourcePath(stub, true, false), "/etc/resolv.conf");
  assert.equal(resolvConfSourcePath(stub, true, true), "/run/systemd/resolve/resolv.conf");
  assert.equal(resolvConfSourcePath(stub, false, false), "/run/systemd/resolve/resolv.conf");
});

test("legacy: routable IPv4 and IPv6, IPv6 enabled (moby golden)", () => {
  const r = renderResolvConf(input({ hostText: "nameserver 10.0.0.1\nnameserver fdb6:b8fe:b528::1", ipv6: true }));
  assert.equal(
    r.content,
    `${H}nameserver 10.0.0.1\nnameserver fdb6:b8fe:b528::1\n\n# Based on host file: '/etc/resolv.conf' (legacy)\n# Overrides: []\n`,
  );
  assert.deepEqual(r.upstreams, []);
});

test("legacy: only a loopback server → Google's, 'Used default nameservers.' (moby golden)", () => {
  const r = renderResolvConf(input({ hostText: "nameserver 127.0.0.53" }));
  assert.equal(
    r.content,
    `${H}nameserver 8.8.8.8\nnameserver 8.8.4.4\n\n# Based on host file: '/etc/resolv.conf' (legacy)\n# Used default nameservers.\n# Overrides: []\n`,
  );
  const v6 = renderResolvConf(input({ hostText: "nameserver 127.0.0.53\nnameserver ::1", ipv6: true }));
  assert.match(v6.content, /nameserver 8\.8\.4\.4\nnameserver 2001:4860:4860::8888\nnameserver 2001:4860:4860::8844\n\n/);
});

test("legacy: IPv6 servers dropped without IPv6; search, options and other lines kept", () => {
  const host = "nameserver 127.0.0.1\nnameserver 192.168.1.1\nnameserver fd3e::1\nsearch .\noptions ndots:1 edns0\nsortlist 10.0.0.0\n";
  const r = renderResolvConf(input({ hostText: host, sourcePath: "/run/systemd/resolve/resolv.conf" }));
  assert.equal(
    r.content,
    `${H}nameserver 192.168.1.1\nsearch .\noptions ndots:1 edns0\nsortlist 10.0.0.0\n\n` +
      "# Based on host file: '/run/systemd/resolve/resolv.conf' (legacy)\n# Overrides: []\n# Option ndots from: host\n",
  );
});

test("legacy: --dns replaces the servers unfiltered; --dns-search drops '.'; --dns-option replaces options", () => {
  const r = renderResolvConf(
    input({
      hostText: "nameserver 10.0.0.1\nsearch corp.example\noptions ndots:3\n",
      dns: ["127.0.0.1", "::1"],
      dnsSearch: [".", "a.example"],
      dnsOptions: ["ndots:2", "timeout:1"],
    }),
  );
  assert.equal(
    r.content,
    `${H}nameserver 127.0.0.1\nnameserver ::1\nsearch a.example\noptions ndots:2 timeout:1\n\n` +
      "# Based on host file: '/etc/resolv.conf' (legacy)\n# Overrides: [nameservers search options]\n# Option ndots from: override\n",
  );
});

test("internal: the footer Docker writes on user networks (Docker Desktop capture)", () => {
  const r = renderResolvConf(input({ mode: "internal", hostText: "nameserver 192.168.65.7\n" }));
  assert.equal(
    r.content,
    `${H}nameserver 127.0.0.11\noptions ndots:0\n\n` +
      "# Based on host file: '/etc/resolv.conf' (internal resolver)\n" +
      "# ExtServers: [host(192.168.65.7)]\n# Overrides: []\n# Option ndots from: internal\n",
  );
  assert.deepEqual(r.upstreams, [{ addr: "192.168.65.7", hostLoopback: true }]);
  assert.equal(r.ndotsSet, false);
});

test("internal: host search and options kept, existing ndots wins, loopback servers queried from the host", () => {
  const r = renderResolvConf(
    input({ mode: "internal", hostText: "nameserver 127.0.0.53\nnameserver ::1\nsearch lan\noptions ndots:1 edns0\n" }),
  );
  assert.equal(
    r.content,
    `${H}nameserver 127.0.0.11\nsearch lan\noptions ndots:1 edns0\n\n` +
      "# Based on host file: '/etc/resolv.conf' (internal resolver)\n" +
      "# ExtServers: [host(127.0.0.53) host(::1)]\n# Overrides: []\n# Option ndots from: host\n",
  );
  assert.equal(r.ndotsSet, true);
});

test("internal: --dns servers are upstreams from the container's namespace (moby golden 'IPv4 localhost override')", () => {
  const r = renderResolvConf(input({ mode: "internal", hostText: "nameserver 10.0.0.1", dns: ["127.0.0.53"], resolverOptions: [] }));
  assert.equal(
    r.content,
    `${H}nameserver 127.0.0.11\n\n# Based on host file: '/etc/resolv.conf' (internal resolver)\n# ExtServers: [127.0.0.53]\n# Overrides: [nameservers]\n`,
  );
  assert.deepEqual(r.upstreams, [{ addr: "127.0.0.53", hostLoopback: false }]);
});

test("internal: no servers at all → no ExtServers line, Google's as upstreams", () => {
  const r = renderResolvConf(input({ mode: "internal", hostText: "", ipv6: true }));
  assert.equal(
    r.content,
    `${H}nameserver 127.0.0.11\noptions ndots:0\n\n# Based on host file: '/etc/resolv.conf' (internal resolver)\n# Overrides: []\n# Option ndots from: internal\n`,
  );
  assert.deepEqual(
    r.upstreams.map((u) => u.addr),
    ["8.8.8.8", "8.8.4.4", "2001:4860:4860::8888", "2001:4860:4860::8844"],
  );
  assert.deepEqual(r.extServers, []);
});

test("internal: invalid host ndots values are replaced by the required one (moby TransformForIntNSInvalidNdots)", () => {
  const r = renderResolvConf(
    input({ mode: "internal", hostText: "nameserver 8.8.8.8\noptions ndots:-1 foo:bar ndots ndots:", resolverOptions: ["ndots:2"] }),
  );
  assert.match(r.content, /\noptions foo:bar ndots:2\n/);
  assert.match(r.content, /# Option ndots from: internal\n$/);
  const valid = renderResolvConf(
    input({ mode: "internal", hostText: "nameserver 8.8.8.8\noptions ndots:1 foo:bar ndots ndots:", resolverOptions: ["ndots:2"] }),
  );
  assert.match(valid.content, /\noptions ndots:1 foo:bar\n/);
  assert.match(valid.content, /# Option ndots from: host\n$/);
});

test("invalid nameservers are listed in the footer (moby golden TestRCInvalidNS shape)", () => {
  const r = renderResolvConf(input({ mode: "host", hostText: "nameserver 1.2.3.4.5" }));
  assert.equal(r.content, `${H}\n# Based on host file: '/etc/resolv.conf'\n# Invalid nameservers: [1.2.3.4.5]\n# Overrides: []\n`);
});

test("host mode: the host's servers unchanged (even 127.0.0.53), no transform in the footer", () => {
  const r = renderResolvConf(input({ mode: "host", hostText: "nameserver 127.0.0.53\noptions edns0 trust-ad\nsearch .\n" }));
  assert.equal(
    r.content,
    `${H}nameserver 127.0.0.53\nsearch .\noptions edns0 trust-ad\n\n# Based on host file: '/etc/resolv.conf'\n# Overrides: []\n`,
  );
});

test("a bad --dns address is a 400", () => {
  assert.throws(
    () => renderResolvConf(input({ dns: ["dns.example"] })),
    (e: unknown) => isBerthError(e, "InvalidParameter") && e.message === "bad nameserver address dns.example",
  );
});
