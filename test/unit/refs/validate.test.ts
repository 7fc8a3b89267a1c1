import { describe, expect, it } from "vitest";
import { parseStackFile } from "../../../src/refs/stack-file.js";
import { validateReferences } from "../../../src/refs/validate.js";
import { formatProblem } from "../../../src/errors.js";
import type { SecretInfo } from "../../../src/store/types.js";

const info = (name: string, keys: string[], scope: "user" | "shared", user?: string): SecretInfo => ({
  name,
  scope,
  ...(user ? { user } : {}),
  file: scope === "shared" ? `secrets/shared/${name}.yaml` : `secrets/users/${user}/${name}.yaml`,
  keys,
  recipients: [],
  lastModified: "2025-01-01T00:00:00Z",
});

const SECRETS = [
  info("mlflow", ["username", "password"], "shared"),
  info("db", ["user", "password"], "shared"),
  info("db", ["user", "password", "port"], "user", "alice"),
  info("token", ["value"], "user", "alice"),
];

const stack = (text: string) => parseStackFile("prod", "stacks/prod.yaml", text);
const run = async (text: string, level: Parameters<typeof validateReferences>[1]["level"], users: Array<string | undefined> = ["alice"]) =>
  (await validateReferences([stack(text)], { level, secrets: SECRETS, users })).map(formatProblem);

describe("validateReferences", () => {
  it("reports a near-miss key with the keys there are and a suggestion", async () => {
    expect(await run("env:\n  P: '{{mlflow.pasword}}'\n", "SECRET_AND_KEY_EXISTS")).toEqual([
      'stacks/prod.yaml:2:7: secret "mlflow" has no key "pasword" (keys: password, username). did you mean "password"?',
    ]);
  });

  it("reports a near-miss secret name", async () => {
    const out = await run("env:\n  P: '{{mlfow.password}}'\n", "SECRET_EXISTS");
    expect(out).toEqual([`stacks/prod.yaml:2:7: secret "mlfow" not found in alice's scope or the shared scope. did you mean "mlflow"?`]);
  });

  it("resolves the user's scope first, then shared", async () => {
    expect(await run("env:\n  P: '{{db.port}}'\n", "SECRET_AND_KEY_EXISTS", ["alice"])).toEqual([]);
    expect(await run("env:\n  P: '{{db.port}}'\n", "SECRET_AND_KEY_EXISTS", ["bob"])).toHaveLength(1);
    expect(await run("env:\n  P: '{{db.port}}'\n", "SECRET_AND_KEY_EXISTS", [undefined])).toHaveLength(1);
  });

  it("per level: NONE only syntax, SECRET_EXISTS ignores keys", async () => {
    const text = "env:\n  A: '{{nope.x}}'\n  B: '{{db.nokey}}'\n  C: '{{broken}}'\n";
    expect(await run(text, "NONE")).toHaveLength(1);
    expect(await run(text, "SECRET_EXISTS")).toHaveLength(2);
    expect(await run(text, "SECRET_AND_KEY_EXISTS")).toHaveLength(3);
  });

  it("with several users, names the users a reference fails for", async () => {
    const out = await run("env:\n  T: '{{token.value}}'\n  M: '{{missing.x}}'\n", "SECRET_AND_KEY_EXISTS", ["alice", "bob"]);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(/^stacks\/prod.yaml:2:7: secret "token" not found in bob's scope or the shared scope \(as user bob\)/);
    expect(out[1]).toMatch(/^stacks\/prod.yaml:3:7: secret "missing" not found/);
    expect(out[1]).not.toMatch(/as user/);
  });

  it("DECRYPTABLE asks the decrypter once per file and reports its failure", async () => {
    const asked: string[] = [];
    const problems = await validateReferences([stack("env:\n  A: '{{db.user}}'\n  B: '{{db.password}}'\n")], {
      level: "DECRYPTABLE",
      secrets: SECRETS,
      users: ["alice"],
      decrypt: async (i) => {
        asked.push(i.file);
        return "no identity matches";
      },
    });
    expect(asked).toEqual(["secrets/users/alice/db.yaml"]);
    expect(problems.map((p) => p.message)).toEqual([
      'secret "db" (secrets/users/alice/db.yaml) cannot be decrypted: no identity matches',
      'secret "db" (secrets/users/alice/db.yaml) cannot be decrypted: no identity matches',
    ]);
  });
});
