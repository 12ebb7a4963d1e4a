/**
 * Test support: how the in-memory container service turns a ContainerCreateSpec into a
 * Container (image config merged as dockerd does, network mode and attachments resolved,
 * Docker's name errors) and what it shows as a ContainerDetail.
 */
import type { ContainerDetail } from "../engine/container-contract.js";
import type { NetworkService } from "../engine/engine.js";
import { conflict, invalidParameter, notFound } from "../lib/errors.js";
import { newContainerId, shortId, type ContainerId } from "../lib/ids.js";
import type { Attachment, Container, ContainerConfig, ContainerCreateSpec } from "../model/container.js";
import { ZERO_TIME } from "../model/container.js";
import type { Endpoint } from "../model/endpoint.js";
import { emptyEndpointConfig } from "../model/endpoint.js";
import type { FakeImages } from "./fake-images.js";

export interface FakePlanDeps {
  readonly networks: NetworkService;
  readonly images: FakeImages;
  readonly hostname: string;
  readonly existing: readonly Container[];
  readonly now: () => string;
}

const NAME_RE = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/** By full id, name (with or without "/"), or unique id prefix; 404 `No such container: X`. */
export function findContainer(all: readonly Container[], ref: string): Container {
  const hit =
    all.find((c) => c.id === ref) ??
    all.find((c) => c.name === ref.replace(/^\//, "")) ??
    (() => {
      const byPrefix = ref === "" ? [] : all.filter((c) => c.id.startsWith(ref));
      if (byPrefix.length > 1) throw invalidParameter(`multiple IDs found with provided prefix: ${ref}`);
      return byPrefix[0];
    })();
  if (!hit) throw notFound(`No such container: ${ref}`);
  return hit;
}

/** Docker's name checks: pattern, then uniqueness. */
export function checkName(name: string, all: readonly Container[], self?: string): void {
  if (!NAME_RE.test(name)) throw invalidParameter(`Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
  const clash = all.find((c) => c.name === name.replace(/^\//, "") && c.id !== self);
  if (clash) {
    throw conflict(
      `Conflict. The container name "/${name.replace(/^\//, "")}" is already in use by container "${clash.id}". ` +
        "You have to remove (or rename) that container to be able to reuse that name.",
    );
  }
}

function mergeEnv(base: readonly string[], over: readonly string[]): string[] {
  const out = [...base];
  for (const e of over) {
    const key = e.split("=")[0];
    const i = out.findIndex((x) => x.split("=")[0] === key);
    if (i >= 0) out[i] = e;
    else out.push(e);
  }
  return out;
}

async function attachments(spec: ContainerCreateSpec, mode: string, deps: FakePlanDeps): Promise<Attachment[]> {
  if (mode.startsWith("container:")) return [];
  const refs = [mode, ...Object.keys(spec.endpoints).filter((k) => k !== mode)];
  const out: Attachment[] = [];
  for (const ref of refs) {
    const { network } = await deps.networks.inspect(ref);
    out.push({ networkId: network.id, networkName: network.name, config: spec.endpoints[ref] ?? emptyEndpointConfig });
  }
  return out;
}

export async function planFakeContainer(spec: ContainerCreateSpec, deps: FakePlanDeps, n: number): Promise<Container> {
  const image = deps.images.find(spec.config.image);
  const name = spec.name ?? `fake_container_${n}`;
  checkName(name, deps.existing);
  const id = newContainerId();
  let mode = spec.hostConfig.networkMode;
  if (mode.startsWith("container:")) mode = `container:${findContainer(deps.existing, mode.slice(10)).id}`;
  const sc = spec.config;
  const entrypoint = sc.entrypoint ?? image.config.entrypoint;
  const cmd = sc.cmd.length > 0 ? sc.cmd : sc.entrypoint === null ? (image.config.cmd ?? []) : [];
  if ((entrypoint ?? []).length === 0 && cmd.length === 0) throw invalidParameter("No command specified");
  const hostname = sc.hostname || (mode === "host" ? deps.hostname : mode.startsWith("container:") ? "" : shortId(id));
  const config: ContainerConfig = {
    ...sc,
    hostname,
    entrypoint,
    cmd,
    env: mergeEnv(image.config.env, sc.env),
    workingDir: sc.workingDir || image.config.workingDir,
    exposedPorts: [...new Set([...image.config.exposedPorts, ...sc.exposedPorts])],
  };
  return {
    id: id as ContainerId,
    name: name.replace(/^\//, ""),
    created: deps.now(),
    imageId: image.id,
    config,
    hostConfig: { ...spec.hostConfig, networkMode: mode },
    attachments: await attachments(spec, mode, deps),
    state: { status: "created", pid: 0, exitCode: 0, error: "", startedAt: ZERO_TIME, finishedAt: ZERO_TIME, oomKilled: false },
    restartCount: 0,
  };
}

/** Docker's MAC for an IPv4 address: 02:42 then the four address bytes. */
export function macFor(ipv4: string): string {
  const bytes = ipv4.split(".").map((b) => Number(b).toString(16).padStart(2, "0"));
  return bytes.length === 4 ? `02:42:${bytes.join(":")}` : "";
}

export function fakeDetail(c: Container, endpoints: readonly Endpoint[]): ContainerDetail {
  const running = c.state.status === "running";
  const dir = `/var/lib/berth-fake/containers/${c.id}`;
  const names: Record<string, string> = {};
  for (const a of c.attachments) names[a.networkId] = a.networkName;
  const ownNetns = running && !c.hostConfig.networkMode.startsWith("container:") && c.hostConfig.networkMode !== "host";
  return {
    container: c,
    endpoints: running ? endpoints : [],
    networkNames: names,
    hostsPath: `${dir}/hosts`,
    hostnamePath: `${dir}/hostname`,
    resolvConfPath: `${dir}/resolv.conf`,
    logPath: `${dir}/${c.id}-json.log`,
    sandboxKey: ownNetns ? `/var/run/berth-fake/netns/${shortId(c.id)}` : "",
    exposedPorts: c.config.exposedPorts,
  };
}
