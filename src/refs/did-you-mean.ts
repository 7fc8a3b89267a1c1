/**
 * "did you mean" for near-miss secret names and keys: the closest candidate
 * by edit distance, when it is close enough to be a typo.
 */
import { editDistance } from "../sys/edit-distance.js";

/**
 * The candidate closest to `wanted` (case-insensitive first), or undefined when
 * none is within a third of the word's length (at least 1, at most 3 edits).
 */
export function didYouMean(wanted: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.min(3, Math.max(1, Math.floor(wanted.length / 3)));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === wanted) continue;
    const distance = candidate.toLowerCase() === wanted.toLowerCase() ? 0.5 : editDistance(wanted, candidate);
    if (distance < bestDistance || (distance === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit ? best : undefined;
}
