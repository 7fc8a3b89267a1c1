import { isHushError, type HushError } from "../../src/errors.js";

/** The HushError `p` rejects with; fails the test when it resolves or rejects with anything else. */
export async function hushFailure(p: Promise<unknown>): Promise<HushError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isHushError(error)) throw new Error(`expected a HushError, got ${String(error)}`);
  return error;
}
