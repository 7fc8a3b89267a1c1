/** Option values several commands check the same way (one message for each). */
import type { Scope } from "../index.js";
import { HushError } from "../errors.js";

/** `value` when it is one of `allowed`. @throws HushError USAGE naming `flag` and every allowed value */
export function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new HushError("USAGE", `${flag} must be one of ${allowed.join(", ")} (got "${value}")`);
}

/** `--scope` when given (user or shared), as the facade's options take it. @throws HushError USAGE */
export function scopeOf(scope: string | undefined): { scope?: Scope } {
  return scope === undefined ? {} : { scope: oneOf(scope, ["user", "shared"] as const, "--scope") };
}
