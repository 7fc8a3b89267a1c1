/**
 * The CLI goes through the library (issue 13): a file under src/cli imports
 * only hush.ts, index.ts, errors.ts, sys/ and cli/ itself. Static, type-only
 * and lazy `import()` imports, and inline `import("...").Type`, all count.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = join(import.meta.dirname, "../../../src");
const ALLOWED = [/^hush$/, /^index$/, /^errors$/, /^sys\//, /^cli\//];

/** Every relative import of `text` (in a file at `file`, relative to src/), as a module path relative to src/ without its extension. */
function importsOf(file: string, text: string): string[] {
  return [...text.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["'](\.\.?\/[^"']+)["']/g)].map((m) =>
    relative(SRC, normalize(join(SRC, dirname(file), m[1]!))).split("\\").join("/").replace(/\.[jt]s$/, ""),
  );
}

const outside = (target: string): boolean => !ALLOWED.some((re) => re.test(target));

describe("src/cli imports", () => {
  it("reach nothing but the facade, the export list, errors, sys/ and the CLI itself", () => {
    const files = (readdirSync(join(SRC, "cli"), { recursive: true }) as string[]).filter((f) => f.endsWith(".ts")).map((f) => `cli/${f.split("\\").join("/")}`);
    expect(files.length).toBeGreaterThan(10);
    const around = files.flatMap((file) => importsOf(file, readFileSync(join(SRC, file), "utf8")).filter(outside).map((target) => `src/${file} -> src/${target}`));
    expect(around).toEqual([]);
  });

  it("sees every form of import (the check can fail)", () => {
    const planted = [
      'import { a } from "../../store/paths.js";',
      'import type { B } from "../../git/history.js";',
      'const { c } = await import("../../sopscmd/io.js");',
      "let d: import('../../refs/stack-api.js').Shadow;",
      'export { e } from "../../keys/keygen.js";',
      'import { f } from "../../hush.js";',
      'import { g } from "../../sys/spawn.js";',
      'import { h } from "../output.js";',
    ].join("\n");
    expect(importsOf("cli/commands/x.ts", planted).filter(outside)).toEqual(["store/paths", "git/history", "sopscmd/io", "refs/stack-api", "keys/keygen"]);
  });
});
