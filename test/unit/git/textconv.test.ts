import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HIDDEN_VALUE, keysOnlyView, plaintextView, textconv } from "../../../src/git/textconv.js";
import { Branch } from "../../../src/sops/tree.js";
import { tempDir, writeTree } from "../../helpers/tmp.js";
import { ALICE } from "../../helpers/keys.js";

const SIMPLE = `user: ENC[AES256_GCM,data:AAAA,iv:BBBB,tag:CCCC,type:str]
password: ENC[AES256_GCM,data:DDDD,iv:EEEE,tag:FFFF,type:str]
sops:
    age:
        - recipient: ${ALICE.recipient}
          enc: |
            -----BEGIN AGE ENCRYPTED FILE-----
            -----END AGE ENCRYPTED FILE-----
        - recipient: age1unknown
          enc: |
            x
    lastmodified: "2026-01-01T00:00:00Z"
    mac: ENC[AES256_GCM,data:MMMM,iv:NNNN,tag:OOOO,type:str]
    version: 3.9.0
`;

describe("textconv", () => {
  it("keys-only view: keys with a marker, recipients named by user", () => {
    const text = keysOnlyView(["user", "password"], [ALICE.recipient, "age1x"], new Map([[ALICE.recipient, ["alice"]]]));
    expect(text).toBe(
      `# hush: keys only (no local age identity opens this file)\nuser: ${HIDDEN_VALUE}\npassword: ${HIDDEN_VALUE}\n# recipients:\n#   ${ALICE.recipient} (alice)\n#   age1x (no user)\n`,
    );
  });

  it("plaintext view is YAML of the values", async () => {
    expect(
      await plaintextView([
        new Branch([
          { key: "a", value: "x\ny" },
          { key: "n", value: 5n },
        ]),
      ]),
    ).toBe("a: |-\n  x\n  y\nn: 5\n");
  });

  it("without an identity shows the keys-only view, ciphertext never", async () => {
    const dir = tempDir();
    writeTree(dir, {
      ".hush.yaml": `version: 1\nusers:\n  alice:\n    recipients: [${ALICE.recipient}]\n`,
      "secrets/shared/db.yaml": SIMPLE,
    });
    const text = await textconv(join(dir, "secrets/shared/db.yaml"), {}, dir);
    expect(text).toMatch(/^user: <encrypted [0-9a-f]{8}>$/m);
    expect(text).toContain(`${ALICE.recipient} (alice)`);
    expect(text).toContain("age1unknown (no user)");
    expect(text).not.toContain("ENC[");
  });

  it("never fails: a non-sops file is shown as it is, a missing one as nothing", async () => {
    const dir = tempDir();
    writeTree(dir, { "x.yaml": "<<<<<<< ours\n" });
    expect(await textconv(join(dir, "x.yaml"), {}, dir)).toBe("<<<<<<< ours\n");
    expect(await textconv(join(dir, "missing.yaml"), {}, dir)).toBe("");
  });
});
