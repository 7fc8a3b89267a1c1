import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** test/fixtures: everything the tests read is carried in the repository (its README.md says where each part came from). */
export const FIXTURES_DIR = join(import.meta.dirname, "../fixtures");
export const SOPS_REAL = join(FIXTURES_DIR, "sops-real");

/** The path of `relative` under test/fixtures; fails (never skips) when it is missing: conformance is not optional. */
export function requireFixture(relative: string): string {
  const path = join(FIXTURES_DIR, relative);
  if (!existsSync(path)) throw new Error(`test fixture missing: test/fixtures/${relative} is part of the repository; restore it from git`);
  return path;
}

/** test/fixtures/sops-real, once its manifest is there. */
export function requireSopsReal(): string {
  requireFixture("sops-real/manifest.json");
  return SOPS_REAL;
}

/**
 * One file of the sops spec's §12 worked example (test/fixtures/spec/worked-example:
 * plaintext.yaml §12.1, encrypted.yaml §12.3, plaintext.env and encrypted.env §12.4),
 * exactly as the spec's fenced block holds it. Throws when missing: never skips.
 */
export function specExample(name: "plaintext.yaml" | "encrypted.yaml" | "plaintext.env" | "encrypted.env"): string {
  return readFileSync(requireFixture(`spec/worked-example/${name}`), "utf8");
}
