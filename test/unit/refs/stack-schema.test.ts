// The validator generated at build time (scripts/schemas.js) must be ajv's
// verdict on schemas/stack.schema.json, errors included.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateStack } from "../../../src/refs/stack-schema.js";

const STACK_SCHEMA_PATH = join(import.meta.dirname, "../../../schemas/stack.schema.json");
const ajvValidate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(STACK_SCHEMA_PATH, "utf8")) as object);
const runs = Number(process.env.HUSH_PROPERTY_RUNS ?? 300);

describe("the generated stack.schema.json validator agrees with ajv", () => {
  const leaf = fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.boolean(), fc.constant(null));
  const name = fc.constantFrom("A", "_x", "DB_URL", "1A", "a-b", "flavor", "", "env");
  const mapOf = <T>(v: fc.Arbitrary<T>) => fc.dictionary(name, v, { maxKeys: 3 });
  const component = fc.oneof(mapOf(fc.oneof(leaf, mapOf(leaf))), leaf);
  const stack = fc.oneof(
    fc.record({ components: fc.oneof(mapOf(component), leaf), env: fc.oneof(mapOf(leaf), leaf), description: leaf }, { requiredKeys: [] }),
    mapOf(leaf),
    leaf,
  );
  const same = (data: unknown): void => {
    expect(validateStack(data)).toBe(ajvValidate(data));
    expect(validateStack.errors ?? null).toEqual(ajvValidate.errors ?? null);
  };
  it("on generated stacks", () => {
    fc.assert(fc.property(stack, (data) => same(data)), { numRuns: runs });
  });
  it("on hand-picked ones", () => {
    for (const data of [{}, { env: { A: "x" } }, { env: { A: 1 } }, { env: { "a-b": "x" } }, { components: { t: { flavor: 3 } } }, { other: 1 }, [], "x"]) same(data);
  });
});
