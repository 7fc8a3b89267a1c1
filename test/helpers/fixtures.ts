import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

/** ../shared, or HUSH_TEST_SHARED_DIR. The real-sops fixtures are read from there, never copied. */
export const SHARED_DIR = resolve(process.env.HUSH_TEST_SHARED_DIR ?? join(import.meta.dirname, "../../../shared"));
export const SOPS_REAL = join(SHARED_DIR, "fixtures/sops-real");

/** Fails (never skips) when the fixtures are missing: conformance is not optional. */
export function requireSopsReal(): string {
  if (!existsSync(join(SOPS_REAL, "manifest.json"))) {
    throw new Error(`sops-real fixtures not found at ${SOPS_REAL}: check out shared/ beside the repository or set HUSH_TEST_SHARED_DIR`);
  }
  return SOPS_REAL;
}
