import { describe, expect, it } from "vitest";
import { inspectSecret } from "../../../src/check/encrypted.js";
import { findLeakedKeys } from "../../../src/check/leaked-keys.js";
import { findConflictMarkers } from "../../../src/check/conflict-markers.js";
import { checkRecipients, placeOf } from "../../../src/config/recipient-check.js";
import { testConfig } from "../../helpers/config.js";
import { ALICE, BOB, CI, DAVE } from "../../helpers/keys.js";
import { sopsText } from "./sops-text.js";
import { rulePolicy } from "../../../src/sops/selection-policy.js";

const bytes = (text: string) => Buffer.from(text);
const F = "secrets/shared/db.yaml";

const config = testConfig();

describe("encrypted (rule 1)", () => {
  it("reads a file as sops would (formats/detect.ts): by its suffix, case included; any other is binary, not YAML", async () => {
    const text = bytes(sopsText(["a"], { recipients: [ALICE.recipient] }));
    expect((await inspectSecret(text, "secrets/k8s/db.yml")).problems).toEqual([]);
    // sops reads these as binary: a YAML sops file under such a name is no sops file to it, nor to the check.
    for (const name of ["secrets/k8s/db.YAML", "secrets/k8s/db.txt", "secrets/k8s/db"]) {
      expect(
        (await inspectSecret(text, name)).problems.map((p) => p.code),
        name,
      ).toEqual(["NOT_ENCRYPTED"]);
    }
  });

  it("reads keys and recipients of a well-formed file by the line scan, with no problem", async () => {
    const i = await inspectSecret(bytes(sopsText(["user", "password"], { recipients: [ALICE.recipient, BOB.recipient] })), F);
    expect(i).toMatchObject({ readable: true, fast: true, keys: ["user", "password"], recipients: [ALICE.recipient, BOB.recipient], problems: [] });
    expect(i.recipientsLine).toBe(5);
  });

  it("reports a plaintext value with its line, and accepts the _unencrypted suffix", async () => {
    const i = await inspectSecret(bytes(sopsText(["user"], { recipients: [ALICE.recipient], clear: { password: "hunter2", note_unencrypted: "fine" } })), F);
    expect(i.problems).toHaveLength(1);
    expect(i.problems[0]).toMatchObject({ file: F, line: 2, message: 'plaintext value for key "password" in a secret file' });
    expect(JSON.stringify(i.problems)).not.toContain("hunter2");
  });

  it("reports a file with no sops block at the line of its first value", async () => {
    const i = await inspectSecret(bytes("user: admin\npassword: hunter2\n"), F);
    expect(i.readable).toBe(false);
    expect(i.problems.map((p) => `${p.line} ${p.code}`)).toEqual(["1 VALUE_FORMAT_INVALID", "2 VALUE_FORMAT_INVALID", "1 NOT_ENCRYPTED"]);
    expect(JSON.stringify(i.problems)).not.toMatch(/hunter2|admin/);
  });

  it("reports a missing MAC and broken metadata", async () => {
    const text = sopsText(["a"], { recipients: [ALICE.recipient], mac: false }).replace('lastmodified: "2025-01-01T00:00:00Z"', "lastmodified: yesterday");
    const i = await inspectSecret(bytes(text), F);
    expect(i.problems.map((p) => p.code).sort()).toEqual(["MAC_MISMATCH", "METADATA_INVALID"]);
  });

  it("reports a malformed ENC value", async () => {
    const i = await inspectSecret(bytes(sopsText(["a"], { recipients: [ALICE.recipient] }).replace(/^a: ENC\[[^\n]*/, "a: ENC[AES256_GCM,data:xx]")), F);
    expect(i.problems[0]).toMatchObject({ line: 1, code: "VALUE_FORMAT_INVALID" });
  });

  it("refuses encrypted_regex in a store file's metadata and judges its values by the store policy (every value encrypted)", async () => {
    const text = sopsText(["password"], { recipients: [ALICE.recipient], clear: { host: "db.local" } }).replace(
      "    unencrypted_suffix: _unencrypted\n",
      "    encrypted_regex: ^pass\n",
    );
    const line = text.split("\n").findIndex((l) => l.includes("encrypted_regex")) + 1;
    const problems = (await inspectSecret(bytes(text), F)).problems;
    expect(problems.map((p) => `${p.line} ${p.code}`)).toEqual([`${line} SELECTION_REFUSED`, "2 VALUE_FORMAT_INVALID"]);
    expect(problems[0]!.message).toContain('encrypted_regex "^pass"');
    expect(JSON.stringify(problems)).not.toContain("db.local");
  });

  it("takes an empty selection option as unset (sops's default), in the line scan as in the codec", async () => {
    const text = sopsText(["password"], { recipients: [ALICE.recipient] }).replace("    unencrypted_suffix: _unencrypted\n", '    unencrypted_suffix: ""\n');
    expect((await inspectSecret(bytes(text), F)).problems).toEqual([]);
  });

  it("honours encrypted_regex in a file outside the store when its creation rule sets the same", async () => {
    const text = sopsText(["password"], { recipients: [ALICE.recipient], clear: { host: "db.local" } }).replace(
      "    unencrypted_suffix: _unencrypted\n",
      "    encrypted_regex: ^pass\n",
    );
    const policy = rulePolicy({ index: 0, selection: { kind: "encrypted_regex", value: "^pass" } }, ".sops.yaml");
    expect((await inspectSecret(bytes(text), "secrets/k8s/db.yaml", undefined, policy)).problems).toEqual([]);
    const other = rulePolicy({ index: 0, selection: { kind: "encrypted_regex", value: "^(pass|host)$" } }, ".sops.yaml");
    expect((await inspectSecret(bytes(text), "secrets/k8s/db.yaml", undefined, other)).problems.map((p) => p.code)).toEqual([
      "SELECTION_REFUSED",
      "VALUE_FORMAT_INVALID",
    ]);
  });
});

describe("recipients (rule 2)", () => {
  it("places files in scopes", () => {
    expect(placeOf(config, "secrets/shared/db.yaml")).toEqual({ name: "db", scope: "shared" });
    expect(placeOf(config, "secrets/users/alice/tok.yaml")).toEqual({ name: "tok", scope: "user", user: "alice" });
    expect(placeOf(config, "secrets/other/x.yaml")).toBeUndefined();
  });

  it("accepts the expected set in any order", () => {
    expect(checkRecipients(config, F, { name: "db", scope: "shared" }, [CI.recipient, ALICE.recipient, BOB.recipient], 4)).toEqual([]);
  });

  it("names missing users and recipients that should not be there", () => {
    const [p] = checkRecipients(config, F, { name: "db", scope: "shared" }, [ALICE.recipient, DAVE.recipient], 4);
    expect(p).toMatchObject({ file: F, line: 4 });
    expect(p!.message).toMatch(/missing bob \(age1a78lrl2e…\w{4}\), ci \(/);
    expect(p!.message).toMatch(/should not be there: unknown recipient age1a5975xez…/);
  });

  it("a user file readable by another user is stale", () => {
    const [p] = checkRecipients(config, "secrets/users/alice/t.yaml", { name: "t", scope: "user", user: "alice" }, [ALICE.recipient, BOB.recipient], 4);
    expect(p!.message).toMatch(/should not be there: bob/);
  });

  it("a file of a user no longer in .hush.yaml", () => {
    const [p] = checkRecipients(config, "secrets/users/eve/t.yaml", { name: "t", scope: "user", user: "eve" }, [ALICE.recipient], 4);
    expect(p!.code).toBe("USER_NOT_FOUND");
  });
});

describe("leaked keys (rule 4) and conflict markers", () => {
  it("finds an age secret key with line and column, never printing it", () => {
    const text = `# my keys\nexport SOPS_AGE_KEY=${ALICE.identity}\n`;
    const problems = findLeakedKeys("deploy.sh", bytes(text));
    expect(problems).toEqual([expect.objectContaining({ file: "deploy.sh", line: 2, col: 21 })]);
    expect(JSON.stringify(problems)).not.toContain(ALICE.identity.slice(16));
  });

  it("ignores the bare prefix (docs about keys)", () => {
    expect(findLeakedKeys("README.md", bytes("keys look like AGE-SECRET-KEY-1... in keys.txt"))).toEqual([]);
  });

  it("finds git conflict markers", () => {
    const text = "a: ENC[x]\n<<<<<<< HEAD\nb: 1\n=======\nb: 2\n>>>>>>> other\n";
    expect(findConflictMarkers(F, text)).toEqual([expect.objectContaining({ line: 2, code: "MERGE_CONFLICT" })]);
    expect(findConflictMarkers(F, "a: b\n")).toEqual([]);
  });
});

describe("empty values", () => {
  it("an empty string is never encrypted (spec §1.8), so it is no plaintext problem", async () => {
    const i = await inspectSecret(bytes(sopsText(["a"], { recipients: [ALICE.recipient], clear: { empty: '""' } })), F);
    expect(i.problems).toEqual([]);
  });
});
