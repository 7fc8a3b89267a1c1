// The validators are generated from schemas/*.json at build time and committed
// (scripts/schemas.js): a schema changed without regenerating them fails here.
// And no command may load ajv at run time: the generated code requires nothing.
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../../..");

describe("the generated schema validators", () => {
  it("are up to date with schemas/*.json", () => {
    const r = spawnSync(process.execPath, [join(ROOT, "scripts/schemas.js"), "--check"], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("load no module (ajv included)", () => {
    for (const file of ["src/config/hush-schema.generated.ts", "src/refs/stack-schema.generated.ts"]) {
      const code = readFileSync(join(ROOT, file), "utf8");
      expect(code, file).not.toMatch(/\brequire\(|^\s*import\b|\bimport\(/m);
    }
  });

  it("are the only schema code: no module of src/ loads ajv (type imports aside)", () => {
    const files = readdirSync(join(ROOT, "src"), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
    // Any mention of the module "ajv" in code, other than an `import type` line, may load it.
    const loads = (line: string): boolean => /["']ajv(?:\/[^"']*)?["']/.test(line) && !/^\s*import type\b/.test(line);
    const loading = files.filter((f) =>
      readFileSync(join(ROOT, "src", f), "utf8")
        .split("\n")
        .some(loads),
    );
    expect(loading).toEqual([]);
  });
});
