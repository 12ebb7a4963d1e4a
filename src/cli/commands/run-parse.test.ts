import { test } from "node:test";
import assert from "node:assert/strict";
import { encodeCreateBody, encodeExecCreate } from "../wire-encode-container.js";
import { parseCreate } from "./run-parse.js";
import { parsePorts, parseVolumes } from "./run-ports.js";
import { endpointsConfig, parseNetworkOpt } from "./run-network.js";
import { parseEnvFile, parseRestartPolicy, validateDnsSearch, validateExtraHost, validateIpAddress } from "./run-validate.js";

const NO_LEGACY = { aliases: [], links: [], ipv4: "", ipv6: "", macAddress: "", linkLocalIPs: [] };
const env = { lookupEnv: (k: string) => ({ PATH: "/bin" })[k], cwd: "/home/u", consoleSize: [0, 0] as [number, number] };

/** What docker 28.2.2 sends for `docker run -d busybox echo hi` (captured from the real CLI). */
const DOCKER_DEFAULT_BODY =
  '{"Hostname":"","Domainname":"","User":"","AttachStdin":false,"AttachStdout":false,"AttachStderr":false,"Tty":false,"OpenStdin":false,' +
  '"StdinOnce":false,"Env":null,"Cmd":["echo","hi"],"Image":"busybox","Volumes":{},"WorkingDir":"","Entrypoint":null,"OnBuild":null,"Labels":{},' +
  '"HostConfig":{"Binds":null,"ContainerIDFile":"","LogConfig":{"Type":"","Config":{}},"NetworkMode":"default","PortBindings":{},' +
  '"RestartPolicy":{"Name":"no","MaximumRetryCount":0},"AutoRemove":false,"VolumeDriver":"","VolumesFrom":null,"ConsoleSize":[0,0],' +
  '"CapAdd":null,"CapDrop":null,"CgroupnsMode":"","Dns":[],"DnsOptions":[],"DnsSearch":[],"ExtraHosts":null,"GroupAdd":null,"IpcMode":"",' +
  '"Cgroup":"","Links":null,"OomScoreAdj":0,"PidMode":"","Privileged":false,"PublishAllPorts":false,"ReadonlyRootfs":false,"SecurityOpt":null,' +
  '"UTSMode":"","UsernsMode":"","ShmSize":0,"Isolation":"","CpuShares":0,"Memory":0,"NanoCpus":0,"CgroupParent":"","BlkioWeight":0,' +
  '"BlkioWeightDevice":[],"BlkioDeviceReadBps":[],"BlkioDeviceWriteBps":[],"BlkioDeviceReadIOps":[],"BlkioDeviceWriteIOps":[],"CpuPeriod":0,' +
  '"CpuQuota":0,"CpuRealtimePeriod":0,"CpuRealtimeRuntime":0,"CpusetCpus":"","CpusetMems":"","Devices":[],"DeviceCgroupRules":null,' +
  '"DeviceRequests":null,"MemoryReservation":0,"MemorySwap":0,"MemorySwappiness":-1,"OomKillDisable":false,"PidsLimit":0,"Ulimits":[],' +
  '"CpuCount":0,"CpuPercent":0,"IOMaximumIOps":0,"IOMaximumBandwidth":0,"MaskedPaths":null,"ReadonlyPaths":null},' +
  '"NetworkingConfig":{"EndpointsConfig":{"default":{"IPAMConfig":null,"Links":null,"Aliases":null,"MacAddress":"","DriverOpts":null,' +
  '"GwPriority":0,"NetworkID":"","EndpointID":"","Gateway":"","IPAddress":"","IPPrefixLen":0,"IPv6Gateway":"","GlobalIPv6Address":"",' +
  '"GlobalIPv6PrefixLen":0,"DNSNames":null}}}}';

test("the default create body is docker's, byte for byte", () => {
  const spec = parseCreate({}, "busybox", ["echo", "hi"], env);
  spec.config.AttachStdout = spec.config.AttachStderr = false;
  assert.equal(encodeCreateBody(spec), DOCKER_DEFAULT_BODY);
});

test("flags into Config and HostConfig", () => {
  const spec = parseCreate(
    { env: ["A=1", "B", "PATH", "A=2"], label: ["a=1", "b"], interactive: true, tty: true, rm: true, restart: "no", publish: ["8080:80"], volume: ["./d:/d", "/anon"] },
    "busybox", [], env,
  );
  assert.deepEqual(spec.config.Env, ["A=2", "B", "PATH=/bin"]);
  assert.deepEqual(spec.config.Labels, { a: "1", b: "" });
  assert.equal(spec.config.StdinOnce, true);
  assert.deepEqual(spec.hostConfig.Binds, ["/home/u/d:/d"]);
  assert.deepEqual(spec.config.Volumes, ["/anon"]);
  assert.equal(spec.config.Cmd, null);
  const body = JSON.parse(encodeCreateBody(spec)) as { ExposedPorts: object; HostConfig: { PortBindings: object; AutoRemove: boolean } };
  assert.deepEqual(body.ExposedPorts, { "80/tcp": {} });
  assert.deepEqual(body.HostConfig.PortBindings, { "80/tcp": [{ HostIp: "", HostPort: "8080" }] });
  assert.throws(() => parseCreate({ rm: true, restart: "always" }, "b", [], env), { message: "conflicting options: cannot specify both --restart and --rm" });
  assert.throws(() => parseCreate({ macAddress: "zz" }, "b", [], env), { message: "zz is not a valid mac address" });
});

