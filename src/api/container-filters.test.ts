import { test } from "node:test";
import assert from "node:assert/strict";
import type { ContainerDetail } from "../engine/container-contract.js";
import { isBerthError } from "../lib/errors.js";
import type { ContainerId, NetworkId } from "../lib/ids.js";
import type { Container, ContainerStatus } from "../model/container.js";
import { emptyEndpointConfig } from "../model/endpoint.js";
import { containerPruneMatcher, filterContainers } from "./container-filters.js";
import { Filters } from "./filters.js";

const NET = "9".repeat(64) as NetworkId;

function detail(n: number, status: ContainerStatus, extra: { exitCode?: number; image?: string; labels?: Record<string, string> } = {}): ContainerDetail {
  const started = status === "created" ? "0001-01-01T00:00:00Z" : "2024-01-01T00:00:00Z";
  const c: Container = {
    id: String(n).repeat(64) as ContainerId,
    name: `c${n}`,
    created: `2024-01-0${n}T00:00:00Z`,
    imageId: extra.image ?? "sha256:img",
    config: {
      hostname: "", domainname: "", user: "", env: [], cmd: ["true"], entrypoint: null, workingDir: "", image: "busybox", labels: extra.labels ?? {},
      tty: false, openStdin: false, stdinOnce: false, attachStdin: false, attachStdout: false, attachStderr: false, exposedPorts: [], stopSignal: "", macAddress: "",
    },
    hostConfig: {
      networkMode: "mynet", binds: [], portBindings: {}, publishAllPorts: false, links: [], dns: [], dnsSearch: [], dnsOptions: [], extraHosts: [],
      restartPolicy: { name: "no", maximumRetryCount: 0 }, autoRemove: false,
    },
    attachments: n === 1 ? [{ networkId: NET, networkName: "mynet", config: emptyEndpointConfig }] : [],
    state: { status, pid: 0, exitCode: extra.exitCode ?? 0, error: "", startedAt: started, finishedAt: started, oomKilled: false },
    restartCount: 0,
  };
  return { container: c, endpoints: [], networkNames: { [NET]: "mynet" }, hostsPath: "", hostnamePath: "", resolvConfPath: "", logPath: "", sandboxKey: "", exposedPorts: [] };
}

// c1 oldest ... c5 newest
const all = [
  detail(1, "running"),
  detail(2, "exited", { exitCode: 3, labels: { a: "1" } }),
  detail(3, "created"),
  detail(4, "exited", { exitCode: 0, image: "sha256:other" }),
  detail(5, "running", { labels: { a: "2" } }),
];

const names = (f: Record<string, string[]>, all_ = true, limit = -1, ancestorIds?: Set<string>): string[] =>
  filterContainers(all, { all: all_, limit, filters: Filters.parse(JSON.stringify(f)), ...(ancestorIds ? { ancestorIds } : {}) }).map((d) => d.container.name);

test("newest first; running only unless all; limit", () => {
  assert.deepEqual(names({}), ["c5", "c4", "c3", "c2", "c1"]);
  assert.deepEqual(names({}, false), ["c5", "c1"]);
  assert.deepEqual(names({}, true, 2), ["c5", "c4"]);
});

test("name, id, label, status (implies all), exited, network, ancestor", () => {
  assert.deepEqual(names({ name: ["c[12]"] }), ["c2", "c1"]);
  assert.deepEqual(names({ id: ["3333"] }), ["c3"]);
  assert.deepEqual(names({ label: ["a"] }), ["c5", "c2"]);
  assert.deepEqual(names({ label: ["a=1"] }), ["c2"]);
  assert.deepEqual(names({ status: ["exited"] }, false), ["c4", "c2"]);
  assert.deepEqual(names({ exited: ["3"] }), ["c2"]);
  assert.deepEqual(names({ network: ["mynet"] }), ["c1"]);
  assert.deepEqual(names({ network: ["9999"] }), ["c1"]);
  assert.deepEqual(names({}, true, -1, new Set(["sha256:other"])), ["c4"]);
});

test("before and since are positional", () => {
  assert.deepEqual(names({ before: ["c3"] }), ["c2", "c1"]);
  assert.deepEqual(names({ since: ["c3"] }), ["c5", "c4"]);
});

test("Docker's errors for bad filters", () => {
  const bad = (f: Record<string, string[]>, message: string): void =>
    assert.throws(() => names(f), (e: unknown) => isBerthError(e) && e.message === message, message);
  bad({ color: ["red"] }, "invalid filter 'color'");
  bad({ status: ["sleeping"] }, "invalid filter 'status=sleeping'");
  bad({ exited: ["x"] }, `invalid filter 'exited=x': strconv.Atoi: parsing "x": invalid syntax`);
  bad({ before: ["nope"] }, "No such container: nope");
});

test("prune matcher: label, label!, until", () => {
  const c2 = all[1]?.container as Container;
  const m = (f: Record<string, string[]>): boolean => containerPruneMatcher(Filters.parse(JSON.stringify(f)), new Date("2024-02-01T00:00:00Z"))(c2);
  assert.equal(m({}), true);
  assert.equal(m({ label: ["a=1"] }), true);
  assert.equal(m({ "label!": ["a"] }), false);
  assert.equal(m({ until: ["2024-01-01T00:00:00Z"] }), false);
  assert.equal(m({ until: ["24h"] }), true);
  assert.throws(() => m({ until: ["1h", "2h"] }), /more than one until filter specified/);
});
