// Properties of the name rules and the --KEY=VALUE parser (fast-check).
import { Readable } from "node:stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { join, normalize } from "node:path";
import { validateName, secretPath } from "../../../src/store/paths.js";
import { collectValues, parseSecretArgs } from "../../../src/cli/secret-args.js";
import type { HushConfig } from "../../../src/config/hush-config.js";

const runs = Number(process.env.HUSH_PROPERTY_RUNS ?? 200);
const config = { root: "/repo", secretsDir: "secrets" } as HushConfig;

describe("names", () => {
  it("an accepted name always stays inside its scope directory", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (name, user) => {
        let path: string;
        try {
          path = secretPath(config, "user", name, user);
        } catch {
          return; // refused: nothing to check
        }
        expect(normalize(path)).toBe(path);
        expect(path.startsWith(join("/repo/secrets/users", user) + "/")).toBe(true);
        expect(path.slice(path.lastIndexOf("/") + 1)).toBe(`${name}.yaml`);
      }),
      { numRuns: runs },
    );
  });

  it("anything with a separator, a dot or a leading dash is refused", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 8 }), fc.constantFrom("/", "\\", ".", "..", "\0"), fc.string({ maxLength: 8 }), (a, bad, b) => {
        expect(() => validateName("secret", `${a}${bad}${b}`)).toThrow();
        expect(() => validateName("user", `-${a}`)).toThrow();
      }),
      { numRuns: runs },
    );
  });
});

describe("--KEY=VALUE", () => {
  const key = fc
    .stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,10}$/)
    .filter((k) => k !== "sops" && k !== "as" && k !== "__proto__" && !k.endsWith("_unencrypted"));
  const value = fc.string({ maxLength: 30 }).filter((v) => v !== "-" && !v.startsWith("@"));

  it("every pair given on the command line comes back byte for byte", async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(key, value, { minKeys: 1, maxKeys: 6 }), async (values) => {
        const tokens = ["db", ...Object.entries(values).map(([k, v]) => `--${k}=${v}`)];
        const got = await collectValues(parseSecretArgs(tokens), { cwd: "/", stdin: Readable.from([]) });
        expect(got).toEqual(values);
      }),
      { numRuns: runs },
    );
  });

  it("--values JSON of any flat string map comes back unchanged", async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(key, fc.string({ maxLength: 30 }), { minKeys: 1, maxKeys: 6 }), async (values) => {
        const got = await collectValues(parseSecretArgs(["db"]), { cwd: "/", stdin: Readable.from([]), values: JSON.stringify(values) });
        expect(got).toEqual(values);
      }),
      { numRuns: runs },
    );
  });
});