test("ports: nat.ParsePortSpecs and --expose", () => {
  const p = parsePorts(["80", "127.0.0.1:53:53/udp", "1000-1001:2000-2001", "[::1]:81:81", "9000-9010:90"], ["100-101/udp"]);
  assert.deepEqual([...p.exposed], ["80/tcp", "53/udp", "2000/tcp", "2001/tcp", "81/tcp", "90/tcp", "100/udp", "101/udp"]);
  assert.deepEqual(p.bindings.get("2001/tcp"), [{ HostIp: "", HostPort: "1001" }]);
  assert.deepEqual(p.bindings.get("81/tcp"), [{ HostIp: "::1", HostPort: "81" }]);
  assert.deepEqual(p.bindings.get("90/tcp"), [{ HostIp: "", HostPort: "9000-9010" }]);
  assert.throws(() => parsePorts(["99999"], []), { message: "invalid containerPort: 99999" });
  assert.throws(() => parsePorts(["1-3:4-5"], []), { message: "invalid ranges specified for container and host Ports: 4-5 and 1-3" });
  assert.throws(() => parsePorts(["80/x"], []), { message: "invalid proto: x" });
  assert.throws(() => parsePorts([], ["x"]), { message: 'invalid range format for --expose: x, error: strconv.ParseUint: parsing "x": invalid syntax' });
});

test("volumes: binds, anonymous volumes, errors", () => {
  assert.deepEqual(parseVolumes(["/a:/b:ro", "vol:/v", "/anon", "/a:/b:ro", "../up:/u"], "/w/x"), { binds: ["/a:/b:ro", "vol:/v", "/w/up:/u"], anonymous: ["/anon"] });
  assert.throws(() => parseVolumes([""], "/"), { message: "invalid empty volume spec" });
  assert.throws(() => parseVolumes(["/a::/b"], "/"), { message: "invalid spec: /a::/b: empty section between colons" });
});

test("--network long syntax and the endpoint rules", () => {
  const n = parseNetworkOpt("name=mynet,alias=a1,alias=a2,ip=10.0.0.5,driver-opt=k=v,gw-priority=5");
  assert.equal(n.target, "mynet");
  const eps = endpointsConfig([n], NO_LEGACY);
  assert.deepEqual(eps.get("mynet"), { IPAMConfig: { IPv4Address: "10.0.0.5" }, Links: null, Aliases: ["a1", "a2"], MacAddress: "", DriverOpts: { k: "v" }, GwPriority: 5, DNSNames: null });
  assert.equal(parseNetworkOpt('name="a,b"').target, 'name="a,b"');
  assert.throws(() => parseNetworkOpt("my=net"), { message: "invalid field key my" });
  assert.deepEqual([...endpointsConfig([parseNetworkOpt("mynet")], NO_LEGACY).keys()], []);
  assert.deepEqual([...endpointsConfig([], NO_LEGACY).keys()], ["default"]);
  assert.throws(() => endpointsConfig([], { ...NO_LEGACY, aliases: ["x"] }), { message: "network-scoped aliases are only supported for user-defined networks" });
  assert.throws(() => endpointsConfig([parseNetworkOpt("host"), parseNetworkOpt("n1")], NO_LEGACY), { message: "conflicting options: cannot attach both user-defined and non-user-defined network-modes" });
});

test("validators and the env file", () => {
  assert.equal(validateIpAddress(" ::ffff:1.2.3.4 "), "1.2.3.4");
  assert.equal(validateIpAddress("2001:DB8::1"), "2001:db8::1");
  assert.equal(validateExtraHost("a=1.2.3.4"), "a:1.2.3.4");
  assert.equal(validateExtraHost("c:[fe80::1]"), "c:fe80::1");
  assert.throws(() => validateExtraHost("a"), { message: 'bad format for add-host: "a"' });
  assert.equal(validateDnsSearch("example.com."), "example.com");
  assert.throws(() => validateDnsSearch("-bad"), { message: "-bad is not a valid domain" });
  assert.deepEqual(parseRestartPolicy("on-failure:3"), { Name: "on-failure", MaximumRetryCount: 3 });
  const file = Buffer.from("\ufeff# c\nA=1\n  D=x=y \nPATH\nUNSET\n");
  assert.deepEqual(parseEnvFile("f", file, (k) => (k === "PATH" ? "/bin" : undefined)), ["A=1", "D=x=y ", "PATH=/bin"]);
  assert.throws(() => parseEnvFile("f", Buffer.from("bad var=1\n"), () => undefined), { message: "invalid env file (f): variable 'bad var' contains whitespaces" });
});

test("exec create body in Go field order", () => {
  const body = encodeExecCreate({ User: "", Privileged: false, Tty: true, ConsoleSize: [24, 80], AttachStdin: true, AttachStderr: true, AttachStdout: true, Detach: false, DetachKeys: "", Env: null, WorkingDir: "", Cmd: ["sh", "-c", "a>&2"] });
  assert.equal(body, '{"User":"","Privileged":false,"Tty":true,"ConsoleSize":[24,80],"AttachStdin":true,"AttachStderr":true,"AttachStdout":true,"Detach":false,"DetachKeys":"","Env":null,"WorkingDir":"","Cmd":["sh","-c","a\\u003e\\u00262"]}');
});
