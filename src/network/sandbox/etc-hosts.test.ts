import { test } from "node:test";
import assert from "node:assert/strict";
import { isBerthError } from "../../lib/errors.js";
import {
  expandExtraHosts,
  hostModeHostsSource,
  ownHostNames,
  parseExtraHost,
  renderHosts,
  type HostsInput,
} from "./etc-hosts.js";

const LOCALHOST_BLOCK =
  "127.0.0.1\tlocalhost\n" +
  "::1\tlocalhost ip6-localhost ip6-loopback\n" +
  "fe00::\tip6-localnet\n" +
  "ff00::\tip6-mcastprefix\n" +
  "ff02::1\tip6-allnodes\n" +
  "ff02::2\tip6-allrouters\n";

const base: HostsInput = {
  ipv6Enabled: true,
  own: { hostname: "3f4e5d6c7b8a", domainname: "", addresses: ["172.17.0.2"] },
  extraHosts: [],
  links: [],
};

test("renderHosts: plain container on the default bridge", () => {
  assert.equal(renderHosts(base), `${LOCALHOST_BLOCK}172.17.0.2\t3f4e5d6c7b8a\n`);
});

test("renderHosts: IPv6 disabled drops the IPv6 localhost lines and every IPv6 record", () => {
  const text = renderHosts({
    ...base,
    ipv6Enabled: false,
    own: { ...base.own, addresses: ["172.18.0.2", "fd00::2"] },
    extraHosts: [
      { name: "v6host", ip: "2001:db8::1" },
      { name: "v4host", ip: "10.0.0.1" },
    ],
    links: [{ alias: "db", name: "db", hostname: "db01", ipv4: "172.17.0.3", ipv6: "fd00::3" }],
  });
  assert.equal(text, "127.0.0.1\tlocalhost\n10.0.0.1\tv4host\n172.17.0.3\tdb db01\n172.18.0.2\t3f4e5d6c7b8a\n");
});

test("renderHosts: add-host entries in order, then links (v4 and v6 line), then own addresses", () => {
  const text = renderHosts({
    ipv6Enabled: true,
    own: { hostname: "web", domainname: "example.com", addresses: ["172.17.0.4", "2001:db8:1::4", "192.168.0.7"] },
    extraHosts: [
      { name: "host.docker.internal", ip: "172.17.0.1" },
      { name: "other", ip: "2001:DB8:0:0:0:0:0:9" },
    ],
    links: [
      { alias: "db", name: "pgserver", hostname: "5d9e1f2a3b4c", ipv4: "172.17.0.2", ipv6: "2001:db8:1::2" },
      { alias: "cache", name: "cache", hostname: "cachehost", ipv4: "172.17.0.3", ipv6: "" },
    ],
  });
  assert.equal(
    text,
    LOCALHOST_BLOCK +
      "172.17.0.1\thost.docker.internal\n" +
      "2001:db8::9\tother\n" +
      "172.17.0.2\tdb 5d9e1f2a3b4c pgserver\n" +
      "2001:db8:1::2\tdb 5d9e1f2a3b4c pgserver\n" +
      "172.17.0.3\tcache cachehost\n" +
      "172.17.0.4\tweb.example.com web\n" +
      "2001:db8:1::4\tweb.example.com web\n" +
      "192.168.0.7\tweb.example.com web\n",
  );
});

test("renderHosts: no addresses (none mode, or host mode with --add-host) leaves only the fixed lines", () => {
  const text = renderHosts({ ...base, own: { ...base.own, addresses: [] }, extraHosts: [{ name: "x", ip: "1.2.3.4" }] });
  assert.equal(text, `${LOCALHOST_BLOCK}1.2.3.4\tx\n`);
});

test("renderHosts: rejects an address that does not parse", () => {
  assert.throws(
    () => renderHosts({ ...base, extraHosts: [{ name: "x", ip: "not-an-ip" }] }),
    (e: unknown) => isBerthError(e, "InvalidParameter"),
  );
});

test("ownHostNames: fqdn plus short name, as Docker splits hostname/domainname", () => {
  assert.equal(ownHostNames("abc", ""), "abc");
  assert.equal(ownHostNames("abc", "example.com"), "abc.example.com abc");
  assert.equal(ownHostNames("web.corp.local", ""), "web.corp.local web");
});

test("hostModeHostsSource: copy without --add-host, generate with it", () => {
  assert.equal(hostModeHostsSource(0), "host-copy");
  assert.equal(hostModeHostsSource(2), "generated");
});

test("parseExtraHost: Docker's accepted forms", () => {
  assert.deepEqual(parseExtraHost("db:10.0.0.5"), { name: "db", ip: "10.0.0.5" });
  assert.deepEqual(parseExtraHost("db=10.0.0.5"), { name: "db", ip: "10.0.0.5" });
  assert.deepEqual(parseExtraHost("v6:2001:db8::1"), { name: "v6", ip: "2001:db8::1" });
  assert.deepEqual(parseExtraHost("v6=[2001:db8::1]"), { name: "v6", ip: "2001:db8::1" });
  assert.deepEqual(parseExtraHost("m:::ffff:10.0.0.1"), { name: "m", ip: "10.0.0.1" });
  assert.deepEqual(parseExtraHost("gw:host-gateway"), { name: "gw", ip: "host-gateway" });
});

test("parseExtraHost: Docker's error texts", () => {
  const fails = (entry: string, message: string): void => {
    assert.throws(() => parseExtraHost(entry), (e: unknown) => isBerthError(e, "InvalidParameter") && e.message === message);
  };
  fails("::1", 'bad format for add-host: "::1"');
  fails("nohost", 'bad format for add-host: "nohost"');
  fails("h:300.1.1.1", 'invalid IP address in add-host: "300.1.1.1"');
});

test("expandExtraHosts: host-gateway becomes one entry per gateway address", () => {
  assert.deepEqual(expandExtraHosts(["a:1.1.1.1", "host.docker.internal:host-gateway"], ["172.17.0.1", "fd00::1"]), [
    { name: "a", ip: "1.1.1.1" },
    { name: "host.docker.internal", ip: "172.17.0.1" },
    { name: "host.docker.internal", ip: "fd00::1" },
  ]);
  assert.throws(
    () => expandExtraHosts(["x:host-gateway"], []),
    (e: unknown) => isBerthError(e, "InvalidParameter") && e.message === "unable to derive the IP value for host-gateway",
  );
});
