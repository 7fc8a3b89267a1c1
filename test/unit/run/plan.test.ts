import { describe, expect, it } from "vitest";
import { isHushError, type HushError } from "../../../src/errors.js";
import { scanReferences } from "../../../src/refs/find-refs.js";
import { givenToChild, locateNeeds, planNeeds, type PlacedUse } from "../../../src/run/plan.js";
import type { Secret, SecretInfo } from "../../../src/store/types.js";

function use(text: string, line: number): PlacedUse[] {
  return scanReferences(text).refs.map((ref) => ({ ref, file: "stacks/default.yaml", line, col: 3 }));
}

const info = (name: string, keys: string[]): SecretInfo => ({ name, scope: "shared", file: `secrets/shared/${name}.yaml`, keys, recipients: [], lastModified: "" });

describe("planNeeds", () => {
  it("needs only the referenced secrets and keys; --with-secrets names need every key", () => {
    const needs = planNeeds([...use("{{db.user}}:{{db.password}}@{{db.user}}", 4), ...use("{{mlflow.token}}", 7)], ["api"]);
    expect([...needs.keys()]).toEqual(["api", "db", "mlflow"]);
    expect(needs.get("api")?.keys).toBe("all");
    expect([...(needs.get("db")?.keys as Set<string>)]).toEqual(["user", "password"]);
  });

  it("a name both referenced and given whole needs every key", () => {
    expect(planNeeds(use("{{db.user}}", 1), ["db"]).get("db")?.keys).toBe("all");
  });
});

describe("locateNeeds", () => {
  it("reports every missing secret and key at once, with places, before decrypting anything", async () => {
    const needs = planNeeds([...use("{{db.user}} {{db.pasword}}", 4), ...use("{{gone.x}}", 9)], ["alsogone"]);
    const lookup = async (name: string) => (name === "db" ? info("db", ["user", "password"]) : undefined);
    const error = (await locateNeeds(needs, lookup, 'user "alice"').catch((e: unknown) => e)) as HushError;
    expect(isHushError(error, "VALIDATION_FAILED")).toBe(true);
    expect(error.problems?.map((p) => [p.file, p.line, p.code])).toEqual([
      ["--with-secrets", undefined, "SECRET_NOT_FOUND"],
      ["stacks/default.yaml", 4, "KEY_NOT_FOUND"],
      ["stacks/default.yaml", 9, "SECRET_NOT_FOUND"],
    ]);
    expect(error.problems?.[1]?.message).toContain("keys: user, password");
  });

  it("returns the store entry of each needed secret", async () => {
    const found = await locateNeeds(planNeeds(use("{{db.user}}", 1), []), async () => info("db", ["user"]), "x");
    expect(found.get("db")?.file).toBe("secrets/shared/db.yaml");
  });
});

describe("givenToChild", () => {
  it("gives whole named secrets and only the referenced keys of the others", () => {
    const needs = planNeeds(use("{{db.user}}", 1), ["api"]);
    const decrypted = new Map<string, Secret>([
      ["db", { name: "db", scope: "shared" as const, values: { user: "u", password: "not-referenced" } }],
      ["api", { name: "api", scope: "user" as const, values: { a: "1", b: "2" } }],
    ]);
    expect(givenToChild(needs, decrypted)).toEqual([
      { name: "api", scope: "user", values: { a: "1", b: "2" } },
      { name: "db", scope: "shared", values: { user: "u" } },
    ]);
  });
});
