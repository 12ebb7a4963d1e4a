/**
 * dockerode (npm, typed) against a daemon: the same network and container steps as the
 * docker-py scenario, from Node. Returns observations; cleans up what it made.
 */
import Docker from "dockerode";
import { observeError, shapeOf, toJson, type ObservedError, type Observations } from "./observations.js";

const SLEEPER = ["sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"];

/** docker-modem's error: statusCode and the daemon's JSON body. */
export function readModemError(e: unknown): ObservedError {
  const err = e as { statusCode?: number; json?: { message?: string } | null; message?: string };
  return { status: err.statusCode ?? -1, message: err.json?.message ?? err.message ?? String(e) };
}

const fails = (fn: () => Promise<unknown>): Promise<ObservedError | "no error"> => observeError(fn, readModemError);

export async function dockerodeScenario(socketPath: string, prefix: string): Promise<Observations> {
  const docker = new Docker({ socketPath });
  const out: Observations = {};
  try {
    await steps(docker, prefix, out);
  } catch (e) {
    out["exception"] = String(e);
  } finally {
    await cleanup(docker, prefix);
  }
  return out;
}

async function steps(docker: Docker, prefix: string, out: Observations): Promise<void> {
  const NET = `${prefix}net`;
  const NET2 = `${prefix}net2`;
  const created = await docker.createNetwork({
    Name: NET, Driver: "bridge", Labels: { conf: "yes" },
    IPAM: { Driver: "default", Config: [{ Subnet: "10.124.0.0/24", Gateway: "10.124.0.1" }] },
  });
  out["network_id_len"] = created.id.length;
  const net = docker.getNetwork(NET);
  const info = (await net.inspect()) as unknown as Record<string, unknown>;
  out["network_fields"] = Object.keys(info);
  out["network_shape"] = shapeOf(info);
  out["network_ipam"] = toJson(info["IPAM"]);
  const list = await docker.listNetworks({ filters: JSON.stringify({ name: [NET] }) });
  out["list_containers_field"] = toJson(list.map((n) => (n as unknown as Record<string, unknown>)["Containers"]));
  await docker.createNetwork({ Name: NET2, Driver: "bridge", Labels: { conf2: "yes" } });
  const net2 = docker.getNetwork(NET2);

  const ctr = await docker.createContainer({
    Image: "busybox", Cmd: SLEEPER, name: `${prefix}ctr`, Hostname: "nodehost",
    HostConfig: { NetworkMode: NET },
    NetworkingConfig: { EndpointsConfig: { [NET]: { IPAMConfig: { IPv4Address: "10.124.0.50" }, Aliases: ["node-alias"] } } },
  });
  await ctr.start();
  const ci = await ctr.inspect();
  const ep = ci.NetworkSettings.Networks[NET];
  out["container_running"] = ci.State.Running;
  out["endpoint_ip"] = ep?.IPAddress ?? null;
  out["endpoint_aliases"] = toJson(ep?.Aliases);
  out["endpoint_ipam_config"] = toJson(ep?.IPAMConfig);
  out["endpoint_shape"] = shapeOf(ep);
  out["network_settings_fields"] = Object.keys(ci.NetworkSettings);

  await net2.connect({ Container: ctr.id, EndpointConfig: { Aliases: ["second"] } });
  const members = ((await net2.inspect()) as { Containers: Record<string, { Name: string }> }).Containers;
  out["network2_members"] = Object.values(members).map((m) => m.Name);
  out["err_duplicate_connect"] = await fails(() => net2.connect({ Container: ctr.id }));
  await net2.disconnect({ Container: ctr.id });
  out["after_disconnect_networks"] = Object.keys((await ctr.inspect()).NetworkSettings.Networks);
  out["err_disconnect_twice"] = await fails(() => net2.disconnect({ Container: ctr.id }));

  await errorSteps(docker, prefix, net, ctr, out);

  const exiter = await docker.createContainer({ Image: "busybox", Cmd: ["sh", "-c", "exit 3"], HostConfig: { NetworkMode: NET } });
  await exiter.start();
  out["wait_status"] = toJson(await exiter.wait());
  await exiter.remove();

  await ctr.stop({ t: 5 });
  const stopped = await ctr.inspect();
  out["stopped_state"] = stopped.State.Status;
  out["stopped_endpoint_ip"] = stopped.NetworkSettings.Networks[NET]?.IPAddress ?? null;
  out["stopped_ipam_config"] = toJson(stopped.NetworkSettings.Networks[NET]?.IPAMConfig);
  await ctr.remove();
  await net.remove();
  out["prune"] = toJson(await docker.pruneNetworks({ filters: JSON.stringify({ label: ["conf2=yes"] }) }));
}

/** Docker's errors for unknown objects, duplicates, busy and predefined networks, bad IPAM. */
async function errorSteps(docker: Docker, prefix: string, net: Docker.Network, ctr: Docker.Container, out: Observations): Promise<void> {
  const NET = `${prefix}net`;
  out["err_unknown_network"] = await fails(() => docker.getNetwork(`${prefix}nosuch`).inspect());
  out["err_connect_unknown_network"] = await fails(() => docker.getNetwork(`${prefix}nosuch`).connect({ Container: ctr.id }));
  out["err_connect_unknown_container"] = await fails(() => net.connect({ Container: `${prefix}nosuchctr` }));
  out["err_duplicate_network"] = await fails(() => docker.createNetwork({ Name: NET }));
  out["err_rm_running"] = await fails(() => ctr.remove());
  out["err_rm_network_in_use"] = await fails(() => net.remove());
  out["err_rm_predefined"] = await fails(() => docker.getNetwork("none").remove());
  out["err_connect_host"] = await fails(() => docker.getNetwork("host").connect({ Container: ctr.id }));
  out["err_static_ip_default_bridge"] = await fails(() => docker.getNetwork("bridge").connect({
    Container: ctr.id, EndpointConfig: { IPAMConfig: { IPv4Address: "172.17.0.77" } },
  }));
  out["err_bad_gateway"] = await fails(() => docker.createNetwork({
    Name: `${prefix}badgw`, IPAM: { Config: [{ Subnet: "10.125.0.0/24", Gateway: "10.126.0.1" }] },
  }));
}

async function cleanup(docker: Docker, prefix: string): Promise<void> {
  await docker.getContainer(`${prefix}ctr`).remove({ force: true }).catch(() => undefined);
  for (const n of ["net", "net2"]) await docker.getNetwork(`${prefix}${n}`).remove().catch(() => undefined);
}
