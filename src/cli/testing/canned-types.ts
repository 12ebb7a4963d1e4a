/** Shapes shared by the fake daemon's parts (canned containers, the request log). */
import type { PortWire } from "../../api/wire/container.js";

export interface CannedContainer {
  readonly id: string;
  readonly name: string;
  readonly image: string;
  readonly imageId: string;
  readonly path: string;
  readonly args: readonly string[];
  /** Seconds before "now". */
  readonly age: number;
  readonly state: "running" | "exited" | "created";
  readonly status: string;
  readonly exitCode: number;
  readonly tty: boolean;
  readonly openStdin: boolean;
  readonly ports: readonly PortWire[];
  readonly labels: Readonly<Record<string, string>>;
  readonly extraNames?: readonly string[];
  readonly networks: Readonly<Record<string, { ip: string; mac: string; prefix: number; gateway: string }>>;
  /** What `logs` returns: [stream, text] in order. */
  readonly logs: readonly (readonly [1 | 2, string])[];
  readonly env: readonly string[];
}

/** One request as the fake daemon received it. */
export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly contentType: string | undefined;
  readonly body: string;
}
