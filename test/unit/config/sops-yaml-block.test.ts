// hush owns only its marked block at the top of creation_rules; every other
// byte of a team's .sops.yaml stays as it was.
import { describe, expect, it } from "vitest";
import { parseHushConfig } from "../../../src/config/hush-config.js";
import { parseSopsConfig } from "../../../src/config/sops-yaml.js";
import { BLOCK_BEGIN, BLOCK_END, legacySopsYamlText, sopsYamlText } from "../../../src/config/sops-yaml-writer.js";
import { checkSopsYaml } from "../../../src/check/sops-yaml-rule.js";
import { ALICE, BOB } from "../../helpers/keys.js";

const config = (users: Record<string, string>) =>
  parseHushConfig(`version: 1\nusers:\n${Object.entries(users).map(([n, r]) => `  ${n}: { recipients: [${r}] }`).join("\n")}\nshared:\n  readers: ["*"]\n`, "/r/.hush.yaml");
const one = config({ alice: ALICE.recipient });
const two = config({ alice: ALICE.recipient, bob: BOB.recipient });

const TEAM = `# team's sops settings
stores:
  yaml:
    indent: 4
creation_rules:
  # k8s manifests: only data fields
  - path_regex: ^k8s/.*\\.yaml$
    encrypted_regex: ^(data|stringData)$
    age: age1teamkey
destination_rules:
  - s3_bucket: bucket
    path_regex: ^s3/
    recreation_rule:
      age: age1teamkey
`;

describe("sopsYamlText with a team's own .sops.yaml", () => {
  it("puts hush's block first in creation_rules and keeps every other line byte for byte", () => {
    const text = sopsYamlText(one, TEAM);
    const teamLines = TEAM.split("\n");
    const outside = text.split("\n").filter((_, i, all) => {
      const b = all.findIndex((l) => l.trim() === BLOCK_BEGIN);
      const e = all.findIndex((l) => l.trim() === BLOCK_END);
      return i < b || i > e;
    });
    expect(outside).toEqual(teamLines);
    const rules = parseSopsConfig(text, "/r/.sops.yaml").rules;
    expect(rules.map((r) => r.pathRegex)).toEqual(["^secrets/users/alice/.*\\.yaml$", "^secrets/shared/.*\\.yaml$", "^k8s/.*\\.yaml$"]);
    expect(rules[2]!.selection).toEqual({ kind: "encrypted_regex", value: "^(data|stringData)$" });
  });

  it("rewrites only the block on the next change, wherever the team moved it", () => {
    const first = sopsYamlText(one, TEAM);
    const second = sopsYamlText(two, first);
    expect(second.replace(/ {2}# >>> hush[\s\S]*# <<< hush/, "BLOCK")).toBe(first.replace(/ {2}# >>> hush[\s\S]*# <<< hush/, "BLOCK"));
    expect(parseSopsConfig(second, "/r/.sops.yaml").rules.map((r) => r.pathRegex)).toContain("^secrets/users/bob/.*\\.yaml$");
    expect(sopsYamlText(two, second)).toBe(second);
  });

  it("matches a list at column 0, adds the key to a file without one, and fills `creation_rules: []`", () => {
    const col0 = "creation_rules:\n- path_regex: ^k8s/\n  age: age1teamkey\n";
    const placed = sopsYamlText(one, col0);
    expect(placed.startsWith(`creation_rules:\n${BLOCK_BEGIN}\n- path_regex: "^secrets/users/alice/`)).toBe(true);
    expect(parseSopsConfig(placed, "/r/.sops.yaml").rules).toHaveLength(3);
    const noKey = "stores:\n  json:\n    indent: 2\n";
    expect(parseSopsConfig(sopsYamlText(one, noKey), "/r/.sops.yaml").rules).toHaveLength(2);
    expect(sopsYamlText(one, noKey).startsWith(noKey)).toBe(true);
    expect(parseSopsConfig(sopsYamlText(one, "creation_rules: []\n"), "/r/.sops.yaml").rules).toHaveLength(2);
  });

  it("refuses a flow list it cannot add to, naming the line", () => {
    expect(() => sopsYamlText(one, "# x\ncreation_rules: [{path_regex: a, age: age1x}]\n")).toThrow(
      expect.objectContaining({ code: "CONFIG_INVALID", line: 2, message: expect.stringContaining("flow list") }),
    );
  });

  it("replaces a file an older hush generated whole", () => {
    const text = sopsYamlText(two, legacySopsYamlText(one));
    expect(text.startsWith(`creation_rules:\n  ${BLOCK_BEGIN}\n`)).toBe(true);
    expect(text).not.toContain("GENERATED");
  });
});

describe("checkSopsYaml judges hush's block only", () => {
  it("accepts an up-to-date block among team rules, and a team's rule change", () => {
    const text = sopsYamlText(one, TEAM);
    expect(checkSopsYaml(one, text)).toEqual([]);
    expect(checkSopsYaml(one, text.replace("^(data|stringData)$", "^data$"))).toEqual([]);
    expect(checkSopsYaml(one, TEAM)).toEqual([]);
    expect(checkSopsYaml(one, legacySopsYamlText(one))).toEqual([]);
  });

  it("reports drift inside the block at the block's line", () => {
    const text = sopsYamlText(one, TEAM);
    const line = text.split("\n").findIndex((l) => l.trim() === BLOCK_BEGIN) + 1;
    expect(checkSopsYaml(two, text)).toEqual([expect.objectContaining({ file: ".sops.yaml", line, message: expect.stringMatching(/out of date with \.hush\.yaml/) })]);
    expect(checkSopsYaml(one, text.replace(ALICE.recipient, BOB.recipient))).toHaveLength(1);
    expect(checkSopsYaml(two, legacySopsYamlText(one))).toHaveLength(1);
  });
});
