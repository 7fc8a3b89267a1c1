import { join } from "node:path";
import { mkdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadHushConfig, parseHushConfig, parseHushConfigWithLibrary } from "../../../src/config/hush-config.js";
import { readPlainYaml } from "../../../src/formats/yaml/subset-reader.js";
import { isHushError, type HushError } from "../../../src/errors.js";
import { tempDir, writeTree } from "../../helpers/tmp.js";
import { ALICE, BOB } from "../../helpers/keys.js";

const GOOD = `version: 1
users:
  alice: { recipients: [${ALICE.recipient}], email: alice@example.com }
  bob:
    recipients:
      - ${BOB.recipient}
shared:
  readers: ["*"]
`;

function problemsOf(text: string): HushError {
  try {
    parseHushConfig(text, "/repo/.hush.yaml");
  } catch (e) {
    if (isHushError(e, "CONFIG_INVALID")) return e;
    throw e;
  }
  throw new Error("expected CONFIG_INVALID");
}

describe("loadHushConfig", () => {
  it("finds .hush.yaml upward and fills defaults", async () => {
    const root = tempDir();
    writeTree(root, { ".hush.yaml": GOOD });
    const deep = join(root, "a", "b");
    mkdirSync(deep, { recursive: true });
    const config = await loadHushConfig(deep);
    expect(config.root).toBe(root);
    expect(config.file).toBe(join(root, ".hush.yaml"));
    expect(config.secretsDir).toBe("secrets");
    expect(config.stacksDir).toBe("stacks");
    expect(config.defaultScope).toBe("user");
    expect(config.defaultStack).toBe("default");
    expect(config.sharedReaders).toEqual(["*"]);
    expect(config.escrow).toEqual([]);
    expect(config.users).toEqual({
      alice: { recipients: [ALICE.recipient], email: "alice@example.com" },
      bob: { recipients: [BOB.recipient] },
    });
  });

  it("says CONFIG_NOT_FOUND with a hint when there is none", async () => {
    const err = await loadHushConfig(tempDir()).catch((e: unknown) => e);
    expect(isHushError(err, "CONFIG_NOT_FOUND")).toBe(true);
    expect((err as HushError).hint).toMatch(/hush init/);
  });

  it("accepts a config with no users yet", () => {
    const config = parseHushConfig("version: 1\nusers: {}\n", "/r/.hush.yaml");
    expect(config.users).toEqual({});
    expect(config.root).toBe("/r");
  });
});

describe("schema problems", () => {
  it("collects every problem with line and column, naming the field", () => {
    const err = problemsOf(`version: 2
default_scope: team
users:
  alice:
    recipients: [${ALICE.recipient}]
    emali: alice@example.com
  bad.name: { recipients: [] }
colour: blue
`);
    const p = err.problems!.map((x) => `${x.line}:${x.col} ${x.message}`);
    expect(p).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^1:10 "version" must be 1/),
        expect.stringMatching(/^2:16 "default_scope" must be one of "user", "shared"/),
        expect.stringMatching(/^6:5 unknown field "users.alice.emali"/),
        expect.stringMatching(/^7:3 .*bad\.name/),
        expect.stringMatching(/^8:1 unknown field "colour"/),
      ]),
    );
    expect(err.problems!.every((x) => x.file === ".hush.yaml")).toBe(true);
  });

  it("reports a missing recipients list at the user", () => {
    const err = problemsOf("version: 1\nusers:\n  alice:\n    email: a@b.c\n");
    expect(err.problems![0]).toMatchObject({ line: 4, col: 5, message: expect.stringMatching(/users\.alice.*recipients/) });
  });

  it("reports a shared reader that is not a user", () => {
    const err = problemsOf(`version: 1\nusers:\n  alice: { recipients: [${ALICE.recipient}] }\nshared:\n  readers: [alice, carol]\n`);
    expect(err.problems).toHaveLength(1);
    expect(err.problems![0]).toMatchObject({ line: 5, col: 20, message: 'shared reader "carol" is not a user' });
  });

  it("reports every recipient that is not a valid age recipient, at its line (a typo fails the checksum)", () => {
    const typo = ALICE.recipient.slice(0, -1) + (ALICE.recipient.endsWith("q") ? "p" : "q");
    const err = problemsOf(`version: 1\nusers:\n  alice: { recipients: [${ALICE.recipient}, ${typo}] }\nescrow: [age1bad]\n`);
    expect(err.problems!.map((p) => [p.line, p.message])).toEqual([
      [3, `"users.alice.recipients.1": "${typo}" is not a valid age recipient`],
      [4, `"escrow.0": "age1bad" is not a valid age recipient`],
    ]);
  });

  it("reports YAML syntax errors with their position", () => {
    const err = problemsOf("version: 1\nusers: [\n");
    expect(err.problems![0]!.line).toBeGreaterThanOrEqual(2);
  });

  it("needs a version", () => {
    const err = problemsOf("users: {}\n");
    expect(err.problems![0]!.message).toMatch(/missing the field "version"/);
  });
});

