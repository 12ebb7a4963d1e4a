/**
 * Docker Engine API wire shapes for local images (no registry), at API 1.47, in Go's
 * field order. Only src/api and src/cli use these types.
 */
import type { ContainerConfigWire } from "./container.js";

/** GET /images/json item (image.Summary; VirtualSize is gone from API 1.44). */
export interface ImageSummaryWire {
  Containers: number;
  Created: number;
  Id: string;
  Labels: Record<string, string> | null;
  ParentId: string;
  RepoDigests: string[];
  RepoTags: string[];
  SharedSize: number;
  Size: number;
}

/** GET /images/{name}/json (image.InspectResponse; Container/ContainerConfig gone from 1.45). */
export interface ImageInspectWire {
  Id: string;
  RepoTags: string[];
  RepoDigests: string[];
  Parent: string;
  Comment: string;
  Created: string;
  DockerVersion: string;
  Author: string;
  Config: ContainerConfigWire;
  Architecture: string;
  Os: string;
  Size: number;
  GraphDriver: { Data: Record<string, string> | null; Name: string };
  RootFS: { Type: string; Layers: string[] };
  Metadata: { LastTagTime: string };
}

/** DELETE /images/{name} items. */
export type ImageDeleteItemWire = { Untagged: string } | { Deleted: string };

/** One line of a JSON progress stream (jsonmessage.JSONMessage, the fields Berth sends). */
export interface JsonMessageWire {
  status?: string;
  stream?: string;
  error?: string;
  errorDetail?: { message: string };
}
