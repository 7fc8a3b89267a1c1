import { mkdirSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { builtAt, newestInput } from "../../helpers/fresh-build.js";
import { tempDir } from "../../helpers/tmp.js";

/** A checkout-shaped tree: inputs at `inputAt`, the two build outputs at `builtAtTime` (seconds). */
function tree(inputAt: number, builtAtTime?: number): string {
  const root = tempDir();
  mkdirSync(join(root, "src/cli"), { recursive: true });
  mkdirSync(join(root, "scripts"));
  for (const file of ["src/cli/main.ts", "scripts/bundle.js", "package.json", "tsconfig.json"]) writeFileSync(join(root, file), "x");
  for (const path of ["src/cli/main.ts", "src/cli", "src", "scripts/bundle.js", "scripts", "package.json", "tsconfig.json"]) utimesSync(join(root, path), inputAt, inputAt);
  if (builtAtTime !== undefined) {
    mkdirSync(join(root, "dist/cli-bundle"), { recursive: true });
    for (const file of ["hush.cjs", "hush.cjs.cache"]) {
      writeFileSync(join(root, "dist/cli-bundle", file), "x");
      utimesSync(join(root, "dist/cli-bundle", file), builtAtTime, builtAtTime);
    }
  }
  return root;
}

describe("the stale-dist guard (vitest globalSetup)", () => {
  it("a build newer than every input is fresh", () => {
    const root = tree(1_000, 2_000);
    expect(builtAt(root)! >= newestInput(root).mtimeMs).toBe(true);
  });

  it("a source file changed after the build is named", () => {
    const root = tree(1_000, 2_000);
    utimesSync(join(root, "src/cli/main.ts"), 3_000, 3_000);
    expect(newestInput(root)).toEqual({ path: join(root, "src/cli/main.ts"), mtimeMs: 3_000_000 });
    expect(builtAt(root)! < newestInput(root).mtimeMs).toBe(true);
  });

  it("a source file removed after the build shows in its directory's time; no build at all is stale", () => {
    const root = tree(1_000, 2_000);
    utimesSync(join(root, "src/cli"), 3_000, 3_000);
    expect(newestInput(root).path).toBe(join(root, "src/cli"));
    expect(builtAt(tree(1_000))).toBeUndefined();
  });
});
