/** The subset of the OCI runtime spec 1.0.2 (config.json) that Berth writes. */

export interface OciMount {
  readonly destination: string;
  readonly type: string;
  readonly source: string;
  readonly options: readonly string[];
}

export interface OciDeviceRule {
  readonly allow: boolean;
  readonly type?: "a" | "c" | "b";
  readonly major?: number;
  readonly minor?: number;
  readonly access: string;
}

export interface OciRlimit {
  readonly type: string;
  readonly hard: number;
  readonly soft: number;
}

export interface OciNamespace {
  readonly type: "pid" | "network" | "mount" | "ipc" | "uts" | "user" | "cgroup";
  readonly path?: string;
}

export interface OciProcess {
  readonly terminal: boolean;
  readonly user: { readonly uid: number; readonly gid: number };
  readonly args: readonly string[];
  readonly env: readonly string[];
  readonly cwd: string;
  readonly capabilities: {
    readonly bounding: readonly string[];
    readonly effective: readonly string[];
    readonly permitted: readonly string[];
  };
  readonly rlimits: readonly OciRlimit[];
  readonly noNewPrivileges: boolean;
}

export interface OciSpec {
  readonly ociVersion: "1.0.2";
  readonly process: OciProcess;
  readonly root: { readonly path: string; readonly readonly: boolean };
  readonly hostname: string;
  readonly mounts: readonly OciMount[];
  readonly linux: {
    readonly sysctl?: Readonly<Record<string, string>>;
    readonly resources: { readonly devices: readonly OciDeviceRule[] };
    readonly cgroupsPath: string;
    readonly namespaces: readonly OciNamespace[];
    readonly maskedPaths: readonly string[];
    readonly readonlyPaths: readonly string[];
  };
}
