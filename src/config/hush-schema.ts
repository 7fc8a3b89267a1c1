/**
 * Validates a parsed `.hush.yaml` against schemas/hush.schema.json (ajv) and
 * turns every schema error into a Problem with the file's line and column.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import type { Document, LineCounter } from "yaml";
import type { Problem } from "../errors.js";
import { pointerSegments, positionOf } from "./yaml-positions.js";

/** schemas/ sits two levels above both src/config and dist/config. */
export const HUSH_SCHEMA_PATH = join(import.meta.dirname, "../../schemas/hush.schema.json");

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!compiled) {
    const schema = JSON.parse(readFileSync(HUSH_SCHEMA_PATH, "utf8")) as object;
    compiled = new Ajv({ allErrors: true, strict: false }).compile(schema);
  }
  return compiled;
}

/** Every schema problem of `data` (the plain value of `doc`), each placed at its line:col in `file`. */
export function schemaProblems(data: unknown, doc: Document, counter: LineCounter, file: string): Problem[] {
  const validate = validator();
  if (validate(data)) return [];
  // A bad property name is reported twice by ajv (the name's own "pattern" error, then "propertyNames"): keep the second.
  const errors = (validate.errors ?? []).filter((e) => e.keyword === "propertyNames" || e.propertyName === undefined);
  return errors.map((e) => toProblem(e, doc, counter, file));
}

function toProblem(error: ErrorObject, doc: Document, counter: LineCounter, file: string): Problem {
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
      message = `"${field}" must match ${String(params.pattern)}`;
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
