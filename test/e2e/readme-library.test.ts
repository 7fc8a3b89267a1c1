// The README's library example is code users copy: it must run as written
// (against the built library, in a real repository, with a real age key).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hush } from "../helpers/cli.js";
import { gitRepo } from "../helpers/git.js";
import { ALICE } from "../helpers/keys.js";

const ROOT = join(import.meta.dirname, "../..");

function libraryExample(): string {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Library"));
  const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (!code) throw new Error("README.md has no ```ts block under ## Library");
  return code;
}

describe("README: the library example", () => {
  it("runs as written", () => {
    const cwd = gitRepo({
      ".hush.yaml": `version: 1\ndefault_scope: user\nusers:\n  alice: { recipients: [${ALICE.recipient}] }\n`,
      "stacks/default.yaml": 'env:\n  DB_PASSWORD: "{{db.password}}"\n',
    });
    const env = { SOPS_AGE_KEY: ALICE.identity };
    expect(hush(["secret", "create", "mlflow", "--token=t0k3n-value"], { cwd, env }).status).toBe(0);
    const code = libraryExample().replace(/from "hush-secrets"/, `from ${JSON.stringify(join(ROOT, "dist/index.js"))}`);
    const prelude = 'const password = "first-pass-1", rotated = "second-pass-2", key = "wandb-key-3";\n';
    const check =
      "\nconsole.log(JSON.stringify({ db: db.values, db2: db2.values, all: all.map((s) => s.name), ok: report.ok, wandb: wandb.values, mlflow: mlflow.values }));\n";
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", prelude + code + check], {
      cwd,
      env: { PATH: process.env.PATH ?? "", HOME: cwd, ...env },
      encoding: "utf8",
    });
    expect(r.stderr).toContain('secret "nope"'); // the example's own catch prints the not-found error
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout.trim().split("\n").at(-1)!) as Record<string, unknown>;
    expect(out).toMatchObject({
      ok: true,
      all: ["db", "mlflow"],
      db: { user: "trainer", password: "first-pass-1" },
      db2: { user: "trainer", password: "second-pass-2" },
      wandb: { api_key: "wandb-key-3" },
      mlflow: { token: "t0k3n-value" },
    });
  });
});
