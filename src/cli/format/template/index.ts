/** The docker CLI's template entry points (templates.Parse with its basic functions). */
import { DOCKER_FUNCS, FUNC_NAMES } from "./funcs.js";
import { execTemplate, type FuncMap } from "./exec.js";
import { parseTemplate, type Template } from "./parser.js";
import type { GoValue } from "../go-value.js";

export { TemplateSyntaxError } from "./lexer.js";
export { TemplateExecError } from "./exec.js";
export { HEADER_FUNCS, DOCKER_FUNCS } from "./funcs.js";
export type { Template } from "./parser.js";

/** Parses a docker-style template; throws TemplateSyntaxError with Go's message. */
export const parseDockerTemplate = (src: string): Template => parseTemplate(src, FUNC_NAMES);

/** Executes a template; throws TemplateExecError with Go's message. */
export function renderTemplate(t: Template, dot: GoValue, opts?: { funcs?: FuncMap; missingKeyError?: boolean }): string {
  return execTemplate(t, dot, { funcs: opts?.funcs ?? DOCKER_FUNCS, missingKeyError: opts?.missingKeyError ?? false });
}
