/** Wire shapes of /version (and the parts of /info the CLI prints). */
export interface VersionComponentWire {
  Name: string;
  Version: string;
  Details?: Record<string, string>;
}

export interface VersionWire {
  Platform: { Name: string };
  Components: VersionComponentWire[];
  Version: string;
  ApiVersion: string;
  MinAPIVersion?: string;
  GitCommit: string;
  GoVersion: string;
  Os: string;
  Arch: string;
  KernelVersion?: string;
  Experimental?: boolean;
  BuildTime?: string;
}
