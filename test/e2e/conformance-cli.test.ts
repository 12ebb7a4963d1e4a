/**
 * Conformance: the docker CLI (28) against a real berthd: inspect JSON field names, order and
 * types against Docker's documented shapes; /etc/hosts and /etc/resolv.conf inside
 * containers; exit codes and error texts (test/conformance/cli-scenario.ts).
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { TestDaemon } from "../harness/daemon.js";
import { cliScenario } from "../conformance/cli-scenario.js";
import { skipReason, startDaemonWithBusybox } from "../conformance/e2e-daemon.js";
import { ENDPOINT_FIELDS, ENDPOINT_SCALARS, NETWORK_FIELDS, NETWORK_MEMBER_SHAPE, NETWORK_SETTINGS_FIELDS, NETWORK_SHAPE, RM_RUNNING, pickShape } from "../conformance/expected.js";
import type { Observations } from "../conformance/observations.js";
import { DNS_TODO, HOSTS_IPV6_DIFF } from "../conformance/pending.js";
import { RESOLV_HEADER, hostResolv, legacyNameservers, nameserversOf } from "../conformance/resolv-expect.js";

const IPV6_LOCALHOST = "::1\tlocalhost ip6-localhost ip6-loopback\nfe00::\tip6-localnet\nff00::\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n";

describe("the docker CLI against berthd", { skip: skipReason() }, () => {
  let d: TestDaemon;
  let o: Observations = {};
  const str = (k: string): string => String(o[k]);
  const outcome = (k: string): { code: number; stderr: string } => o[k] as { code: number; stderr: string };
  const hostsLo = (k: string): { hosts: string; loHasIPv6: boolean } => o[k] as { hosts: string; loHasIPv6: boolean };

  before(async () => {
    d = await startDaemonWithBusybox("cli");
    o = cliScenario({ env: d.env }, "cli-");
  });
  after(async () => {
    await d?.dispose();
  });

  test("the scenario ran to the end", () => assert.equal(o["exception"], undefined, String(o["exception"])));

  test("network inspect: Docker's fields in Go's order, JSON types, IPAM; ls columns and template fields", () => {
    assert.deepEqual(o["network_inspect_fields"], NETWORK_FIELDS);
    assert.deepEqual(o["network_inspect_shape"], NETWORK_SHAPE);
    assert.deepEqual(o["network_inspect_ipam"], { Driver: "default", Options: {}, Config: [{ Subnet: "10.125.0.0/24", Gateway: "10.125.0.1" }] });
    assert.equal(o["network_ls_header"], "NETWORK ID     NAME      DRIVER    SCOPE");
    assert.equal(o["network_ls_format"], "cli-net bridge local false k=v");
    assert.deepEqual(o["network_member_shape"], NETWORK_MEMBER_SHAPE);
    assert.deepEqual(o["network_member"], { Name: "cli-ctr", IPv4Address: "10.125.0.9/24", IPv6Address: "" });
  });

  test("container inspect: NetworkSettings and EndpointSettings fields in v28's order and types", () => {
    const top = o["container_inspect_top_fields"] as string[];
    for (const k of ["Id", "Created", "State", "ResolvConfPath", "HostnamePath", "HostsPath", "Name", "HostConfig", "Config", "NetworkSettings"]) assert.ok(top.includes(k), k);
    assert.deepEqual(o["network_settings_fields"], NETWORK_SETTINGS_FIELDS);
    const ns = o["network_settings_shape"] as Record<string, string>;
    assert.equal(ns["Ports"], "object");
    assert.equal(ns["SecondaryIPAddresses"], "null");
    assert.equal(ns["HairpinMode"], "bool");
    assert.equal(ns["IPPrefixLen"], "number");
    assert.deepEqual(o["endpoint_fields"], ENDPOINT_FIELDS);
    const ep = o["endpoint_shape"] as Record<string, string>;
    assert.deepEqual(pickShape(ep, Object.keys(ENDPOINT_SCALARS)), ENDPOINT_SCALARS);
    assert.deepEqual(o["endpoint"], { IPAddress: "10.125.0.9", IPPrefixLen: 24, Gateway: "10.125.0.1", Aliases: ["cli-alias"], IPAMConfig: { IPv4Address: "10.125.0.9" } });
  });

  test("/etc/hosts: localhost, --add-host entries, then the container's own address and hostname", () => {
    assert.equal(str("hostname_file"), "cli-host\n");
    const hosts = str("hosts_user_network").replace(IPV6_LOCALHOST, "");
    assert.equal(hosts, "127.0.0.1\tlocalhost\n10.9.9.9\textra.test\n10.125.0.9\tcli-host\n");
    assert.match(hostsLo("hosts_lo_default_bridge").hosts, /^127\.0\.0\.1\tlocalhost\n(.|\n)*^172\.17\.0\.\d+\tplain\n$/m);
    assert.equal(hostsLo("hosts_lo_none").hosts.replace(IPV6_LOCALHOST, ""), "127.0.0.1\tlocalhost\n");
  });

  test("/etc/hosts has the IPv6 localhost lines exactly when IPv6 works in the container", { todo: HOSTS_IPV6_DIFF }, () => {
    for (const k of ["hosts_lo_user_network", "hosts_lo_default_bridge", "hosts_lo_none"]) {
      const { hosts, loHasIPv6 } = hostsLo(k);
      assert.equal(hosts.includes(IPV6_LOCALHOST), loHasIPv6, `${k}: lo has ::1: ${loHasIPv6}; hosts:\n${hosts}`);
    }
  });

  test("/etc/resolv.conf on the default bridge: Docker's header, the host's servers (legacy), footer", () => {
    const text = str("resolv_default_bridge");
    assert.ok(text.startsWith(RESOLV_HEADER), text);
    assert.deepEqual(nameserversOf(text), legacyNameservers(hostResolv(d.resolvConf)));
    assert.ok(text.includes(`\n# Based on host file: '${d.resolvConf}' (legacy)\n`), text);
  });

  test("/etc/resolv.conf with --dns, --dns-search, --dns-option", () => {
    const text = str("resolv_dns_flags");
    assert.ok(text.startsWith(RESOLV_HEADER), text);
    assert.match(text, /^nameserver 10\.0\.0\.53\nsearch example\.test\noptions ndots:2\n/m);
    assert.deepEqual(nameserversOf(text), ["10.0.0.53"]);
    assert.match(text, /^# Overrides: \[nameservers search options\]$/m);
  });

  test("/etc/resolv.conf on a user network points at the embedded DNS", { todo: DNS_TODO }, () => {
    const text = str("resolv_user_network");
    assert.ok(text.startsWith(RESOLV_HEADER), text);
    assert.deepEqual(nameserversOf(text), ["127.0.0.11"]);
    assert.match(text, /^options ndots:0$/m);
    assert.ok(text.includes(`\n# Based on host file: '${d.resolvConf}' (internal resolver)\n`), text);
    const ext = hostResolv(d.resolvConf).nameservers.map((n) => `host(${n})`).join(" ");
    assert.match(text, new RegExp(`^# ExtServers: \\[${ext.replace(/[.()]/g, "\\$&")}\\]$`, "m"));
  });

  test("exit codes: the container's, 125 for daemon errors, 126/127 for bad commands, 1 for failed commands", () => {
    assert.equal(o["exit_run_3"], 3);
    assert.equal(o["exit_exec_5"], 5);
    assert.equal(o["exit_wait"], "4");
    assert.equal(o["exit_not_executable"], 126);
    const missing = outcome("exit_missing_binary");
    assert.equal(missing.code, 127);
    assert.ok(missing.stderr.includes('exec: "/no/such/binary": stat /no/such/binary: no such file or directory'), missing.stderr);
    assert.deepEqual(outcome("exit_unknown_network"), { code: 125, stderr: "docker: Error response from daemon: network cli-nosuch not found\n\nRun 'docker run --help' for more information" });
    assert.deepEqual(outcome("exit_inspect_unknown"), { code: 1, stderr: "Error: No such object: cli-nosuch" });
    assert.deepEqual(outcome("exit_network_inspect_unknown"), { code: 1, stderr: "Error response from daemon: network cli-nosuch not found" });
    assert.equal(outcome("exit_network_rm_unknown").code, 1);
    assert.match(outcome("exit_network_rm_unknown").stderr, /^Error response from daemon: network cli-nosuch not found$/m);
    assert.deepEqual(outcome("exit_network_create_dup"), { code: 1, stderr: "Error response from daemon: network with name cli-net already exists" });
    assert.match(outcome("exit_network_rm_in_use").stderr, /^Error response from daemon: error while removing network: network cli-net has active endpoints \(name:"cli-ctr" id:"[0-9a-f]{12}"\)$/m);
    const rm = outcome("exit_rm_running");
    assert.equal(rm.code, 1);
    assert.match(rm.stderr.replace(/^Error response from daemon: /, ""), RM_RUNNING);
    assert.deepEqual(outcome("exit_connect_twice"), { code: 1, stderr: "Error response from daemon: endpoint with name cli-ctr already exists in network cli-net" });
  });
});
