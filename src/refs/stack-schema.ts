/**
 * schemas/stack.schema.json: ajv's code for it, generated at build time
 * (scripts/schemas.js), so no command loads ajv; its errors described for people.
 */
import type { SchemaError, SchemaValidator } from "../config/schema-validator.js";
import { validate as generated } from "./stack-schema.generated.js";

export interface SchemaIssue {
  /** Path to the offending node (for locating it in the YAML document). */
  path: string[];
  /** The fault is the last path element's key itself (an unknown or badly named field), not its value. */
  atKey?: boolean;
  message: string;
}

/** schemas/stack.schema.json, compiled (all errors, not just the first). */
export const validateStack = generated as SchemaValidator;

/** Every schema violation of a parsed stack file, described for people. */
export function validateStackSchema(data: unknown): SchemaIssue[] {
  if (validateStack(data)) return [];
  // propertyNames reports twice (the inner pattern error carries the name): keep the inner one.
  return (validateStack.errors ?? []).filter((e) => e.keyword !== "propertyNames").map(describe);
}

function describe(error: SchemaError): SchemaIssue {
  const path = error.instancePath
    .split("/")
    .slice(1)
    .map((p) => p.replaceAll("~1", "/").replaceAll("~0", "~"));
  const at = path.length ? path.join(".") : "the file";
  const params = error.params as Record<string, unknown>;
  if (error.propertyName !== undefined) {
    return { path: [...path, error.propertyName], atKey: true, message: `${at}: "${error.propertyName}" is not a valid environment variable name (letters, digits and _, not starting with a digit)` };
  }
  switch (error.keyword) {
    case "additionalProperties": {
      const extra = String(params.additionalProperty);
      const allowed = path.length ? "" : " (allowed: description, components, env)";
      return { path: [...path, extra], atKey: true, message: `unknown field "${extra}" in ${at}${allowed}` };
    }
    case "type":
      return { path, message: `${at} must be ${String(params.type) === "object" ? "a map" : `a ${String(params.type)}`}` };
    default:
      return { path, message: `${at} ${error.message ?? "is invalid"}` };
  }
}
