#!/usr/bin/python3
"""docker-py (Debian python3-docker) against a daemon: networks and containers created,
connected, inspected, disconnected and removed, and Docker's errors for bad requests.

Usage: /usr/bin/python3 scenario.py BASE_URL PREFIX
Prints one JSON object: step name -> observed value (shapes as type names, errors as
{"type", "status", "explanation"}). The e2e test asserts on it; scripts/side-by-side diffs it
between two daemons. Cleans up what it made, also on failure.
"""
import json
import sys

import docker
from docker.types import IPAMConfig, IPAMPool

BASE_URL, PREFIX = sys.argv[1], sys.argv[2]
client = docker.DockerClient(base_url=BASE_URL, version="auto", timeout=60)
api = client.api
out = {}
NET, NET2, CTR = PREFIX + "net", PREFIX + "net2", PREFIX + "ctr"
SLEEPER = ["sh", "-c", "trap 'exit 0' TERM; sleep 600 & wait"]


def shape(obj):
    """Key -> JSON type name, as docker-py decoded it."""
    names = {dict: "object", list: "array", str: "string", bool: "bool", int: "number", float: "number", type(None): "null"}
    return {k: names[type(v)] for k, v in obj.items()}


def error(fn):
    try:
        fn()
    except docker.errors.APIError as e:
        return {"type": type(e).__name__, "status": e.status_code, "explanation": e.explanation}
    return "no error"


def scenario():
    out["api_version"] = api.api_version
    pool = IPAMPool(subnet="10.123.0.0/24", gateway="10.123.0.1")
    net = client.networks.create(NET, driver="bridge", ipam=IPAMConfig(pool_configs=[pool]), labels={"conf": "yes"})
    out["network_id_len"] = len(net.id)
    net2 = client.networks.create(NET2, driver="bridge", internal=True, labels={"conf2": "yes"})
    net.reload()
    out["network_shape"] = shape(net.attrs)
    out["network_fields"] = list(net.attrs.keys())
    out["network_ipam"] = net.attrs["IPAM"]
    out["network_labels"] = net.attrs["Labels"]
    out["network2_internal"] = client.networks.get(NET2).attrs["Internal"]
    out["networks_list_names"] = sorted(n.name for n in client.networks.list(names=[NET, NET2]))
    out["networks_list_by_label"] = [n.name for n in client.networks.list(filters={"label": "conf=yes"})]

    ctr = client.containers.run("busybox", SLEEPER, detach=True, name=CTR, network=NET, hostname="pyhost")
    ctr.reload()
    out["container_status"] = ctr.status
    eps = ctr.attrs["NetworkSettings"]["Networks"]
    out["container_networks"] = sorted(eps.keys())
    out["endpoint_shape"] = shape(eps[NET])
    out["endpoint_ip"] = eps[NET]["IPAddress"]
    out["endpoint_gateway"] = eps[NET]["Gateway"]
    out["endpoint_prefixlen"] = eps[NET]["IPPrefixLen"]

    net2.connect(ctr, aliases=["py-alias"])
    ctr.reload()
    ep2 = ctr.attrs["NetworkSettings"]["Networks"][NET2]
    out["connect_aliases_has_alias"] = "py-alias" in (ep2["Aliases"] or [])
    out["connect_dnsnames"] = sorted(ep2.get("DNSNames") or [])
    net2.reload()
    members = net2.attrs["Containers"]
    out["network2_members"] = sorted(m["Name"] for m in members.values())
    out["network2_member_shape"] = shape(next(iter(members.values())))
    out["hosts_has_hostname"] = "pyhost" in ctr.exec_run(["cat", "/etc/hosts"]).output.decode()
    out["exec_exit_code"] = ctr.exec_run(["sh", "-c", "exit 7"]).exit_code

    out["err_duplicate_connect"] = error(lambda: net2.connect(ctr))
    out["err_duplicate_network"] = error(lambda: client.networks.create(NET))
    out["err_unknown_network"] = error(lambda: client.networks.get(PREFIX + "nosuch"))
    out["err_connect_unknown_container"] = error(lambda: net.connect(PREFIX + "nosuchctr"))
    out["err_rm_running"] = error(lambda: ctr.remove())
    out["err_rm_network_in_use"] = error(lambda: net.remove())
    out["err_rm_predefined"] = error(lambda: client.networks.get("bridge").remove())
    out["err_create_predefined"] = error(lambda: client.networks.create("host"))
    out["err_unknown_container"] = error(lambda: client.containers.get(PREFIX + "nosuchctr"))
    out["err_bad_subnet"] = error(lambda: client.networks.create(
        PREFIX + "bad", ipam=IPAMConfig(pool_configs=[IPAMPool(subnet="10.124.0.1/24")])))
    out["err_overlap"] = error(lambda: client.networks.create(
        PREFIX + "ovl", ipam=IPAMConfig(pool_configs=[IPAMPool(subnet="10.123.0.0/16")])))
    # A created (not running) container only records the request; the clash shows at start.
    net_cfg = api.create_networking_config({NET: api.create_endpoint_config(ipv4_address=out["endpoint_ip"])})
    taken = api.create_container("busybox", "true", name=PREFIX + "taken", networking_config=net_cfg)["Id"]
    out["connect_created_ok"] = error(lambda: api.connect_container_to_network(taken, NET2))
    out["connect_created_twice_ok"] = error(lambda: api.connect_container_to_network(taken, NET2))
    out["err_ip_taken_at_start"] = error(lambda: api.start(taken))

    net2.disconnect(ctr)
    ctr.reload()
    out["after_disconnect_networks"] = sorted(ctr.attrs["NetworkSettings"]["Networks"].keys())
    out["err_disconnect_twice"] = error(lambda: net2.disconnect(ctr))

    try:
        client.containers.run("busybox", ["sh", "-c", "exit 3"], remove=True, network=NET)
        out["run_exit_3"] = "no error"
    except docker.errors.ContainerError as e:
        out["run_exit_3"] = {"type": "ContainerError", "exit_status": e.exit_status}
    out["run_output"] = client.containers.run("busybox", ["echo", "hello"], remove=True).decode()

    ctr.stop(timeout=5)
    ctr.reload()
    out["stopped_status"] = ctr.status
    out["stopped_endpoint_ip"] = ctr.attrs["NetworkSettings"]["Networks"][NET]["IPAddress"]
    ctr.remove()
    net.remove()
    # Networks used only by stopped containers are pruned too (Docker's behaviour).
    out["prune"] = client.networks.prune(filters={"label": "conf2=yes"})
    out["networks_after"] = sorted(n.name for n in client.networks.list(names=[NET, NET2]) if n.name in (NET, NET2))


def cleanup():
    for name in (CTR, PREFIX + "taken"):
        try:
            client.containers.get(name).remove(force=True)
        except docker.errors.APIError:
            pass
    for name in (NET, NET2):
        try:
            client.networks.get(name).remove()
        except docker.errors.APIError:
            pass


try:
    scenario()
except Exception as e:  # noqa: BLE001 - reported to the test as data
    out["exception"] = repr(e)
finally:
    cleanup()
print(json.dumps(out, sort_keys=True))
