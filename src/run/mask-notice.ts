/**
 * Values shorter than MIN_MASKED_LENGTH are never masked (masking "42" or
 * "yes" would destroy ordinary output). The user is told so when the run
 * starts, by secret and key, never by value, so they know which values of
 * the run their output does not protect.
 */
import type { Secret } from "../store/types.js";
import { MIN_MASKED_LENGTH } from "./mask.js";

/** The warning for the run's secrets whose values are too short to mask, or undefined when there are none. Empty values are not counted: there is nothing to show. */
export function shortValueNotice(given: Iterable<Secret>): string | undefined {
  const short: string[] = [];
  for (const secret of given) {
    for (const [key, value] of Object.entries(secret.values)) {
      const length = [...value].length;
      if (length > 0 && length < MIN_MASKED_LENGTH) short.push(`${secret.name}.${key}`);
    }
  }
  if (!short.length) return undefined;
  return `not masked in the output, shorter than ${MIN_MASKED_LENGTH} characters: ${short.join(", ")}`;
}