describe("the fast path", () => {
  /** The config, or the problems it throws. */
  const outcome = (parse: (text: string, file: string) => unknown, text: string): unknown => {
    try {
      return parse(text, "/r/.hush.yaml");
    } catch (e) {
      if (isHushError(e, "CONFIG_INVALID")) return e.problems;
      throw e;
    }
  };

  /** Mostly the valid choice, sometimes a wrong one: both the fast path and the library's problems get reached. */
  const mostly = <T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<T>) => fc.oneof({ arbitrary: good, weight: 6 }, { arbitrary: bad, weight: 1 });
  const name = fc.constantFrom("alice", "bob", "carol", "ci-bot", "a_b");
  const recipient = mostly(fc.constantFrom(ALICE.recipient, BOB.recipient), fc.constant("age1notarecipient"));
  const comment = fc.constantFrom("", "", " # her laptop");
  const user = fc
    .tuple(name, fc.array(recipient, { minLength: 1, maxLength: 2 }), fc.option(fc.constantFrom("a@example.com", '"b@example.com"')), fc.boolean(), comment)
    .map(([n, rs, email, flow, c]) => [
      `  ${n}:${c}`,
      ...(flow ? [`    recipients: [${rs.join(", ")}]`] : ["    recipients:", ...rs.map((r) => `      - ${r}`)]),
      ...(email ? [`    email: ${email}`] : []),
    ]);
  const config = fc
    .tuple(
      mostly(fc.constant("1"), fc.constantFrom("2", '"1"')),
      fc.uniqueArray(user, { maxLength: 3, selector: (lines) => lines[0]!.split(":")[0] }),
      fc.option(fc.array(mostly(fc.constant('"*"'), fc.constantFrom("alice", "bob", "carol")), { maxLength: 2 })),
      fc.option(mostly(fc.constantFrom("user", "shared"), fc.constant("team"))),
      mostly(fc.constantFrom("", "# a note", "secrets_dir: vault"), fc.constantFrom("colour: blue", "stacks_dir:")),
    )
    .map(([version, users, readers, scope, extra]) =>
      [
        `# generated`,
        `version: ${version}`,
        ...(users.length ? ["users:", ...users.flat()] : ["users: {}"]),
        ...(readers ? ["shared:", `  readers: [${readers.join(", ")}]`] : []),
        ...(scope ? [`default_scope: ${scope}`] : []),
        extra,
        "",
      ].join("\n"),
    );

  it("gives the library's config or problems on every config", () => {
    let fast = 0;
    fc.assert(
      fc.property(config, (text) => {
        const expected = outcome(parseHushConfigWithLibrary, text);
        expect(outcome(parseHushConfig, text)).toEqual(expected);
        if (!Array.isArray(expected)) fast++;
      }),
      { numRuns: Number(process.env.HUSH_PROPERTY_RUNS ?? 300) },
    );
    expect(fast).toBeGreaterThan(Number(process.env.HUSH_PROPERTY_RUNS ?? 300) / 10); // valid configs were generated, so the fast path ran
  });

  it("reads the example workspace's config without the library", () => {
    const text = readFileSync(join(import.meta.dirname, "../../../.secrets.example/.hush.yaml"), "utf8");
    expect(readPlainYaml(text)).toBeDefined();
    expect(parseHushConfig(text, "/r/.hush.yaml")).toEqual(parseHushConfigWithLibrary(text, "/r/.hush.yaml"));
  });
});
