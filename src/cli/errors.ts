/** How the CLI fails: each error knows its exit code and what goes to stderr. */

/** Exit with `code`, printing `message` (if not empty) on stderr. Like cli.StatusError. */
export class StatusError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export interface CommandInfo {
  /** e.g. "berth network create" */
  readonly path: string;
  /** e.g. "berth network create [OPTIONS] NETWORK" */
  readonly usage: string;
}

/**
 * A usage error printed as cobra does: the message, a blank line, "Usage:  <usage>", a blank
 * line and "<Run|See> '<path> --help' for more information".
 */
export class UsageError extends StatusError {
  constructor(cmd: CommandInfo, message: string, code: number, hint: "Run" | "See" | "SRun" = "Run") {
    super(code, `${message}\n\nUsage:  ${cmd.usage}\n\n${hint} '${cmd.path} --help' for more information`);
  }
}

/** A flag value pflag would reject: `invalid argument "v" for "--flag" flag: reason` (exit 125). */
export function flagError(cmd: CommandInfo, flag: string, value: string, reason: string): UsageError {
  return new UsageError(cmd, `invalid argument ${goQuote(value)} for ${goQuote(flag)} flag: ${reason}`, 125);
}

/** strconv.Quote, for the ASCII cases that matter here. */
export function goQuote(s: string): string {
  return JSON.stringify(s).replace(/\\u00([0-7][0-9a-f])/g, "\\x$1");
}

export type ArgsRule = { readonly exact: number } | { readonly min: number } | { readonly max: number } | { readonly none: true };

/** cobra's Args validators with docker's wording (exit code 1). */
export function checkArgs(cmd: CommandInfo, args: readonly string[], rule: ArgsRule): void {
  const plural = (n: number): string => `${n} argument${n === 1 ? "" : "s"}`;
  if ("exact" in rule && args.length !== rule.exact) {
    throw new UsageError(cmd, `berth: '${cmd.path}' requires ${plural(rule.exact)}`, 1);
  }
  if ("min" in rule && args.length < rule.min) {
    throw new UsageError(cmd, `berth: '${cmd.path}' requires at least ${plural(rule.min)}`, 1, "See");
  }
  if ("max" in rule && args.length > rule.max) {
    // docker's RequiresMaxArgs prints "SRun" (sic).
    throw new UsageError(cmd, `berth: '${cmd.path}' requires at most ${plural(rule.max)}`, 1, "SRun");
  }
  if ("none" in rule && args.length > 0) {
    throw new UsageError(cmd, `berth: '${cmd.path}' accepts no arguments`, 1);
  }
}
