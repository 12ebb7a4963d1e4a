/**
 * `docker ... inspect` output (docker/cli cli/command/inspect): no format prints the
 * raw bodies as one JSON array re-indented with 4 spaces (json.Indent keeps each body's
 * field order and escapes), "json" prints them compacted, anything else is a template run
 * on the typed value (network.Inspect, container.InspectResponse, ...) with a fallback to
 * the raw JSON map (missingkey=error).
 */
import { goJsonCompact, goJsonIndent } from "./go-json.js";
import { goFromJson, type GoValue } from "./go-value.js";
import { parseDockerTemplate, renderTemplate, TemplateExecError, TemplateSyntaxError, type Template } from "./template/index.js";

export interface Inspector {
  /** Adds one element; returns an error message when the element could not be rendered. */
  inspect(typed: unknown, raw: string): string | undefined;
  /** Everything to print on stdout. */
  flush(): string;
}

/** Thrown when the format does not parse: docker exits 64. */
export class InspectFormatError extends Error {}

class ElementsInspector implements Inspector {
  private readonly raws: string[] = [];
  constructor(private readonly indent: boolean) {}
  inspect(_typed: unknown, raw: string): undefined {
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
  constructor(
    private readonly tmpl: Template,
    private readonly toTyped: (v: unknown) => GoValue,
  ) {}
  inspect(typed: unknown, raw: string): string | undefined {
    try {
      this.buffer += renderTemplate(this.tmpl, this.toTyped(typed)) + "\n";
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

/** inspect.NewTemplateInspectorFromString; `toTyped` builds the Go value templates see first. */
export function newInspector(format: string, toTyped: (v: unknown) => GoValue): Inspector {
  if (format === "") return new ElementsInspector(true);
  if (format === "json") return new ElementsInspector(false);
  try {
    return new TemplateInspector(parseDockerTemplate(format), toTyped);
  } catch (e) {
    if (e instanceof TemplateSyntaxError) throw new InspectFormatError(`template parsing error: ${e.message}`);
    throw e;
  }
}
