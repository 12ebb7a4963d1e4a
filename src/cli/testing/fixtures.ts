/** Canned daemon data for the CLI tests: realistic networks as a Docker 27/28 daemon lists them. */
import type { NetworkWire } from "../../api/wire/network.js";
import type { VersionWire } from "../../api/wire/system.js";

export const CREATED_ID = "4a1f1c2e9d3b5a6c7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f";

type Given = Pick<NetworkWire, "Name" | "Id" | "Created" | "IPAM"> & Partial<NetworkWire>;

/** A network with its keys in the order a Go daemon encodes them. */
function network(g: Given): NetworkWire {
  return {
    Name: g.Name,
    Id: g.Id,
    Created: g.Created,
    Scope: g.Scope ?? "local",
    Driver: g.Driver ?? "bridge",
    EnableIPv4: g.EnableIPv4 ?? true,
    EnableIPv6: g.EnableIPv6 ?? false,
    IPAM: g.IPAM,
    Internal: g.Internal ?? false,
    Attachable: false,
    Ingress: false,
    ConfigFrom: { Network: "" },
    ConfigOnly: false,
    Containers: g.Containers ?? {},
    Options: g.Options ?? {},
    Labels: g.Labels ?? {},
  };
}

export const CANNED_NETWORKS: readonly NetworkWire[] = [
  network({
    Name: "bridge",
    Id: "f2de39df4171b0dc801e8002d1d999b77256983dfc63041c0f34030aa3977566",
    Created: "2024-05-01T10:00:00.123456789Z",
    IPAM: { Driver: "default", Options: null, Config: [{ Subnet: "172.17.0.0/16", Gateway: "172.17.0.1" }] },
    Options: {
      "com.docker.network.bridge.default_bridge": "true",
      "com.docker.network.bridge.enable_icc": "true",
      "com.docker.network.bridge.enable_ip_masquerade": "true",
      "com.docker.network.bridge.host_binding_ipv4": "0.0.0.0",
      "com.docker.network.bridge.name": "docker0",
      "com.docker.network.driver.mtu": "1500",
    },
  }),
  network({
    Name: "frontend",
    Id: "7c3a1e0f5d2b4c6a8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d",
    Created: "2024-06-12T08:30:15.5+00:00",
    EnableIPv6: true,
    IPAM: {
      Driver: "default",
      Options: {},
      Config: [
        { Subnet: "172.20.0.0/16", IPRange: "172.20.10.0/24", Gateway: "172.20.0.1", AuxiliaryAddresses: { router: "172.20.0.2", printer: "172.20.0.3" } },
        { Subnet: "fd00:dead:beef::/48", Gateway: "fd00:dead:beef::1" },
      ],
    },
    Containers: {
      "3f0e5b1c2d4a5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f": {
        Name: "web1",
        EndpointID: "b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2",
        MacAddress: "6e:1b:2c:3d:4e:5f",
        IPv4Address: "172.20.10.2/16",
        IPv6Address: "fd00:dead:beef::2/48",
      },
    },
    Options: { "com.docker.network.bridge.name": "br-front" },
    Labels: { "com.example.team": "web & <api>", "com.docker.compose.project": "shop", tier: "front" },
  }),
  network({
    Name: "backend",
    Id: "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d",
    Created: "2024-06-12T10:30:15.000000001+02:00",
    Internal: true,
    IPAM: { Driver: "default", Options: {}, Config: [{ Subnet: "10.10.0.0/24", Gateway: "10.10.0.1" }] },
    Labels: { "com.docker.compose.project": "shop" },
  }),
  network({
    Name: "host",
    Id: "0b6a2f4c8e1d3a5b7c9e0f2a4c6e8a0b2d4f6a8c0e2a4c6e8a0b2d4f6a8c0e2a",
    Created: "2024-05-01T09:59:59Z",
    Driver: "host",
    EnableIPv4: false,
    IPAM: { Driver: "default", Options: null, Config: null },
  }),
  network({
    Name: "db10",
    Id: "1d10aa0000000000000000000000000000000000000000000000000000000010",
    Created: "2024-07-01T00:00:00Z",
    IPAM: { Driver: "default", Options: {}, Config: [{ Subnet: "10.20.10.0/24", Gateway: "10.20.10.1" }] },
  }),
  network({
    Name: "db2",
    Id: "2d02aa0000000000000000000000000000000000000000000000000000000002",
    Created: "2024-07-01T00:00:00Z",
    Driver: "macvlan",
    IPAM: { Driver: "default", Options: {}, Config: [{ Subnet: "10.20.2.0/24", Gateway: "10.20.2.1" }] },
    Options: { parent: "eth0" },
  }),
  network({
    Name: "données",
    Id: "3e5d0e0000000000000000000000000000000000000000000000000000000003",
    Created: "2024-07-01T00:00:00Z",
    IPAM: { Driver: "default", Options: {}, Config: [] },
    Labels: { "note": "café ☕" },
  }),
];

export const VERSION_BODY: VersionWire = {
  Platform: { Name: "Berth Engine" },
  Components: [
    {
      Name: "Engine",
      Version: "0.1.0",
      Details: {
        ApiVersion: "1.47",
        Arch: "amd64",
        BuildTime: "2024-01-02T03:04:05.000000000+00:00",
        Experimental: "false",
        GitCommit: "abc1234",
        GoVersion: "node20",
        KernelVersion: "6.1.0",
        MinAPIVersion: "1.24",
        Os: "linux",
      },
    },
  ],
  Version: "0.1.0",
  ApiVersion: "1.47",
  MinAPIVersion: "1.24",
  GitCommit: "abc1234",
  GoVersion: "node20",
  Os: "linux",
  Arch: "amd64",
  KernelVersion: "6.1.0",
  BuildTime: "2024-01-02T03:04:05.000000000+00:00",
};
