/**
 * Validates a parsed `.hush.yaml` against schemas/hush.schema.json (ajv) and
 * turns every schema error into a Problem with the file's line and column.
 * Every command (hush run included) loads the config, so a plainly valid one
 * is accepted by a direct check and ajv (~60 ms to load and compile) is only
 * loaded to explain a config that is not; a property test holds the direct
 * check to ajv's verdict.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { ErrorObject, ValidateFunction } from "ajv";
import type { Document, LineCounter } from "yaml";
import type { Problem } from "../errors.js";
import { pointerSegments, positionOf } from "./yaml-positions.js";

/** schemas/ sits two levels above both src/config and dist/config. */
export const HUSH_SCHEMA_PATH = join(import.meta.dirname, "../../schemas/hush.schema.json");

let compiled: ValidateFunction | undefined;

/** The compiled schema (ajv loaded on first use). */
export function hushSchemaValidator(): ValidateFunction {
  if (!compiled) {
    // ajv is CommonJS: a synchronous require keeps config loading synchronous.
    const { Ajv } = createRequire(import.meta.url)("ajv") as typeof import("ajv");
    const schema = JSON.parse(readFileSync(HUSH_SCHEMA_PATH, "utf8")) as object;
    compiled = new Ajv({ allErrors: true, strict: false }).compile(schema);
  }
  return compiled;
}

/** Every schema problem of `data` (the plain value of `doc`), each placed at its line:col in `file`. */
export function schemaProblems(data: unknown, doc: Document, counter: LineCounter, file: string): Problem[] {
  if (plainlyValid(data)) return [];
  const validate = hushSchemaValidator();
  if (validate(data)) return [];
  // A bad property name is reported twice by ajv (the name's own "pattern" error, then "propertyNames"): keep the second.
  const errors = (validate.errors ?? []).filter((e) => e.keyword === "propertyNames" || e.propertyName === undefined);
  return errors.map((e) => toProblem(e, doc, counter, file));
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
/**
 * secrets_dir and stacks_dir: relative, inside the repository — no leading `/`
 * or drive letter, no `..` segment, nothing under `.git`, no control
 * characters (`\` counts as a separator too). The same pattern as the schema's
 * (a unit test holds them equal): a committed `.hush.yaml` must not make hush
 * write secrets outside the work tree.
 */
export const REPO_PATH = /^(?![/\\]|[A-Za-z]:)(?!(?:.*[/\\])?(?:\.\.|\.[Gg][Ii][Tt])(?:[/\\]|$))[^\u0000-\u001f]+$/u;
const PATH_SETTINGS = new Set(["secrets_dir", "stacks_dir"]);
const TOP_KEYS = new Set(["version", "secrets_dir", "stacks_dir", "default_scope", "default_stack", "users", "shared", "escrow", "shadowing"]);
const SHADOWING = new Set(["warn", "refuse", "allow"]);

/** True only for data the schema accepts; false means "ask ajv" (it may still be valid). */
export function plainlyValid(data: unknown): boolean {
  if (!isMap(data) || data.version !== 1) return false;
  if (!Object.keys(data).every((k) => TOP_KEYS.has(k))) return false;
  for (const key of PATH_SETTINGS) if (key in data && !(typeof data[key] === "string" && REPO_PATH.test(data[key]))) return false;
  if ("default_scope" in data && data.default_scope !== "user" && data.default_scope !== "shared") return false;
  if ("default_stack" in data && !(typeof data.default_stack === "string" && NAME.test(data.default_stack))) return false;
  if ("users" in data && data.users !== null) {
    if (!isMap(data.users)) return false;
    for (const [name, user] of Object.entries(data.users)) {
      if (!NAME.test(name) || !isMap(user) || !Object.keys(user).every((k) => k === "recipients" || k === "email")) return false;
      if (!stringList(user.recipients)) return false;
      if ("email" in user && !nonEmptyString(user.email)) return false;
    }
  }
  if ("shared" in data && data.shared !== null) {
    if (!isMap(data.shared) || !Object.keys(data.shared).every((k) => k === "readers")) return false;
    if ("readers" in data.shared && !stringList(data.shared.readers)) return false;
  }
  if ("escrow" in data && data.escrow !== null && !stringList(data.escrow)) return false;
  if ("shadowing" in data && !(typeof data.shadowing === "string" && SHADOWING.has(data.shadowing))) return false;
  return true;
}

function isMap(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function nonEmptyString(x: unknown): boolean {
  return typeof x === "string" && x.length > 0;
}

function stringList(x: unknown): boolean {
  return Array.isArray(x) && x.every(nonEmptyString);
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
