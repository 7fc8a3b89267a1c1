// The validator generated at build time (scripts/schemas.js) must be ajv's
// verdict on schemas/hush.schema.json, errors included, on every config.
import { Ajv } from "ajv";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { validateHushSchema } from "../../../src/config/hush-schema.js";

const HUSH_SCHEMA_PATH = join(import.meta.dirname, "../../../schemas/hush.schema.json");
const ajvValidate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(HUSH_SCHEMA_PATH, "utf8")) as object);

const runs = Number(process.env.HUSH_PROPERTY_RUNS ?? 500);

const junk = fc.oneof(fc.constant(null), fc.integer(), fc.boolean(), fc.constant(""), fc.string({ maxLength: 4 }), fc.constant([]), fc.constant({}), fc.constant(["", "x"]));
/** Mostly the valid choice, sometimes a wrong one: both sides of the schema get reached. */
const mostly = <T, B = unknown>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<B> = junk as fc.Arbitrary<B>): fc.Arbitrary<T | B> => fc.oneof({ arbitrary: good, weight: 8 }, { arbitrary: bad, weight: 1 });
const name = mostly(fc.constantFrom("alice", "ci-1", "B_2", "ok"), fc.oneof(fc.constantFrom("a.b", "-x", ""), fc.string({ maxLength: 5 })));
const recipient = mostly(fc.constantFrom("age1abc", "age1def"), fc.oneof(fc.constant(""), fc.integer()));
const user = mostly(
  fc.oneof(
    fc.record({ recipients: fc.array(recipient, { maxLength: 3 }) }),
    fc.record({ recipients: fc.array(recipient, { maxLength: 2 }), email: mostly(fc.constant("a@b.c"), fc.oneof(fc.constant(""), fc.integer())) }),
  ),
  fc.oneof(fc.record({ recipients: fc.array(fc.constant("age1x"), { maxLength: 2 }), extra: junk }), fc.record({ email: fc.constant("a@b.c") }), junk),
);
/** Paths a committed .hush.yaml could use to make hush write outside the work tree. */
const outside = fc.constantFrom("../x", "a/../../x", "..", "/abs", "C:\\x", "\\\\host\\x", ".git/hooks", "a/.GIT", "..\\x", "tab\there");
const config = fc.record(
  {
    version: mostly(fc.constant(1), fc.constantFrom(2, "1")),
    secrets_dir: mostly(fc.constantFrom("secrets", "a/b", "./x", "x..y"), fc.oneof(junk, outside)),
    stacks_dir: mostly(fc.constantFrom("stacks", "conf/stacks"), fc.oneof(junk, outside)),
    default_scope: mostly(fc.constantFrom("user", "shared"), fc.oneof(fc.constant("team"), junk)),
    default_stack: mostly(fc.constantFrom("default", "prod-1"), fc.oneof(fc.constant("a/b"), junk)),
    users: mostly(fc.oneof(fc.dictionary(name, user, { maxKeys: 3 }), fc.constant(null))),
    shared: mostly(fc.oneof(fc.record({ readers: mostly(fc.array(fc.constantFrom("*", "alice"), { maxLength: 3 }), fc.constant([""])) }, { requiredKeys: [] }), fc.constant(null))),
    escrow: mostly(fc.oneof(fc.array(recipient, { maxLength: 2 }), fc.constant(null))),
    shadowing: mostly(fc.constantFrom("warn", "refuse", "allow"), fc.oneof(fc.constantFrom("WARN", "deny"), junk)),
  },
  { requiredKeys: [] },
).chain((c) => fc.oneof({ arbitrary: fc.constant(c), weight: 8 }, { arbitrary: junk.map((colour) => ({ ...c, colour })), weight: 1 }));

describe("the generated hush.schema.json validator", () => {
  it("agrees with ajv on generated configs, valid and not, errors included", () => {
    let valid = 0;
    fc.assert(
      fc.property(config, (c) => {
        const ajv = ajvValidate(c);
        if (ajv) valid++;
        expect(validateHushSchema(c)).toBe(ajv);
        expect(validateHushSchema.errors ?? null).toEqual(ajvValidate.errors ?? null);
      }),
      { numRuns: runs },
    );
    // the generator reaches both sides
    expect(valid).toBeGreaterThan(runs / 20);
    expect(valid).toBeLessThan(runs);
  });

  it("keeps secrets_dir and stacks_dir inside the repository", () => {
    for (const bad of ["../x", "/etc", ".git", "a\\..\\b", "c:/x", "", "a\u0001b"]) expect(validateHushSchema({ version: 1, secrets_dir: bad }), bad).toBe(false);
    for (const good of ["secrets", "vault/secrets", "./s", ".gitx/s"]) expect(validateHushSchema({ version: 1, secrets_dir: good }), good).toBe(true);
  });

  it("accepts DESIGN's example and refuses the obvious", () => {
    expect(validateHushSchema({ version: 1, users: { alice: { recipients: ["age1x"], email: "a@b.c" } }, shared: { readers: ["*"] }, escrow: [] })).toBe(true);
    expect(validateHushSchema({ version: 1, users: { "a.b": { recipients: [] } } })).toBe(false);
    expect(validateHushSchema([])).toBe(false);
  });
});
