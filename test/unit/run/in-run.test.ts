import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { encodeRunSecrets, secretFromRunEnv, writeRunSecrets } from "../../../src/run/in-run.js";
import { getSecret } from "../../../src/hush.js";
import { tempDir } from "../../helpers/tmp.js";

const db = { name: "db", scope: "shared" as const, values: { user: "ml", password: "pä$$ w0rd\n" } };

/** HUSH_RUN_SECRETS_FILE for these secrets, as a run writes it. */
function runEnv(secrets = [db]): { HUSH_RUN_SECRETS_FILE: string } {
  return { HUSH_RUN_SECRETS_FILE: writeRunSecrets(secrets, mkdtempSync(join(tempDir(), "hush-run-"))) };
}

describe("HUSH_RUN_SECRETS_FILE", () => {
  it("round-trips what the run decrypted", () => {
    const env = runEnv();
    expect(secretFromRunEnv("db", env)).toEqual(db);
    expect(secretFromRunEnv("other", env)).toBeUndefined();
  });

  it("is absent outside a run or after it (file gone), and a malformed file counts as absent", () => {
    expect(secretFromRunEnv("db", {})).toBeUndefined();
    expect(secretFromRunEnv("db", { HUSH_RUN_SECRETS_FILE: join(tempDir(), "gone.json") })).toBeUndefined();
    const write = (text: string) => {
      const path = join(tempDir(), "secrets.json");
      writeFileSync(path, text, { mode: 0o600 });
      return { HUSH_RUN_SECRETS_FILE: path };
    };
    expect(secretFromRunEnv("db", write("not json"))).toBeUndefined();
    expect(secretFromRunEnv("db", write(JSON.stringify({ db: { scope: "nope", values: {} } })))).toBeUndefined();
    expect(secretFromRunEnv("__proto__", write("{}"))).toBeUndefined();
  });

  it("trusts only a private regular file: not one others can read or write, not a symlink", () => {
    const env = runEnv();
    chmodSync(env.HUSH_RUN_SECRETS_FILE, 0o644);
    expect(secretFromRunEnv("db", env)).toBeUndefined();
    chmodSync(env.HUSH_RUN_SECRETS_FILE, 0o600);
    const link = join(tempDir(), "link.json");
    symlinkSync(env.HUSH_RUN_SECRETS_FILE, link);
    expect(secretFromRunEnv("db", { HUSH_RUN_SECRETS_FILE: link })).toBeUndefined();
    expect(secretFromRunEnv("db", env)).toEqual(db);
  });

  it("holds plain JSON of the secrets", () => {
    expect(JSON.parse(encodeRunSecrets([db]))).toEqual({ db: { scope: "shared", values: db.values } });
  });

  it("is what the library's getSecret returns, without a repository or a key", async () => {
    expect(await getSecret("db", { env: runEnv(), cwd: tempDir() })).toEqual(db);
    expect(await getSecret("db", { env: runEnv(), cwd: tempDir(), scope: "shared" })).toEqual(db);
    // Not the run's copy when another scope is asked for: the repository's (there is none here).
    await expect(getSecret("db", { env: runEnv(), cwd: tempDir(), scope: "user" })).rejects.toMatchObject({ code: "CONFIG_NOT_FOUND" });
  });

  it("is readable with the documented Python one-liner", () => {
    const out = execFileSync(
      "python3",
      ["-c", 'import json,os,sys; sys.stdout.write(json.load(open(os.environ["HUSH_RUN_SECRETS_FILE"], encoding="utf-8"))["db"]["values"]["password"])'],
      { env: { PATH: process.env.PATH, ...runEnv() }, encoding: "utf8" },
    );
    expect(out).toBe(db.values.password);
  });
});
