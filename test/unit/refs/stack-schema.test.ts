import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { STACK_SCHEMA_PATH, plainlyValid } from "../../../src/refs/stack-schema.js";

const ajvValidate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(STACK_SCHEMA_PATH, "utf8")) as object);
const runs = Number(process.env.HUSH_PROPERTY_RUNS ?? 300);

// The shortcut may only say "valid" where ajv says so too (it skips ajv then).
describe("plainlyValid agrees with schemas/stack.schema.json", () => {
  const leaf = fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.boolean(), fc.constant(null));
  const name = fc.constantFrom("A", "_x", "DB_URL", "1A", "a-b", "flavor", "", "env");
  const mapOf = <T>(v: fc.Arbitrary<T>) => fc.dictionary(name, v, { maxKeys: 3 });
  const component = fc.oneof(mapOf(fc.oneof(leaf, mapOf(leaf))), leaf);
  const stack = fc.oneof(
    fc.record({ components: fc.oneof(mapOf(component), leaf), env: fc.oneof(mapOf(leaf), leaf), description: leaf }, { requiredKeys: [] }),
    mapOf(leaf),
    leaf,
  );
  it("on generated stacks", () => {
    fc.assert(fc.property(stack, (data) => plainlyValid(data) === ajvValidate(data)), { numRuns: runs });
  });
  it("on hand-picked ones", () => {
    for (const data of [{}, { env: { A: "x" } }, { env: { A: 1 } }, { env: { "a-b": "x" } }, { components: { t: { flavor: 3 } } }, { other: 1 }, [], "x"]) {
      expect(plainlyValid(data)).toBe(ajvValidate(data));
    }
  });
});
