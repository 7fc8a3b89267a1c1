import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { encodeRunSecrets, secretFromRunEnv } from "../../../src/run/in-run.js";
import { Hush } from "../../../src/hush.js";

const db = { name: "db", scope: "shared" as const, values: { user: "ml", password: "pä$$ w0rd\n" } };

describe("HUSH_RUN_SECRETS", () => {
  it("round-trips what the run decrypted", () => {
    const env = { HUSH_RUN_SECRETS: encodeRunSecrets([db]) };
    expect(secretFromRunEnv("db", env)).toEqual(db);
    expect(secretFromRunEnv("other", env)).toBeUndefined();
  });

  it("is absent outside a run, and a malformed variable counts as absent", () => {
    expect(secretFromRunEnv("db", {})).toBeUndefined();
    expect(secretFromRunEnv("db", { HUSH_RUN_SECRETS: "not base64 json" })).toBeUndefined();
    const wrong = Buffer.from(JSON.stringify({ db: { scope: "nope", values: {} } })).toString("base64");
    expect(secretFromRunEnv("db", { HUSH_RUN_SECRETS: wrong })).toBeUndefined();
    const proto = Buffer.from("{}").toString("base64");
    expect(secretFromRunEnv("__proto__", { HUSH_RUN_SECRETS: proto })).toBeUndefined();
  });

  it("is readable from the library without a repository", async () => {
    expect(await Hush.secretFromRun("db", { HUSH_RUN_SECRETS: encodeRunSecrets([db]) })).toEqual(db);
  });

  it("is readable with the documented Python one-liner", () => {
    const out = execFileSync(
      "python3",
      ["-c", 'import base64,json,os,sys; sys.stdout.write(json.loads(base64.b64decode(os.environ["HUSH_RUN_SECRETS"]))["db"]["values"]["password"])'],
      { env: { PATH: process.env.PATH, HUSH_RUN_SECRETS: encodeRunSecrets([db]) }, encoding: "utf8" },
    );
    expect(out).toBe(db.values.password);
  });
});
