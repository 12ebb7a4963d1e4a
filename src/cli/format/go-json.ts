/**
 * Go encoding/json behaviour the docker CLI shows to users: string escaping (with and
 * without HTML escaping), json.Indent and json.Compact over raw bytes (strings are copied
 * verbatim, whitespace between tokens is dropped), as `docker network inspect` does.
 */

const HEX = "0123456789abcdef";

/** A JSON string literal as Go's encoder writes it (escapeHTML: <, >, & as \u003c...). */
export function goJsonString(s: string, escapeHTML: boolean): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = s.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        out += s[i]! + s[i + 1]!;
        i++;
      } else {
        out += "\\ufffd"; // Go replaces invalid UTF-8 with U+FFFD
      }
      continue;
    }
    out += escapeChar(c, escapeHTML) ?? s[i]!;
  }
  return out + '"';
}

function escapeChar(c: number, escapeHTML: boolean): string | undefined {
  switch (c) {
    case 0x22:
      return '\\"';
    case 0x5c:
      return "\\\\";
    case 0x08:
      return "\\b";
    case 0x0c:
      return "\\f";
    case 0x0a:
      return "\\n";
    case 0x0d:
      return "\\r";
    case 0x09:
      return "\\t";
    case 0x2028:
      return "\\u2028";
    case 0x2029:
      return "\\u2029";
  }
  if (c < 0x20 || (escapeHTML && (c === 0x3c || c === 0x3e || c === 0x26))) {
    return "\\u00" + HEX[c >> 4]! + HEX[c & 0xf]!;
  }
  return undefined;
}

const isSpace = (ch: string): boolean => ch === " " || ch === "\t" || ch === "\n" || ch === "\r";

/** Walks JSON text, calling `emit` for every significant token char; string bodies verbatim. */
function walkTokens(src: string, onChar: (ch: string, inString: boolean) => void): void {
  let inString = false;
  let escaped = false;
  for (const ch of src) {
    if (inString) {
      onChar(ch, true);
      if (escaped) escaped = false;
      else if (ch === "\\") escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (isSpace(ch)) continue;
    if (ch === '"') inString = true;
    onChar(ch, false);
  }
}

/** Port of Go's json.Indent(dst, src, prefix "", indent). */
export function goJsonIndent(src: string, indent: string): string {
  const out: string[] = [];
  let needIndent = false;
  let depth = 0;
  const newline = (): void => {
    out.push("\n" + indent.repeat(depth));
  };
  walkTokens(src, (ch, inString) => {
    const closing = !inString && (ch === "}" || ch === "]");
    if (needIndent && !closing) {
      needIndent = false;
      depth++;
      newline();
    }
    if (inString) {
      out.push(ch);
      return;
    }
    switch (ch) {
      case "{":
      case "[":
        needIndent = true; // delayed so that empty objects print as {} and []
        out.push(ch);
        break;
      case ",":
        out.push(ch);
        newline();
        break;
      case ":":
        out.push(": ");
        break;
      case "}":
      case "]":
        if (needIndent) needIndent = false;
        else {
          depth--;
          newline();
        }
        out.push(ch);
        break;
      default:
        out.push(ch);
    }
  });
  return out.join("");
}

/** Port of Go's json.Compact: insignificant whitespace removed, nothing escaped. */
export function goJsonCompact(src: string): string {
  const out: string[] = [];
  walkTokens(src, (ch) => out.push(ch));
  return out.join("");
}
