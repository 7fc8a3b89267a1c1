// The stack commands that touch real ciphertext: register-secrets writes
// secrets, resolve --reveal and DECRYPTABLE decrypt them (real age keys,
// real sops files written by hush). Build first: `npx tsc -p .`.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hush } from "../helpers/cli.js";
import { gitRepo } from "../helpers/git.js";
import { ALICE, BOB, DAVE } from "../helpers/keys.js";

const HUSH_YAML = `version: 1
default_scope: user
default_stack: prod
users:
  alice: { recipients: [${ALICE.recipient}], email: test@example.com }
  bob: { recipients: [${BOB.recipient}] }
shared:
  readers: ["*"]
`;

const PROD = `components:
  tracker:
    flavor: mlflow
    uri: "https://{{mlflow.username}}:{{mlflow.password}}@mlflow.example.com"
env:
  TOKEN: "{{token.value}}"
  LITERAL: "\\\\{{ not.a_ref }}"
`;

const asAlice = { SOPS_AGE_KEY: ALICE.identity };

function repo(): string {
  return gitRepo({ ".hush.yaml": HUSH_YAML, "stacks/prod.yaml": PROD });
}

describe("hush stack register-secrets", () => {
  it("asks for every missing secret/key (one line each from a pipe) and writes them in the right scope", () => {
    const dir = repo();
    const r = hush(["stack", "register-secrets", "--scope", "shared"], { cwd: dir, env: asAlice, input: "mluser\nmlpass-0001\ntok-0002\n" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("created secrets/shared/mlflow.yaml (shared): username, password\ncreated secrets/shared/token.yaml (shared): value\n");
    expect(readFileSync(join(dir, "secrets/shared/mlflow.yaml"), "utf8")).not.toContain("mlpass-0001");
    expect(hush(["stack", "validate"], { cwd: dir }).status).toBe(0);
    // Nothing left to ask.
    expect(hush(["stack", "register-secrets"], { cwd: dir, env: asAlice, input: "" }).stdout).toBe("nothing to register: every reference resolves\n");
  });

  it("adds a missing key to the secret the reference resolves to; a new secret goes to default_scope", () => {
    const dir = repo();
    expect(hush(["secret", "create", "mlflow", "--username=u1", "--scope", "shared"], { cwd: dir, env: asAlice }).status).toBe(0);
    const r = hush(["stack", "register-secrets", "prod"], { cwd: dir, env: asAlice, input: "p1\nt1\n" });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("updated secrets/shared/mlflow.yaml (shared): password\ncreated secrets/users/alice/token.yaml (user): value\n");
    const resolved = hush(["stack", "resolve", "prod", "--reveal", "--json"], { cwd: dir, env: asAlice });
    expect(JSON.parse(resolved.stdout).data).toEqual({
      components: { tracker: { flavor: "mlflow", uri: "https://u1:p1@mlflow.example.com" } },
      env: { TOKEN: "t1", LITERAL: "{{ not.a_ref }}" },
    });
  });

  it("writes nothing when the input ends early", () => {
    const dir = repo();
    const r = hush(["stack", "register-secrets"], { cwd: dir, env: asAlice, input: "only-one\n" });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/input ended before a value for "mlflow.password" was given; nothing was written/);
    expect(r.stderr).not.toContain("only-one");
    expect(hush(["secret", "list", "--json"], { cwd: dir }).stdout).toMatch(/^\[\s*\]\s*$/);
  });
});

describe("levels with real keys", () => {
  function filled(): string {
    const dir = repo();
    const w = hush(["stack", "register-secrets", "--scope", "shared"], { cwd: dir, env: asAlice, input: "u\np\nt\n" });
    expect(w.status).toBe(0);
    return dir;
  }

  it("DECRYPTABLE passes with a reader's key, fails clearly with a stranger's or none; lower levels need none", () => {
    const dir = filled();
    expect(hush(["stack", "validate", "--level", "DECRYPTABLE"], { cwd: dir, env: asAlice }).status).toBe(0);
    expect(hush(["stack", "validate", "--level", "DECRYPTABLE"], { cwd: dir, env: { SOPS_AGE_KEY: BOB.identity, HUSH_USER: "bob" } }).status).toBe(0);
    const stranger = hush(["stack", "validate", "--level", "DECRYPTABLE"], { cwd: dir, env: { SOPS_AGE_KEY: DAVE.identity } });
    expect(stranger.status).toBe(3);
    expect(stranger.stderr).toMatch(
      /^stacks\/prod.yaml:4:19: secret "mlflow" \(secrets\/shared\/mlflow.yaml\) cannot be decrypted: none of the loaded identities is a recipient/m,
    );
    const none = hush(["stack", "validate", "--level", "DECRYPTABLE"], { cwd: dir });
    expect(none.status).toBe(3);
    expect(none.stderr).toMatch(/cannot be decrypted: no age identity found/);
    for (const level of ["NONE", "SECRET_EXISTS", "SECRET_AND_KEY_EXISTS"]) {
      expect(hush(["stack", "validate", "--level", level], { cwd: dir }).status).toBe(0);
      expect(hush(["check", "--level", level], { cwd: dir }).status).toBe(0);
    }
    expect(hush(["check", "--level", "DECRYPTABLE"], { cwd: dir, env: asAlice }).status).toBe(0);
    expect(hush(["check", "--level", "DECRYPTABLE"], { cwd: dir, env: { SOPS_AGE_KEY: DAVE.identity } }).status).toBe(3);
  });

  it("DECRYPTABLE catches a tampered value that the key-only levels cannot see", () => {
    const dir = filled();
    const file = join(dir, "secrets/shared/token.yaml");
    const text = readFileSync(file, "utf8");

    // Swap two ENC values' data: still well-formed, but the MAC or AES-GCM fails.
    writeFileSync(
      file,
      text.replace(/^value: ENC\[AES256_GCM,data:([A-Za-z0-9+/=]+)/m, (_m, d: string) => `value: ENC[AES256_GCM,data:${d.split("").reverse().join("")}`),
    );
    expect(hush(["stack", "validate"], { cwd: dir }).status).toBe(0);
    const r = hush(["stack", "validate", "--level", "DECRYPTABLE"], { cwd: dir, env: asAlice });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/secret "token" \(secrets\/shared\/token.yaml\) cannot be decrypted/);
  });
});
