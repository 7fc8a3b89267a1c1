/**
 * Validates a parsed `.hush.yaml` against schemas/hush.schema.json and turns
 * every schema error into a Problem with the file's line and column. The
 * validator is ajv's code for the schema, generated at build time
 * (scripts/schemas.js): every command loads the config, and loading ajv
 * itself would cost ~60 ms.
 */
import type { Document, LineCounter } from "yaml";
import type { Problem } from "../errors.js";
import { validate as generated } from "./hush-schema.generated.js";
import type { SchemaError, SchemaValidator } from "./schema-validator.js";
import { pointerSegments, positionOf } from "./yaml-positions.js";

/** schemas/hush.schema.json, compiled (all errors, not just the first). */
export const validateHushSchema = generated as SchemaValidator;

/** Every schema problem of `data` (the plain value of `doc`), each placed at its line:col in `file`. */
export function schemaProblems(data: unknown, doc: Document, counter: LineCounter, file: string): Problem[] {
  if (validateHushSchema(data)) return [];
  // A bad property name is reported twice by ajv (the name's own "pattern" error, then "propertyNames"): keep the second.
  const errors = (validateHushSchema.errors ?? []).filter((e) => e.keyword === "propertyNames" || e.propertyName === undefined);
  return errors.map((e) => toProblem(e, doc, counter, file));
}

const PATH_SETTINGS = new Set(["secrets_dir", "stacks_dir"]);

function toProblem(error: SchemaError, doc: Document, counter: LineCounter, file: string): Problem {
  const path = pointerSegments(error.instancePath);
  const field = path.length ? path.join(".") : "(top level)";
  const params = error.params as Record<string, unknown>;
  let message: string;
  let hint: string | undefined;
  let atKey = false;
  switch (error.keyword) {
    case "additionalProperties": {
      const extra = String(params.additionalProperty);
      path.push(extra);
      atKey = true;
      message = `unknown field "${path.join(".")}"`;
      hint = "remove it or check its spelling";
      break;
    }
    case "required":
      message = `"${field}" is missing the field "${String(params.missingProperty)}"`;
      break;
    case "propertyNames": {
      const name = String(params.propertyName);
      path.push(name);
      atKey = true;
      message = `"${path.join(".")}": the name "${name}" is not allowed`;
      hint = "names match ^[A-Za-z0-9][A-Za-z0-9_-]*$";
      break;
    }
    case "pattern":
      if (PATH_SETTINGS.has(field)) {
        message = `${field} must be a relative path inside the repository (no leading "/", no ".." or ".git" segment)`;
        hint = `e.g. ${field}: ${field === "secrets_dir" ? "secrets" : "stacks"}`;
      } else message = `"${field}" must match ${String(params.pattern)}`;
      break;
    case "enum":
      message = `"${field}" must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
      break;
    case "const":
      message = `"${field}" must be ${JSON.stringify(params.allowedValue)}`;
      break;
    default:
      message = `"${field}" ${error.message ?? "is invalid"}`;
  }
  const { line, col } = positionOf(doc, counter, path, atKey);
  return { file, line, col, message, hint, code: "CONFIG_INVALID" };
}
