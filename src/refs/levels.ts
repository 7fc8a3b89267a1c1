/**
 * Validation levels (DESIGN "References"): how far a reference is followed.
 * Only DECRYPTABLE needs a private key.
 */
import { HushError } from "../errors.js";

export const VALIDATION_LEVELS = ["NONE", "SECRET_EXISTS", "SECRET_AND_KEY_EXISTS", "DECRYPTABLE"] as const;
export type ValidationLevel = (typeof VALIDATION_LEVELS)[number];
export const DEFAULT_LEVEL: ValidationLevel = "SECRET_AND_KEY_EXISTS";

/**
 * The level from `--level`, else HUSH_SECRET_VALIDATION_LEVEL, else ZenML's
 * ZENML_SECRET_VALIDATION_LEVEL (for teams moving from ZenML), else the default.
 * Case-insensitive, `-` taken as `_` (`secret-exists` works).
 * @throws HushError VALIDATION_LEVEL_INVALID listing the valid levels
 */
export function resolveLevel(option: string | undefined, env: NodeJS.ProcessEnv = process.env): ValidationLevel {
  const variable = env.HUSH_SECRET_VALIDATION_LEVEL
    ? "HUSH_SECRET_VALIDATION_LEVEL"
    : env.ZENML_SECRET_VALIDATION_LEVEL
      ? "ZENML_SECRET_VALIDATION_LEVEL"
      : undefined;
  const given = option ?? (variable !== undefined ? env[variable] : undefined);
  if (given === undefined || given === "") return DEFAULT_LEVEL;
  const normal = given.trim().toUpperCase().replaceAll("-", "_");
  const level = VALIDATION_LEVELS.find((l) => l === normal);
  if (level) return level;
  const source = option !== undefined ? "--level" : variable;
  throw new HushError("VALIDATION_LEVEL_INVALID", `unknown validation level "${given}" (from ${source})`, {
    hint: `use one of ${VALIDATION_LEVELS.join(", ")}`,
  });
}

/** Whether `level` asks at least as much as `than`. */
export function atLeast(level: ValidationLevel, than: ValidationLevel): boolean {
  return VALIDATION_LEVELS.indexOf(level) >= VALIDATION_LEVELS.indexOf(than);
}
