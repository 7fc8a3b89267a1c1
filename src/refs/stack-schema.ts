/**
 * schemas/stack.schema.json, compiled once per process with ajv.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { ErrorObject, ValidateFunction } from "ajv";

export interface SchemaIssue {
  /** Path to the offending node (for locating it in the YAML document). */
  path: string[];
  /** The fault is the last path element's key itself (an unknown or badly named field), not its value. */
  atKey?: boolean;
  message: string;
}

/** Where the schema lives, both from src/ (tests) and from dist/ (the built CLI). */
export const STACK_SCHEMA_PATH = new URL("../../schemas/stack.schema.json", import.meta.url);

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  // Loaded on first need only (ajv is CommonJS, so require is synchronous): most stacks never need it.
  const { Ajv } = createRequire(import.meta.url)("ajv") as typeof import("ajv");
  compiled ??= new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(STACK_SCHEMA_PATH, "utf8")) as object);
  return compiled;
}

/**
 * Every schema violation of a parsed stack file, described for people.
 * A stack that passes `plainlyValid` is valid by the schema too, and skips
 * ajv: compiling the schema costs ~30 ms of a pre-commit hook's start-up.
 */
export function validateStackSchema(data: unknown): SchemaIssue[] {
  if (plainlyValid(data)) return [];
  const validate = validator();
  if (validate(data)) return [];
  // propertyNames reports twice (the inner pattern error carries the name): keep the inner one.
  return (validate.errors ?? []).filter((e) => e.keyword !== "propertyNames").map(describe);
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const isMap = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

/** The schema's rules for the common, valid case (test/unit/refs/stack-schema.test.ts holds it to ajv's verdict). */
export function plainlyValid(data: unknown): boolean {
  if (!isMap(data)) return false;
  for (const [key, value] of Object.entries(data)) {
    if (key === "description") {
      if (typeof value !== "string") return false;
    } else if (key === "components") {
      if (!isMap(value)) return false;
      for (const component of Object.values(value)) {
        if (!isMap(component) || ("flavor" in component && typeof component.flavor !== "string")) return false;
      }
    } else if (key === "env") {
      if (!isMap(value)) return false;
      for (const [name, v] of Object.entries(value)) if (!ENV_NAME.test(name) || typeof v !== "string") return false;
    } else return false;
  }
  return true;
}

function describe(error: ErrorObject): SchemaIssue {
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
