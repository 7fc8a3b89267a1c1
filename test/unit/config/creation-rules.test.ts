// .sops.yaml creation rules: parsing, the path they match, first match wins.
import { join, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { chooseRule, rulePath, ruleMatches, splitRecipients } from "../../../src/config/creation-rules.js";
import { parseSopsConfig } from "../../../src/config/sops-yaml.js";
import { mergeSelection } from "../../../src/sopscmd/encrypt-config.js";
import { isHushError, type HushError } from "../../../src/errors.js";

const A = "age1gp2xhxmaauyuwkyzfkxdq282ufgpwumpefl759xa39phyawemd6szeyn56";
const B = "age1a78lrl2e7e5uky25mmqn5eugcayc9wh7n8c67urav4vq6ha0j3nqd34ftx";

function thrown(fn: () => unknown): HushError {
  try {
    fn();
  } catch (e) {
    if (isHushError(e)) return e;
    throw e;
  }
  throw new Error("did not throw");
}

describe("creation rules", () => {
  const config = parseSopsConfig(
    [
      "creation_rules:",
      "  - path_regex: (?i)^secrets/PROD/.*\\.yaml$",
      `    age: ${A}`,
      "    encrypted_regex: ^(data|stringData)$",
      "  - path_regex: \\.env$",
      `    age: " ${A} , ${B} ,"`,
      "    mac_only_encrypted: true",
      "  - path_regex: ^groups/",
      "    key_groups:",
      `      - age: ["${A}"]`,
      `      - age: ["${B},${A}"]`,
      "    shamir_threshold: 2",
      "  - age:",
      `      - ${B}`,
    ].join("\n"),
    "/repo/.sops.yaml",
  );

  it("parses every field", () => {
    const [prod, env, groups, rest] = config.rules;
    expect(prod).toMatchObject({ index: 0, line: 2, pathRegex: "(?i)^secrets/PROD/.*\\.yaml$", groups: [[A]], selection: { kind: "encrypted_regex", value: "^(data|stringData)$" } });
    expect(env).toMatchObject({ groups: [[A, B]], macOnlyEncrypted: true });
    expect(groups).toMatchObject({ groups: [[A], [B, A]], shamirThreshold: 2 });
    expect(rest).toMatchObject({ groups: [[B]] });
    expect(rest!.pathRegex).toBeUndefined();
  });

  it("matches the path relative to the config's directory, first match wins, (?i) honoured", () => {
    const pick = (file: string) => chooseRule(config.rules, config.file, "/repo", file)!.index;
    expect(pick("/repo/secrets/prod/db.yaml")).toBe(0);
    expect(pick("/repo/secrets/prod/x.env")).toBe(1);
    expect(pick("/repo/groups/a.json")).toBe(2);
    expect(pick("/repo/other/groups/a.json")).toBe(3); // ^groups/ is anchored at the config's directory
    expect(pick("/elsewhere/secrets/prod/db.yaml")).toBe(3); // outside: the absolute path, which ^secrets does not match
  });

  it("rules exist but none matches: CONFIG_NO_MATCHING_RULE naming the file and the config", () => {
    const only = parseSopsConfig(`creation_rules:\n  - path_regex: ^a/\n    age: ${A}\n`, "/repo/.sops.yaml");
    const e = thrown(() => chooseRule(only.rules, only.file, "/repo", "/repo/b/x.yaml"));
    expect(e.code).toBe("CONFIG_NO_MATCHING_RULE");
    expect(e.message).toContain("/repo/.sops.yaml");
    expect(e.message).toContain(join("b", "x.yaml"));
    expect(chooseRule([], "/repo/.sops.yaml", "/repo", "/repo/b/x.yaml")).toBeUndefined();
  });

  it("rulePath: relative below the config dir, absolute outside", () => {
    expect(rulePath("/repo", "/repo/a/b.yaml")).toBe(["a", "b.yaml"].join(sep));
    expect(rulePath("/repo", "/repos/a.yaml")).toBe("/repos/a.yaml");
    expect(ruleMatches({ index: 0, line: 1, groups: [], unsupportedKeys: [] }, "anything")).toBe(true);
  });

  it("splits recipients on commas, trimming, dropping empty parts", () => {
    expect(splitRecipients(` ${A},,${B} `)).toEqual([A, B]);
    expect(splitRecipients([`${A},${B}`, A])).toEqual([A, B, A]);
    expect(splitRecipients(3)).toBeUndefined();
  });

  it("bad YAML and bad rules: one error with file:line", () => {
    const e1 = thrown(() => parseSopsConfig("creation_rules:\n  - age: [unclosed\n", "/r/.sops.yaml"));
    expect(e1).toMatchObject({ code: "CONFIG_INVALID", file: "/r/.sops.yaml" });
    expect(e1.line).toBeGreaterThan(0);
    const e2 = thrown(() => parseSopsConfig(`creation_rules:\n  - age: ${A}\n  - path_regex: "(unclosed"\n    age: ${A}\n`, "/r/.sops.yaml"));
    expect(e2).toMatchObject({ code: "CONFIG_INVALID", line: 3 });
    const e3 = thrown(() => parseSopsConfig(`creation_rules:\n  - age: ${A}\n    encrypted_regex: a\n    unencrypted_suffix: _x\n`, "/r/.sops.yaml"));
    expect(e3.code).toBe("CONFIG_INVALID");
    expect([3, 4]).toContain(e3.line);
    expect(thrown(() => parseSopsConfig("creation_rules: 3\n", "/r/.sops.yaml")).code).toBe("CONFIG_INVALID");
    expect(thrown(() => parseSopsConfig("creation_rules:\n  - age: 3\n", "/r/.sops.yaml")).line).toBe(2);
  });

  it("a config without creation_rules has no rules", () => {
    expect(parseSopsConfig("stores:\n  yaml:\n    indent: 2\n", "/r/.sops.yaml").rules).toEqual([]);
  });
});

describe("selection options: flag, else rule; two different ones conflict", () => {
  it("merges per option", () => {
    expect(mergeSelection({}, undefined)).toBeUndefined();
    expect(mergeSelection({}, { kind: "encrypted_regex", value: "^a" })).toEqual({ kind: "encrypted_regex", value: "^a" });
    expect(mergeSelection({ encrypted_regex: "^b" }, { kind: "encrypted_regex", value: "^a" })).toEqual({ kind: "encrypted_regex", value: "^b" });
    expect(thrown(() => mergeSelection({ encrypted_suffix: "_e" }, { kind: "encrypted_regex", value: "^a" })).code).toBe("CONFLICTING_OPTIONS");
    expect(thrown(() => mergeSelection({ encrypted_suffix: "_e", unencrypted_regex: "x" }, undefined)).code).toBe("CONFLICTING_OPTIONS");
  });
});
