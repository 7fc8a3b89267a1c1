import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** test/fixtures: everything the tests read is carried in the repository (its README.md says where each part came from). */
export const FIXTURES_DIR = join(import.meta.dirname, "../fixtures");
export const SOPS_REAL = join(FIXTURES_DIR, "sops-real");

/** Fails (never skips) when the fixtures are missing: conformance is not optional. */
export function requireSopsReal(): string {
  if (!existsSync(join(SOPS_REAL, "manifest.json"))) {
    throw new Error(`sops-real fixtures not found at ${SOPS_REAL}: they are part of the repository (test/fixtures/sops-real); restore them from git`);
  }
  return SOPS_REAL;
}

/**
 * One file of the sops spec's §12 worked example (test/fixtures/spec/worked-example:
 * plaintext.yaml §12.1, encrypted.yaml §12.3, plaintext.env and encrypted.env §12.4),
 * exactly as the spec's fenced block holds it. Throws when missing: never skips.
 */
export function specExample(name: "plaintext.yaml" | "encrypted.yaml" | "plaintext.env" | "encrypted.env"): string {
  return readFileSync(join(FIXTURES_DIR, "spec/worked-example", name), "utf8");
}
