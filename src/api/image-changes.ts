/**
 * `docker import --change` lines (Dockerfile instructions, as dockerd's BuildFromConfig
 * reads them) into ImageChanges: CMD and ENTRYPOINT in exec (JSON) or shell form, ENV in
 * both forms, WORKDIR (relative paths join the previous one) and EXPOSE (with ranges).
 */
import path from "node:path";
import type { ImageChanges } from "../engine/image-contract.js";
import { invalidParameter } from "../lib/errors.js";

/** What dockerd allows in a change; the rest of these Berth's ImageChanges cannot carry. */
const VALID_COMMIT_COMMANDS = ["cmd", "entrypoint", "healthcheck", "env", "expose", "label", "onbuild", "stopsignal", "user", "volume", "workdir"];

/** Exec form when the argument is a JSON array of strings, else `/bin/sh -c <rest>`. */
export function commandForm(rest: string): string[] {
  if (rest.startsWith("[")) {
    try {
      const v: unknown = JSON.parse(rest);
      if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v as string[];
    } catch {
      // not JSON: shell form
    }
  }
  return ["/bin/sh", "-c", rest];
}

/** Splits on unquoted whitespace, removing quotes and backslash escapes (the shell lexer's basics). */
export function splitWords(s: string): string[] {
  const words: string[] = [];
  let cur = "";
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] ?? "";
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else cur += ch;
    } else if (ch === "\\" && i + 1 < s.length) {
      cur += s[++i] ?? "";
      inWord = true;
    } else if (quote === '"') {
      if (ch === '"') quote = undefined;
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(cur);
      cur = "";
      inWord = false;
    } else {
      cur += ch;
      inWord = true;
    }
  }
  if (quote !== undefined) throw invalidParameter(`unexpected end of statement while looking for matching ${quote}`);
  if (inWord) words.push(cur);
  return words;
}

/** ENV: `K=V K2="v 2"` or the legacy `K value with spaces`. */
export function parseEnv(rest: string): [string, string][] {
  const first = rest.split(/\s+/)[0] ?? "";
  if (!first.includes("=")) {
    const m = /^(\S+)\s+([\s\S]*)$/.exec(rest.trim());
    if (!m) throw invalidParameter("ENV must have two arguments");
    return [[m[1] ?? "", m[2] ?? ""]];
  }
  return splitWords(rest).map((w) => {
    const eq = w.indexOf("=");
    if (eq <= 0) throw invalidParameter(`Syntax error - can't find = in "${w}". Must be of the form: name=value`);
    return [w.slice(0, eq), w.slice(eq + 1)];
  });
}

/** EXPOSE: "80", "53/udp", "8000-8002/tcp" → "80/tcp", ... */
export function parseExpose(rest: string): string[] {
  const out: string[] = [];
  for (const spec of splitWords(rest)) {
    const [ports = "", proto = "tcp"] = spec.split("/");
    const m = /^([0-9]+)(?:-([0-9]+))?$/.exec(ports);
    const start = Number(m?.[1]);
    const end = m?.[2] === undefined ? start : Number(m[2]);
    if (!m || start > 65535 || end > 65535 || end < start) throw invalidParameter(`invalid containerPort: ${ports}`);
    const p = proto.toLowerCase();
    if (!["tcp", "udp", "sctp"].includes(p)) throw invalidParameter(`invalid proto: ${proto}`);
    for (let port = start; port <= end; port++) out.push(`${port}/${p}`);
  }
  return out;
}

interface Draft {
  cmd?: string[];
  entrypoint?: string[];
  env?: string[];
  workingDir?: string;
  exposedPorts?: string[];
}

function applyEnv(d: Draft, rest: string): void {
  const env = [...(d.env ?? [])];
  for (const [k, v] of parseEnv(rest)) {
    const i = env.findIndex((e) => e.split("=")[0] === k);
    if (i >= 0) env[i] = `${k}=${v}`;
    else env.push(`${k}=${v}`);
  }
  d.env = env;
}

function applyOne(d: Draft, instr: string, rest: string): void {
  switch (instr) {
    case "cmd":
      d.cmd = commandForm(rest);
      return;
    case "entrypoint":
      d.entrypoint = commandForm(rest);
      return;
    case "env":
      return applyEnv(d, rest);
    case "workdir": {
      const dir = splitWords(rest).join(" ");
      d.workingDir = path.posix.isAbsolute(dir) ? path.posix.normalize(dir) : path.posix.join(d.workingDir ?? "/", dir);
      return;
    }
    case "expose":
      d.exposedPorts = [...new Set([...(d.exposedPorts ?? []), ...parseExpose(rest)])];
      return;
    default:
      throw invalidParameter(`${instr.toUpperCase()} is not supported in an import change by Berth`);
  }
}

/** Parses every change line; errors are InvalidParameter with dockerd's texts where it has them. */
export function parseImageChanges(lines: readonly string[]): ImageChanges {
  const d: Draft = {};
  for (const raw of lines.flatMap((l) => l.split("\n"))) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const m = /^(\S+)\s*([\s\S]*)$/.exec(line);
    const instr = (m?.[1] ?? "").toLowerCase();
    if (!VALID_COMMIT_COMMANDS.includes(instr)) throw invalidParameter(`${instr} is not a valid change command`);
    applyOne(d, instr, (m?.[2] ?? "").trim());
  }
  return d;
}
