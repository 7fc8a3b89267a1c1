// The DECRYPTABLE level is one decrypter (src/store/decryptable.ts) for
// `hush stack validate` and `hush check`: the same secret fails both the same
// way, on the same line. Before, each had its own copy, and they named a bad
// key file differently.
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hush, hushOk } from "../helpers/cli.js";
import { gitRepo } from "../helpers/git.js";
import { ALICE, DAVE } from "../helpers/keys.js";

const asAlice = { SOPS_AGE_KEY: ALICE.identity, HUSH_USER: "alice" };

function repo(): string {
  const dir = gitRepo({
    ".hush.yaml": `version: 1\nusers:\n  alice: { recipients: [${ALICE.recipient}] }\nshared:\n  readers: ["*"]\n`,
    "stacks/default.yaml": 'env:\n  TOKEN: "{{api.token}}"\n  OTHER: "{{db.password}}"\n',
  });
  hushOk(["secret", "create", "api", "--token=tok-123456", "--scope", "shared"], { cwd: dir, env: asAlice });
  hushOk(["secret", "create", "db", "--password=pw-123456", "--scope", "shared"], { cwd: dir, env: asAlice });
  return dir;
}

/** The problem lines of `stack validate` and of `check`, both at DECRYPTABLE. */
function both(dir: string, env: Record<string, string>): { validate: string[]; check: string[] } {
  const lines = (text: string): string[] => text.split("\n").filter((l) => l.startsWith("stacks/"));
  const validate = hush(["stack", "validate", "--level", "DECRYPTABLE"], { cwd: dir, env });
  const check = hush(["check", "--level", "DECRYPTABLE"], { cwd: dir, env });
  expect(validate.status).toBe(3);
  expect(check.status).toBe(3);
  return { validate: lines(validate.stderr), check: lines(check.stderr) };
}

describe("DECRYPTABLE: stack validate and check say the same", () => {
  it("with a key that is no recipient", () => {
    const { validate, check } = both(repo(), { SOPS_AGE_KEY: DAVE.identity, HUSH_USER: "alice" });
    expect(validate).toEqual([
      'stacks/default.yaml:2:11: secret "api" (secrets/shared/api.yaml) cannot be decrypted: none of the loaded identities is a recipient',
      'stacks/default.yaml:3:11: secret "db" (secrets/shared/db.yaml) cannot be decrypted: none of the loaded identities is a recipient',
    ]);
    expect(check).toEqual(validate);
  });

  it("with a tampered value", () => {
    const dir = repo();
    const file = join(dir, "secrets/shared/db.yaml");
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.replace(/^password: ENC\[AES256_GCM,data:([A-Za-z0-9+/=]+)/m, (_m, d: string) => `password: ENC[AES256_GCM,data:${d.split("").reverse().join("")}`));
    const { validate, check } = both(dir, asAlice);
    expect(validate).toHaveLength(1);
    expect(validate[0]).toMatch(/^stacks\/default\.yaml:3:11: secret "db" \(secrets\/shared\/db\.yaml\) cannot be decrypted: /);
    expect(check).toEqual(validate);
  });

  it("with a key file that has a bad line: both name the file and line, never its content", () => {
    const dir = repo();
    const keys = join(dir, "..", `keys-${Date.now()}.txt`);
    writeFileSync(keys, `${ALICE.identity}\nAGE-SECRET-KEY-1NOTAKEY\n`);
    chmodSync(keys, 0o600);
    const { validate, check } = both(dir, { SOPS_AGE_KEY_FILE: keys, HUSH_USER: "alice" });
    expect(validate).toHaveLength(2);
    expect(validate[0]).toContain(`cannot be decrypted: ${keys}:2: `);
    expect(validate.join("\n")).not.toContain("NOTAKEY");
    expect(check).toEqual(validate);
  });
});
