/**
 * `docker network inspect` output (docker/cli cli/command/inspect): no format prints the
 * raw bodies as one JSON array re-indented with 4 spaces (json.Indent keeps each body's
 * field order and escapes), "json" prints them compacted, anything else is a template run
 * on the typed network.Inspect with a fallback to the raw JSON map (missingkey=error).
 */
import type { NetworkWire } from "../../api/wire/network.js";
import { goJsonCompact, goJsonIndent } from "./go-json.js";
import { goFromJson } from "./go-value.js";
import { networkInspectValue } from "./network-values.js";
import { parseDockerTemplate, renderTemplate, TemplateExecError, TemplateSyntaxError, type Template } from "./template/index.js";

export interface Inspector {
  /** Adds one element; returns an error message when the element could not be rendered. */
  inspect(typed: NetworkWire, raw: string): string | undefined;
  /** Everything to print on stdout. */
  flush(): string;
}

/** Thrown when the format does not parse: docker exits 64. */
export class InspectFormatError extends Error {}

class ElementsInspector implements Inspector {
  private readonly raws: string[] = [];
  constructor(private readonly indent: boolean) {}
  inspect(_typed: NetworkWire, raw: string): undefined {
    this.raws.push(raw);
    return undefined;
  }
  flush(): string {
    if (this.raws.length === 0) return "[]\n";
    const joined = "[" + this.raws.join(",") + "]";
    return (this.indent ? goJsonIndent(joined, "    ") : goJsonCompact(joined)) + "\n";
  }
}

class TemplateInspector implements Inspector {
  private buffer = "";
  constructor(private readonly tmpl: Template) {}
  inspect(typed: NetworkWire, raw: string): string | undefined {
    try {
      this.buffer += renderTemplate(this.tmpl, networkInspectValue(typed)) + "\n";
      return undefined;
    } catch (e) {
      if (!(e instanceof TemplateExecError)) throw e;
    }
    try {
      const value = goFromJson(JSON.parse(raw));
      this.buffer += renderTemplate(this.tmpl, value, { missingKeyError: true }) + "\n";
      return undefined;
    } catch (e) {
      if (e instanceof TemplateExecError) return `template parsing error: ${e.message}`;
      if (e instanceof SyntaxError) return `unable to read inspect data: ${e.message}`;
      throw e;
    }
  }
  flush(): string {
    return this.buffer === "" ? "\n" : this.buffer;
  }
}

/** inspect.NewTemplateInspectorFromString. */
export function newInspector(format: string): Inspector {
  if (format === "") return new ElementsInspector(true);
  if (format === "json") return new ElementsInspector(false);
  try {
    return new TemplateInspector(parseDockerTemplate(format));
  } catch (e) {
    if (e instanceof TemplateSyntaxError) throw new InspectFormatError(`template parsing error: ${e.message}`);
    throw e;
  }
}
