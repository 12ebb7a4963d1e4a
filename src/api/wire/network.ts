/**
 * Docker Engine API wire shapes for networks (spec §1.3–§1.10). Field order matters:
 * `docker network inspect` prints the JSON as sent, so objects are built in this order.
 * Only src/api (encode/decode) and src/cli (client side) use these types.
 */

export interface IPAMConfigWire {
  Subnet?: string;
  IPRange?: string;
  Gateway?: string;
  AuxiliaryAddresses?: Record<string, string>;
}

export interface IPAMWire {
  Driver: string;
  Options: Record<string, string> | null;
  Config: IPAMConfigWire[] | null;
}

/** A value of `Containers` in network inspect. */
export interface EndpointResourceWire {
  Name: string;
  EndpointID: string;
  MacAddress: string;
  IPv4Address: string;
  IPv6Address: string;
}

/** GET /networks/{id} and the items of GET /networks (Containers is {} in lists). */
export interface NetworkWire {
  Name: string;
  Id: string;
  Created: string;
  Scope: string;
  Driver: string;
  EnableIPv4?: boolean; // API >= 1.48
  EnableIPv6: boolean;
  IPAM: IPAMWire;
  Internal: boolean;
  Attachable: boolean;
  Ingress: boolean;
  ConfigFrom: { Network: string };
  ConfigOnly: boolean;
  Containers?: Record<string, EndpointResourceWire>;
  Options: Record<string, string>;
  Labels: Record<string, string>;
}

/** POST /networks/create body (what clients send; every field may be missing or mistyped). */
export interface NetworkCreateRequestWire {
  Name?: string;
  CheckDuplicate?: boolean;
  Driver?: string;
  Scope?: string;
  EnableIPv4?: boolean;
  EnableIPv6?: boolean;
  IPAM?: { Driver?: string; Config?: IPAMConfigWire[] | null; Options?: Record<string, string> | null } | null;
  Internal?: boolean;
  Attachable?: boolean;
  Ingress?: boolean;
  ConfigOnly?: boolean;
  ConfigFrom?: { Network?: string } | null;
  Options?: Record<string, string> | null;
  Labels?: Record<string, string> | null;
}

export interface NetworkCreateResponseWire {
  Id: string;
  Warning: string;
}

export interface EndpointIPAMConfigWire {
  IPv4Address?: string;
  IPv6Address?: string;
  LinkLocalIPs?: string[] | null;
}

/** EndpointSettings (config side used by connect and container create). */
export interface EndpointSettingsWire {
  IPAMConfig?: EndpointIPAMConfigWire | null;
  Links?: string[] | null;
  Aliases?: string[] | null;
  MacAddress?: string;
  DriverOpts?: Record<string, string> | null;
  GwPriority?: number;
  NetworkID?: string;
  EndpointID?: string;
  Gateway?: string;
  IPAddress?: string;
  IPPrefixLen?: number;
  IPv6Gateway?: string;
  GlobalIPv6Address?: string;
  GlobalIPv6PrefixLen?: number;
  DNSNames?: string[] | null;
}

export interface NetworkConnectRequestWire {
  Container?: string;
  EndpointConfig?: EndpointSettingsWire | null;
}

export interface NetworkDisconnectRequestWire {
  Container?: string;
  Force?: boolean;
}

export interface NetworkPruneResponseWire {
  NetworksDeleted: string[] | null;
}

export interface ErrorResponseWire {
  message: string;
}
