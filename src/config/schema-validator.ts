/**
 * The shape of a validator generated from schemas/*.json (ajv's standalone
 * code, see scripts/schemas.js): the typed face of an untyped generated module.
 */

/**
 * One error of a generated validator: the part of ajv's `ErrorObject` hush
 * reads, declared here so that the published types need no ajv (a build-time
 * tool only).
 */
export interface SchemaError {
  /** JSON pointer to the value (`/users/alice/recipients/0`). */
  instancePath: string;
  /** The schema keyword that failed (`required`, `type`, `additionalProperties`, ...). */
  keyword: string;
  /** The keyword's facts (`missingProperty`, `additionalProperty`, `allowedValues`, ...). */
  params: Record<string, unknown>;
  /** The name that failed `propertyNames`. */
  propertyName?: string;
  message?: string;
}

/** True or false for `data`; after false, `errors` holds every error (the validators collect all, not just the first). */
export interface SchemaValidator {
  (data: unknown): boolean;
  errors?: SchemaError[] | null;
}
