/** Create-time errors with dockerd's texts (spec §1.12), all 400 over HTTP. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { isBerthError } from "../lib/errors.js";
import { decodeJson } from "./body.js";
import { decodeContainerCreate } from "./container-create-decode.js";
import { cliBody, endpointSettings, type BodyPatch } from "./create-body-fixture.js";

function rejects(patch: BodyPatch | Record<string, unknown>, message: string, version = "1.47"): void {
  const body = "config" in patch || "hostConfig" in patch || "endpoints" in patch ? cliBody(patch as BodyPatch) : patch;
  assert.throws(
    () => decodeJson(body, (v) => decodeContainerCreate(v, version, "")),
    (e: unknown) => isBerthError(e, "InvalidParameter") && e.message === message,
    message,
  );
}

const container = (hostConfig: Record<string, unknown>, config: Record<string, unknown> = {}): BodyPatch => ({
  config,
  hostConfig: { NetworkMode: "container:db", ...hostConfig },
  endpoints: {},
});

test("container: without a name or id", () => {
  rejects({ hostConfig: { NetworkMode: "container:" }, endpoints: {} }, "invalid network mode: invalid container format container:<name|id>");
  rejects({ hostConfig: { NetworkMode: "container" }, endpoints: {} }, "invalid network mode: invalid container format container:<name|id>");
});

test("container: mode conflicts, in dockerd's order", () => {
  rejects(container({}, { Hostname: "h" }), "conflicting options: hostname and the network mode");
  rejects(
    container({ Links: ["a:b"] }),
    "conflicting options: container type network can't be used with links. This would result in undefined behavior",
  );
  rejects(container({ Dns: ["1.1.1.1"] }), "conflicting options: dns and the network mode");
  rejects(container({ ExtraHosts: ["a:1.2.3.4"] }), "conflicting options: custom host-to-IP mapping and the network mode");
  rejects(container({}, { MacAddress: "02:42:ac:11:00:02" }), "conflicting options: mac-address and the network mode");
  rejects(
    container({ PortBindings: { "80/tcp": [{ HostIp: "", HostPort: "80" }] } }),
    "conflicting options: port publishing and the container type network mode",
  );
  rejects(container({ PublishAllPorts: true }), "conflicting options: port publishing and the container type network mode");
  rejects(container({}, { ExposedPorts: { "80/tcp": {} } }), "conflicting options: port exposing and the container type network mode");
});

test("host mode with links or a container-wide MAC", () => {
  rejects(
    { hostConfig: { NetworkMode: "host", Links: ["a:b"] }, endpoints: {} },
    "conflicting options: host type networking can't be used with links. This would result in undefined behavior",
  );
  rejects({ config: { MacAddress: "02:42:ac:11:00:02" }, hostConfig: { NetworkMode: "host" }, endpoints: {} }, "conflicting options: mac-address and the network mode");
});

test("a container-wide MAC: differing from the endpoint's, without the main network's endpoint, on none below 1.44", () => {
  rejects(
    { config: { MacAddress: "02:42:ac:11:00:02" }, endpoints: { default: endpointSettings({ MacAddress: "02:42:ac:11:00:03" }) } },
    "the container-wide MAC address must match the endpoint-specific MAC address for the main network, or be left empty",
  );
  rejects(
    { config: { MacAddress: "02:42:ac:11:00:02" }, hostConfig: { NetworkMode: "a" }, endpoints: { b: endpointSettings() } },
    "if a container-wide MAC address is supplied, HostConfig.NetworkMode must match the identity of a network in NetworkSettings.Networks",
  );
  rejects({ config: { MacAddress: "02:42:ac:11:00:02" }, hostConfig: { NetworkMode: "none" }, endpoints: {} }, "conflicting options: mac-address and the network mode", "1.43");
});

test("EndpointsConfig: a nil entry; more than one below API 1.44", () => {
  rejects({ endpoints: { mynet: null } }, "invalid config for network mynet: EndpointsConfig is nil");
  rejects(
    { hostConfig: { NetworkMode: "b" }, endpoints: { b: endpointSettings(), a: endpointSettings() } },
    "Container cannot be created with multiple network endpoints: a, b",
    "1.43",
  );
});

test("restart policies and AutoRemove", () => {
  rejects({ hostConfig: { AutoRemove: false, RestartPolicy: { Name: "sometimes", MaximumRetryCount: 0 } } },
    "invalid restart policy: unknown policy 'sometimes'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'");
  rejects({ hostConfig: { AutoRemove: false, RestartPolicy: { Name: "always", MaximumRetryCount: 2 } } },
    "invalid restart policy: maximum retry count can only be used with 'on-failure'");
  rejects({ hostConfig: { AutoRemove: false, RestartPolicy: { Name: "on-failure", MaximumRetryCount: -1 } } },
    "invalid restart policy: maximum retry count cannot be negative");
  rejects({ hostConfig: { RestartPolicy: { Name: "always", MaximumRetryCount: 0 } } }, "can't create 'AutoRemove' container with restart policy");
});

test("bad port specifications", () => {
  rejects({ hostConfig: { PortBindings: { "http/tcp": [] } } }, 'invalid port specification: "http"');
  rejects({ hostConfig: { PortBindings: { "80/tcp": [{ HostIp: "", HostPort: "99999" }] } } }, 'invalid port specification: "99999"');
});

test("an empty config, and Go type errors", () => {
  rejects({}, "config cannot be empty in order to create a container");
  rejects({ HostConfig: {} }, "config cannot be empty in order to create a container");
  rejects({ config: { Hostname: 5 } }, "invalid JSON: json: cannot unmarshal number into Go struct field ContainerConfigWrapper.Hostname of type string");
  rejects({ hostConfig: { Dns: "8.8.8.8" } }, "invalid JSON: json: cannot unmarshal string into Go struct field HostConfig.HostConfig.Dns of type []string");
  rejects({ config: { Cmd: [1] } }, "invalid JSON: json: cannot unmarshal number into Go struct field ContainerConfigWrapper.Cmd of type string");
  rejects(
    { hostConfig: { RestartPolicy: { Name: 1 } } },
    "invalid JSON: json: cannot unmarshal number into Go struct field RestartPolicy.HostConfig.RestartPolicy.Name of type string",
  );
});
