/**
 * The docker CLI's validators for container flags (opts.ValidateEnv, ValidateExtraHost,
 * ValidateIPAddress, ValidateDNSSearch, net.ParseMAC, ParseRestartPolicy) and its env-file
 * reader, with the same error texts.
 */
import { formatAddr, parseAddr } from "../../lib/ip.js";

/** opts.ValidateIPAddress: the address in Go's net.IP.String() form. */
export function validateIpAddress(val: string): string {
  const a = parseAddr(val.trim());
  if (!a) throw new Error(`IP address is not correctly formatted: ${val}`);
  if (a.family === 6 && a.value >> 32n === 0xffffn) return formatAddr({ family: 4, value: a.value & 0xffffffffn });
  return formatAddr(a);
}

/** opts.ValidateEnv at flag time: the name must not be empty (bare names are expanded later). */
export function validateEnv(val: string): string {
  const eq = val.indexOf("=");
  if ((eq < 0 ? val : val.slice(0, eq)) === "") throw new Error("invalid environment variable: " + val);
  return val;
}

/** opts.ValidateExtraHost: "name:ip" or "name=ip" (brackets around an IPv6 dropped), or host-gateway. */
export function validateExtraHost(val: string): string {
  let sep = val.indexOf("=");
  if (sep < 0) sep = val.indexOf(":");
  const k = sep < 0 ? val : val.slice(0, sep);
  let v = sep < 0 ? "" : val.slice(sep + 1);
  if (sep < 0 || k === "" || k.includes(":")) throw new Error(`bad format for add-host: ${JSON.stringify(val)}`);
  if (v !== "host-gateway") {
    if (v.length > 2 && v.startsWith("[") && v.endsWith("]")) v = v.slice(1, -1);
    if (!parseAddr(v.trim())) throw new Error(`invalid IP address in add-host: ${JSON.stringify(v)}`);
  }
  return `${k}:${v}`;
}

const DOMAIN = /^(:?(:?[a-zA-Z0-9]|(:?[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))(:?\.(:?[a-zA-Z0-9]|(:?[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])))*)\.?\s*$/;

/** opts.ValidateDNSSearch. */
export function validateDnsSearch(val: string): string {
  const v = val.replace(/^ +| +$/g, "");
  if (v === ".") return v;
  const m = /[a-zA-Z]/.test(v) ? DOMAIN.exec(v) : null;
  if (m && m[1]!.length < 255) return m[1]!;
  throw new Error(`${v} is not a valid domain`);
}

/** validateAttach: stdin, stdout or stderr in any case. */
export function validateAttach(val: string): string {
  const s = val.toLowerCase();
  if (["stdin", "stdout", "stderr"].includes(s)) return s;
  throw new Error("valid streams are STDIN, STDOUT and STDERR");
}

/** net.ParseMAC (EUI-48/64, IPoIB; ':' or '-' or '.' separated). */
export function isValidMac(s: string): boolean {
  const colon = /^[0-9a-fA-F]{2}([:-])[0-9a-fA-F]{2}(?:\1[0-9a-fA-F]{2}){4}(?:(?:\1[0-9a-fA-F]{2}){2}|(?:\1[0-9a-fA-F]{2}){14})?$/;
  const dot = /^[0-9a-fA-F]{4}(?:\.[0-9a-fA-F]{4}){2}(?:(?:\.[0-9a-fA-F]{4})|(?:\.[0-9a-fA-F]{4}){7})?$/;
  return colon.test(s) || dot.test(s);
}

/** opts.ParseRestartPolicy ("name[:count]"; the name is not checked client-side). */
export function parseRestartPolicy(policy: string): { Name: string; MaximumRetryCount: number } {
  const colon = policy.indexOf(":");
  const k = colon < 0 ? policy : policy.slice(0, colon);
  const v = colon < 0 ? "" : policy.slice(colon + 1);
  if (colon >= 0 && k === "") throw new Error("invalid restart policy format: no policy provided before colon");
  let count = 0;
  if (v !== "") {
    if (!/^[+-]?\d+$/.test(v)) throw new Error("invalid restart policy format: maximum retry count must be an integer");
    count = Number(v);
  }
  return { Name: k, MaximumRetryCount: count };
}

/** opts.parseKeyValueFile for --env-file; bare names take the value from `lookup`, or are dropped when unset. */
export function parseEnvFile(name: string, content: Buffer, lookup: (k: string) => string | undefined): string[] {
  const out: string[] = [];
  const text = content.toString("utf8");
  if (Buffer.compare(Buffer.from(text, "utf8"), content) !== 0) {
    const line = text.split("\n").findIndex((l) => l.includes("\ufffd")) + 1;
    throw new Error(`invalid env file (${name}): contains invalid utf8 bytes at line ${line}`);
  }
  text.replace(/^\ufeff/, "").split(/\r?\n/).forEach((raw) => {
    const line = raw.replace(/^\s+/u, "");
    if (line === "" || line.startsWith("#")) return;
    const eq = line.indexOf("=");
    const variable = (eq < 0 ? line : line.slice(0, eq)).replace(/^[ \t]+/, "");
    if (/[ \t]/.test(variable)) throw new Error(`invalid env file (${name}): variable '${variable}' contains whitespaces`);
    if (variable === "") throw new Error(`invalid env file (${name}): no variable name on line '${line}'`);
    if (eq >= 0) out.push(`${variable}=${line.slice(eq + 1)}`);
    else {
      const value = lookup(line.trim());
      if (value !== undefined) out.push(`${line.trim()}=${value}`);
    }
  });
  return out;
}
