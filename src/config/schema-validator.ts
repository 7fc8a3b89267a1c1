/**
 * The shape of a validator generated from schemas/*.json (ajv's standalone
 * code, see scripts/schemas.js): the typed face of an untyped generated module.
 */
import type { ErrorObject } from "ajv";

/** True or false for `data`; after false, `errors` holds every error (the validators collect all, not just the first). */
export interface SchemaValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}
