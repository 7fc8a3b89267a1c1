// Files that also carry pgp, kms, gcp_kms, azure_kv and hc_vault entries
// (teams whose sops files serve several key types). hush wraps data keys for
// age only: a command that needs a new data key refuses (naming the key types
// it would drop) unless asked to drop them; a command that keeps the data key
// keeps every foreign entry byte for byte.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hush } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";
import { ALICE, BOB } from "../helpers/keys.js";

// Entries as sops writes them (the values are placeholders: hush never opens them).
const FOREIGN = `    kms:
        - arn: arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab
          created_at: "2024-01-01T00:00:00Z"
          enc: AQICAHhKMSKMSKMSKMSKMSplaceholder==
          aws_profile: ""
    gcp_kms:
        - resource_id: projects/p/locations/global/keyRings/r/cryptoKeys/k
          created_at: "2024-01-01T00:00:00Z"
          enc: CiQAGCPplaceholder==
    azure_kv:
        - vault_url: https://team.vault.azure.net
          name: sops-key
          version: 0123456789abcdef
          created_at: "2024-01-01T00:00:00Z"
          enc: AZUREplaceholder
    hc_vault:
        - vault_address: https://vault.example.com:8200
          engine_path: transit
          key_name: sops
          created_at: "2024-01-01T00:00:00Z"
          enc: vault:v1:placeholder
    pgp:
        - created_at: "2024-01-01T00:00:00Z"
          enc: |-
            -----BEGIN PGP MESSAGE-----

            wcBMA0placeholder
            =abcd
            -----END PGP MESSAGE-----
          fp: 0123456789ABCDEF0123456789ABCDEF01234567
`;
const FOREIGN_LINES = FOREIGN.trimEnd().split("\n");

/** A hush-encrypted file to alice, with the foreign entries added to its sops block (the MAC does not cover metadata). */
function multiKeyFile(): { dir: string; file: string } {
  const dir = tempDir();
  const file = join(dir, "app.yaml");
  writeFileSync(file, "user: app\npassword: s3cret\n");
  expect(hush(["encrypt", "--age", ALICE.recipient, "-i", "app.yaml"], { cwd: dir }).status).toBe(0);
  writeFileSync(file, readFileSync(file, "utf8").replace("sops:\n", `sops:\n${FOREIGN}`));
  expect(hush(["decrypt", "app.yaml"], { cwd: dir, env: { SOPS_AGE_KEY: ALICE.identity } }).stdout).toBe("user: app\npassword: s3cret\n");
  return { dir, file };
}

const keepsForeign = (text: string) => FOREIGN_LINES.every((l) => text.includes(l));

describe("files with pgp, kms, gcp_kms, azure_kv and hc_vault entries", () => {
  it("rotate refuses, naming every key type it would drop; nothing written (before, it exited 0 and dropped them)", () => {
    const { dir, file } = multiKeyFile();
    const before = readFileSync(file, "utf8");
    const r = hush(["rotate", "-i", "app.yaml"], { cwd: dir, env: { SOPS_AGE_KEY: ALICE.identity } });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      "hush: app.yaml: rotating needs a new data key, which hush can wrap for age recipients only: the file's azure_kv, gcp_kms, hc_vault, kms, pgp entries would be dropped and their holders lose access; nothing was written. do it with sops, which wraps for azure_kv and gcp_kms and hc_vault and kms and pgp too, or pass --drop-foreign-keys to drop those entries on purpose\n",
    );
    expect(readFileSync(file, "utf8")).toBe(before);
  });

  it("rotate --drop-foreign-keys drops them on purpose and the file still opens with age", () => {
    const { dir, file } = multiKeyFile();
    expect(hush(["rotate", "-i", "--drop-foreign-keys", "app.yaml"], { cwd: dir, env: { SOPS_AGE_KEY: ALICE.identity } }).status).toBe(0);
    const text = readFileSync(file, "utf8");
    expect(text).not.toContain("arn:aws:kms");
    expect(text).not.toContain("BEGIN PGP MESSAGE");
    expect(hush(["decrypt", "app.yaml"], { cwd: dir, env: { SOPS_AGE_KEY: ALICE.identity } }).stdout).toBe("user: app\npassword: s3cret\n");
  });

  it("set, unset and edit keep the data key, so every foreign entry stays as it was", () => {
    const { dir, file } = multiKeyFile();
    const env = {
      SOPS_AGE_KEY: ALICE.identity,
      EDITOR: `${process.execPath} ${join(import.meta.dirname, "../fixtures/editor.js")}`,
      EDIT_FIND: "user: app",
      EDIT_REPLACE: "user: app2",
    };
    expect(hush(["set", "app.yaml", '["password"]', '"n3w"'], { cwd: dir, env }).status).toBe(0);
    expect(keepsForeign(readFileSync(file, "utf8"))).toBe(true);
    expect(hush(["unset", "app.yaml", '["password"]'], { cwd: dir, env }).status).toBe(0);
    expect(keepsForeign(readFileSync(file, "utf8"))).toBe(true);
    expect(hush(["edit", "app.yaml"], { cwd: dir, env }).status).toBe(0);
    expect(keepsForeign(readFileSync(file, "utf8"))).toBe(true);
    expect(hush(["decrypt", "app.yaml"], { cwd: dir, env }).stdout).toBe("user: app2\n");
  });

  it("updatekeys adding an age recipient keeps them too; bob opens the file", () => {
    const { dir, file } = multiKeyFile();
    writeFileSync(join(dir, ".sops.yaml"), `creation_rules:\n  - path_regex: app\\.yaml$\n    age: ${ALICE.recipient},${BOB.recipient}\n`);
    const r = hush(["updatekeys", "-y", "app.yaml"], { cwd: dir, env: { SOPS_AGE_KEY: ALICE.identity } });
    expect(r.status, r.stderr).toBe(0);
    expect(keepsForeign(readFileSync(file, "utf8"))).toBe(true);
    expect(hush(["decrypt", "app.yaml"], { cwd: dir, env: { SOPS_AGE_KEY: BOB.identity } }).stdout).toBe("user: app\npassword: s3cret\n");
  });

  it("updatekeys that changes the key groups' shape (a new data key) refuses unless --drop-foreign-keys", () => {
    const { dir, file } = multiKeyFile();
    writeFileSync(
      join(dir, ".sops.yaml"),
      `creation_rules:\n  - path_regex: app\\.yaml$\n    shamir_threshold: 2\n    key_groups:\n      - age: [${ALICE.recipient}]\n      - age: [${BOB.recipient}]\n`,
    );
    const before = readFileSync(file, "utf8");
    const r = hush(["updatekeys", "-y", "app.yaml"], { cwd: dir, env: { SOPS_AGE_KEY: ALICE.identity } });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /changing the key groups' shape needs a new data key, which hush can wrap for age recipients only: the file's azure_kv, gcp_kms, hc_vault, kms, pgp entries would be dropped/,
    );
    expect(readFileSync(file, "utf8")).toBe(before);
    const dropped = hush(["updatekeys", "-y", "--drop-foreign-keys", "app.yaml"], { cwd: dir, env: { SOPS_AGE_KEY: ALICE.identity } });
    expect(dropped.status, dropped.stderr).toBe(0);
    expect(readFileSync(file, "utf8")).not.toContain("arn:aws:kms");
    // Two groups, threshold 2: a key of each opens it.
    expect(hush(["decrypt", "app.yaml"], { cwd: dir, env: { SOPS_AGE_KEY: `${ALICE.identity}\n${BOB.identity}` } }).stdout).toBe(
      "user: app\npassword: s3cret\n",
    );
  });
});
