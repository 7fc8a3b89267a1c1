// The example workspace (.secrets.example, `npm run demo`): its committed,
// really encrypted secrets open with the demo key, and train.py receives them
// through hush with every value masked in its output.
import { spawnSync } from "node:child_process";
import { chmodSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { decryptSops } from "sops-age";
import { beforeAll, describe, expect, it } from "vitest";
import { hush } from "../helpers/cli.js";
import { tempDir } from "../helpers/tmp.js";

const WORKSPACE = join(import.meta.dirname, "../../.secrets.example");
const env = { SOPS_AGE_KEY_FILE: join(WORKSPACE, "DEMO-ONLY-age-key.txt") };
// The demo's values (public, like its key): none may show in the output.
const DEMO_VALUES = [
  "trainer",
  "demo-pg-password-7f3a",
  "demo-wandb-key-1c9e5b",
  "demo-mlflow-token-alice-42",
  "hf_demoAliceToken123",
  "demo-mlflow-token-bob-77",
];

describe("the example workspace", () => {
  // git checks the key out 0644; hush warns about a key file others can read, as ssh does (the demo script chmods it too).
  beforeAll(() => chmodSync(env.SOPS_AGE_KEY_FILE, 0o600));

  it("runs train.py with all three sources, every value masked", () => {
    const r = hush(["run", "--with-secrets", "--env-file", ".env.hush", "--", "python3", "train.py"], { cwd: WORKSPACE, env });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("MLFLOW_TRACKING_URI    = https://mlflow.example.internal");
    for (const v of ["MLFLOW_TRACKING_TOKEN", "DATABASE_URL", "WANDB_API_KEY", "HF_TOKEN"]) expect(r.stdout).toMatch(new RegExp(`${v} += \\*{5}\\n`));
    expect(r.stdout).toContain("TRAINING_SEED          = 42");
    expect(r.stdout).toContain("tracker: mlflow at https://mlflow.example.internal, token *****");
    expect(r.stdout).toContain("user=***** password=*****");
    expect(r.stdout).toContain("password length: 21 characters");
    for (const v of DEMO_VALUES) expect(r.stdout).not.toContain(v);
  });

  it("is what `npm run demo` runs (the script in package.json, after its build)", () => {
    const script = (JSON.parse(readFileSync(join(WORKSPACE, "../package.json"), "utf8")) as { scripts: { demo: string } }).scripts.demo;
    const command = script.replace(/^npm run build && /, "");
    expect(command).not.toBe(script);
    const r = spawnSync("sh", ["-c", command], {
      cwd: join(WORKSPACE, ".."),
      encoding: "utf8",
      env: { PATH: process.env.PATH ?? "", HOME: tempDir("hush-home-") },
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("WANDB_API_KEY          = *****");
    expect(r.stdout).toContain("done");
  });

  it("warns, before the child's output, when the key file is readable by others", () => {
    chmodSync(env.SOPS_AGE_KEY_FILE, 0o644);
    try {
      const r = hush(["run", "--with-secrets", "--", "sh", "-c", "echo started"], { cwd: WORKSPACE, env });
      expect(r.status).toBe(0);
      expect(r.stderr).toMatch(/^hush: warning: key file .*DEMO-ONLY-age-key\.txt is readable by others; run chmod 600 /);
      expect(r.stdout).toBe("started\n");
    } finally {
      chmodSync(env.SOPS_AGE_KEY_FILE, 0o600);
    }
    expect(statSync(env.SOPS_AGE_KEY_FILE).mode & 0o777).toBe(0o600);
  });

  it("resolves alice's own mlflow secret, never bob's", () => {
    const py = 'import json,os; print(json.load(open(os.environ["HUSH_RUN_SECRETS_FILE"]))["mlflow"]["values"]["tracking_token"])';
    const r = hush(["run", "--no-mask", "--with-secrets", "mlflow", "--", "python3", "-c", py], { cwd: WORKSPACE, env });
    expect(r.stdout).toBe("demo-mlflow-token-alice-42\n");
  });

  it("--as bob resolves bob's own secret, which alice's key cannot open (exit 125, nothing started)", () => {
    const r = hush(["run", "--as", "bob", "--with-secrets", "mlflow", "--", "sh", "-c", "echo started"], { cwd: WORKSPACE, env });
    expect(r.status).toBe(125);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("secrets/users/bob/mlflow.yaml");
    for (const v of DEMO_VALUES) expect(r.stderr).not.toContain(v);
  });

  it("holds real sops files: an independent decoder (sops-age) opens them with the demo key", async () => {
    const key = /AGE-SECRET-KEY-1\S+/.exec(readFileSync(env.SOPS_AGE_KEY_FILE, "utf8"))?.[0];
    const open = (file: string) => decryptSops(readFileSync(join(WORKSPACE, file), "utf8"), { secretKey: key, fileType: "yaml" });
    expect(await open("secrets/shared/postgres.yaml")).toEqual({ user: "trainer", password: "demo-pg-password-7f3a" });
    expect(await open("secrets/users/alice/mlflow.yaml")).toEqual({ tracking_token: "demo-mlflow-token-alice-42" });
    await expect(open("secrets/users/bob/mlflow.yaml")).rejects.toThrow();
  });
});
