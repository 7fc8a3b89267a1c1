// Files the store writes are real sops files: an independent decoder (sops-age)
// opens them with the same key, and refuses them once a value is tampered with.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { decryptSops } from "sops-age";
import { describe, expect, it } from "vitest";
import { Hush } from "../../../src/index.js";
import { gitRepo } from "../../helpers/git.js";
import { ALICE, CI } from "../../helpers/keys.js";

describe("store output and sops-age", () => {
  it("decrypts what createSecret and updateSecret wrote, and rejects a tampered file", async () => {
    const root = gitRepo({ ".hush.yaml": `version: 1\nusers:\n  alice: { recipients: [${ALICE.recipient}] }\n  ci: { recipients: [${CI.recipient}] }\n` });
    const hush = await Hush.open({ cwd: root, env: { SOPS_AGE_KEY: ALICE.identity, PATH: process.env.PATH } });
    const values = { user: "admin", password: 'p: w#"d\n', empty: "" };
    await hush.createSecret({ name: "db", values, scope: "shared" });
    const file = join(root, "secrets/shared/db.yaml");
    for (const key of [ALICE.identity, CI.identity]) {
      expect(await decryptSops(readFileSync(file, "utf8"), { secretKey: key, fileType: "yaml" })).toEqual(values);
    }
    await hush.updateSecret({ name: "db", values: { password: "new" } });
    expect(await decryptSops(readFileSync(file, "utf8"), { secretKey: CI.identity, fileType: "yaml" })).toEqual({ ...values, password: "new" });
    const text = readFileSync(file, "utf8");
    const userLine = text.split("\n").find((l) => l.startsWith("user: "))!;
    const passwordLine = text.split("\n").find((l) => l.startsWith("password: "))!;
    // swap two encrypted values: each is bound to its key by the AAD, so this must fail
    const swapped = text.replace(userLine, `user: ${passwordLine.slice("password: ".length)}`);
    await expect(decryptSops(swapped, { secretKey: ALICE.identity, fileType: "yaml" })).rejects.toThrow();
  });
});
