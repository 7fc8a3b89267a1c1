import { describe, expect, it } from "vitest";
import { initialConfigText, withUserAdded, withUserRemoved } from "../../../src/config/hush-config-edit.js";
import { parseHushConfig } from "../../../src/config/hush-config.js";
import { BLOCK_BEGIN, BLOCK_END, creationRules, sopsYamlText } from "../../../src/config/sops-yaml-writer.js";
import { ALICE, BOB, DAVE } from "../../helpers/keys.js";
import { parse } from "yaml";

describe(".hush.yaml edits", () => {
  it("init text is valid and holds the first user", () => {
    const c = parseHushConfig(initialConfigText("alice", { recipients: [ALICE.recipient], email: "a@x.y" }), "/r/.hush.yaml");
    expect(c.users).toEqual({ alice: { recipients: [ALICE.recipient], email: "a@x.y" } });
    expect(parseHushConfig(initialConfigText(undefined, undefined), "/r/.hush.yaml").users).toEqual({});
  });

  it("adds and removes users keeping comments, and drops a removed reader", () => {
    const text = `# team settings\nversion: 1\nusers:\n  alice: { recipients: [${ALICE.recipient}] } # lead\nshared:\n  readers: [alice, bob]\n`;
    const added = withUserAdded(text.replace("readers: [alice, bob]", "readers: [alice]"), "bob", { recipients: [BOB.recipient] });
    expect(added).toContain("# team settings");
    expect(added).toContain("# lead");
    // never folds a long flow line into a multi-line block (regression: `{` alone on a line)
    expect(added.split("\n").some((l) => l.trim() === "{")).toBe(false);
    expect(added).toMatch(/\n {2}bob:\n {4}recipients:\n {6}- age1/);
    expect(parseHushConfig(added, "/r/.hush.yaml").users.bob).toEqual({ recipients: [BOB.recipient] });
    const both = added.replace("readers: [ alice ]", "readers: [ alice, bob ]").replace("readers: [alice]", "readers: [alice, bob]");
    const removed = parseHushConfig(withUserRemoved(both, "bob"), "/r/.hush.yaml");
    expect(Object.keys(removed.users)).toEqual(["alice"]);
    expect(removed.sharedReaders).toEqual(["alice"]);
  });
});

describe(".sops.yaml generation", () => {
  const config = parseHushConfig(
    `version: 1\nusers:\n  alice: { recipients: [${ALICE.recipient}] }\n  bob: { recipients: [${BOB.recipient}] }\n  nobody: { recipients: [] }\nescrow: [${DAVE.recipient}]\n`,
    "/r/.hush.yaml",
  );

  it("one rule per user dir, then shared, each with escrow", () => {
    expect(creationRules(config)).toEqual([
      { pathRegex: "^secrets/users/alice/.*\\.yaml$", age: [ALICE.recipient, DAVE.recipient] },
      { pathRegex: "^secrets/users/bob/.*\\.yaml$", age: [BOB.recipient, DAVE.recipient] },
      { pathRegex: "^secrets/users/nobody/.*\\.yaml$", age: [DAVE.recipient] },
      { pathRegex: "^secrets/shared/.*\\.yaml$", age: [ALICE.recipient, BOB.recipient, DAVE.recipient] },
    ]);
  });

  it("is hush's marked block in creation_rules and parses as sops's schema", () => {
    const text = sopsYamlText(config);
    expect(text.split("\n").slice(0, 2)).toEqual(["creation_rules:", `  ${BLOCK_BEGIN}`]);
    expect(text.endsWith(`  ${BLOCK_END}\n`)).toBe(true);
    const data = parse(text) as { creation_rules: Array<{ path_regex: string; age: string[] }> };
    expect(data.creation_rules[0]).toEqual({ path_regex: "^secrets/users/alice/.*\\.yaml$", age: [ALICE.recipient, DAVE.recipient] });
    expect(new RegExp(data.creation_rules[3]!.path_regex).test("secrets/shared/db.yaml")).toBe(true);
    expect(new RegExp(data.creation_rules[0]!.path_regex).test("secrets/users/alicex/db.yaml")).toBe(false);
  });
});
