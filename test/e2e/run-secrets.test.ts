// `hush run` with real encrypted secrets: a workspace made with the built CLI
// (`hush secret create`, real age encryption), alice's test key passed in
// SOPS_AGE_KEY, real node/sh/python3 children.
import { execFileSync, spawnSync } from "node:child_process";
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { hush, hushOk } from "../helpers/cli.js";
import { gitRepo } from "../helpers/git.js";
import { writeTree } from "../helpers/tmp.js";
import { ALICE, BOB } from "../helpers/keys.js";

const FIXTURES = join(import.meta.dirname, "../fixtures");
const node = process.execPath;
const SECRETS = { user: "trainer", password: "pg-Pa55word-42", token: "mlf-token-9f8e7d", wandb: "wandb-key-0123456789" };
const ALL_VALUES = Object.values(SECRETS);
const env = { SOPS_AGE_KEY: ALICE.identity };

let cwd: string;
beforeEach(() => {
  cwd = gitRepo({
    ".hush.yaml": `version: 1\ndefault_scope: user\nusers:\n  alice: { recipients: [${ALICE.recipient}] }\n  bob: { recipients: [${BOB.recipient}] }\nshared:\n  readers: ["*"]\n`,
    "stacks/default.yaml": [
      "components:",
      "  tracker:",
      "    flavor: mlflow",
      "    tracking_uri: http://mlflow.local",
      '    tracking_token: "{{mlflow.token}}"',
      "env:",
      '  DATABASE_URL: "postgresql://{{postgres.user}}:{{postgres.password}}@db/features"',
      '  MLFLOW_TRACKING_TOKEN: "{{mlflow.token}}"',
      "",
    ].join("\n"),
    ".env.hush": "# env file\nexport WANDB_API_KEY={{wandb.api_key}}\nSEED=42\n",
  });
  const create = (args: string[]) => hushOk(["secret", "create", ...args], { cwd, env });
  create(["postgres", `--user=${SECRETS.user}`, `--password=${SECRETS.password}`, "--scope", "shared"]);
  create(["mlflow", `--token=${SECRETS.token}`]);
  create(["wandb", `--api_key=${SECRETS.wandb}`, "--scope", "shared"]);
});

const printEnv = (...names: string[]) => [node, join(FIXTURES, "print-env.js"), ...names];

/** The canary: no secret value in anything hush itself says. */
function expectNoValueIn(text: string): void {
  for (const v of ALL_VALUES) expect(text).not.toContain(v);
}

describe("hush run --with-secrets (real secrets)", () => {
  it("exports the stack's env, NAME_KEY of named secrets and the env file", () => {
    const r = hush(
      [
        "run",
        "--no-mask",
        "--with-secrets",
        "postgres",
        "--stack",
        "default",
        "--env-file",
        ".env.hush",
        "--",
        ...printEnv("DATABASE_URL", "MLFLOW_TRACKING_TOKEN", "POSTGRES_USER", "POSTGRES_PASSWORD", "WANDB_API_KEY", "SEED"),
      ],
      { cwd, env },
    );
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      DATABASE_URL: `postgresql://${SECRETS.user}:${SECRETS.password}@db/features`,
      MLFLOW_TRACKING_TOKEN: SECRETS.token,
      POSTGRES_USER: SECRETS.user,
      POSTGRES_PASSWORD: SECRETS.password,
      WANDB_API_KEY: SECRETS.wandb,
      SEED: "42",
    });
  });

  it("--with-secrets alone uses the default stack's env map only", () => {
    const r = hush(["run", "--no-mask", "--with-secrets", "--", ...printEnv("MLFLOW_TRACKING_TOKEN", "POSTGRES_PASSWORD")], { cwd, env });
    expect(JSON.parse(r.stdout)).toEqual({ MLFLOW_TRACKING_TOKEN: SECRETS.token, POSTGRES_PASSWORD: null });
  });

  it("masks every exported value in stdout and stderr", () => {
    const script = 'console.log(process.env.DATABASE_URL, process.env.MLFLOW_TRACKING_TOKEN); console.error("err", process.env.POSTGRES_PASSWORD)';
    const r = hush(["run", "--with-secrets", "postgres", "--stack", "default", "--", node, "-e", script], { cwd, env });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("***** *****\n");
    expect(r.stderr).toBe("err *****\n");
  });

  it("masks a value the child writes one byte at a time", () => {
    const r = hush(["run", "--with-secrets", "--", node, join(FIXTURES, "drip.js"), "$MLFLOW_TRACKING_TOKEN"], { cwd, env });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("[*****]");
  });

  it("hands the child a resolved 0600 stack config and removes it afterwards", () => {
    const r = hush(["run", "--no-mask", "--with-secrets", "--", node, join(FIXTURES, "stack-config.js")], { cwd, env });
    const info = JSON.parse(r.stdout) as { path: string; mode: string; content: { components: { tracker: Record<string, string> } } };
    expect(info.mode).toBe("600");
    expect(info.content.components.tracker).toEqual({ flavor: "mlflow", tracking_uri: "http://mlflow.local", tracking_token: SECRETS.token });
    expect(() => readFileSync(info.path)).toThrow();
  });

  it("gives getSecret what the run decrypted: whole named secrets, only referenced keys of the others", () => {
    const py = 'import json,os; print(json.dumps(json.load(open(os.environ["HUSH_RUN_SECRETS_FILE"]))))';
    const r = hush(["run", "--no-mask", "--with-secrets", "wandb", "--stack", "default", "--", "python3", "-c", py], { cwd, env });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      wandb: { scope: "shared", values: { api_key: SECRETS.wandb } },
      postgres: { scope: "shared", values: { user: SECRETS.user, password: SECRETS.password } },
      mlflow: { scope: "user", values: { token: SECRETS.token } },
    });
  });

  it("decrypts only the referenced secrets: a broken unrelated secret does not matter", () => {
    writeTree(cwd, { "secrets/shared/unrelated.yaml": "key: ENC[AES256_GCM,data:AAAA,iv:AAAA,tag:AAAA,type:str]\nsops:\n  mac: broken\n" });
    const r = hush(["run", "--with-secrets", "--", "true"], { cwd, env });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("warns when a secret replaces a parent variable, naming it, never the value; --keep-env keeps the parent's", () => {
    const parent = { ...env, MLFLOW_TRACKING_TOKEN: "parent-own-value" };
    const replaced = hush(["run", "--no-mask", "--with-secrets", "--", ...printEnv("MLFLOW_TRACKING_TOKEN")], { cwd, env: parent });
    expect(JSON.parse(replaced.stdout)).toEqual({ MLFLOW_TRACKING_TOKEN: SECRETS.token });
    expect(replaced.stderr).toContain("warning: MLFLOW_TRACKING_TOKEN");
    expect(replaced.stderr).not.toContain("parent-own-value");
    expectNoValueIn(replaced.stderr);
    const kept = hush(["run", "--no-mask", "--keep-env", "--with-secrets", "--", ...printEnv("MLFLOW_TRACKING_TOKEN")], { cwd, env: parent });
    expect(JSON.parse(kept.stdout)).toEqual({ MLFLOW_TRACKING_TOKEN: "parent-own-value" });
  });

  it("refuses two exports of one variable (ENV_CLASH, exit 125) naming both", () => {
    for (const [name, key, value] of [
      ["api-token", "x", "x-value-1234"],
      ["api", "token_x", "y-value-5678"],
    ] as const) {
      expect(hush(["secret", "create", name, `--${key}=${value}`, "--scope", "shared"], { cwd, env }).status).toBe(0);
    }
    const r = hush(["run", "--with-secrets", "api-token,api", "--", "sh", "-c", "echo started"], { cwd, env });
    expect(r.status).toBe(125);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("API_TOKEN_X");
    expect(r.stderr).toContain("--with-secrets api-token (key x)");
    expect(r.stderr).toContain("--with-secrets api (key token_x)");
    expect(r.stderr).not.toContain("y-value-5678");
    expect(r.stderr).not.toContain("value-1234");
  });

  it("reports every unresolved reference with its place and starts nothing (exit 125)", () => {
    appendFileSync(join(cwd, "stacks/default.yaml"), '  BROKEN: "{{postgres.pasword}} {{nosuch.key}}"\n');
    const r = hush(["run", "--with-secrets", "--", "sh", "-c", "echo started"], { cwd, env });
    expect(r.status).toBe(125);
    expect(r.stdout).toBe("");
    // The place stack validate gives: the column of the `{{`.
    expect(r.stderr).toContain('stacks/default.yaml:9:12: secret "postgres" has no key "pasword"');
    expect(r.stderr).toContain('secret "nosuch" not found');
    expectNoValueIn(r.stderr);
  });

  it("fails before starting the child when no identity can decrypt (exit 125)", () => {
    const r = hush(["run", "--with-secrets", "--", "sh", "-c", "echo started"], { cwd, env: { SOPS_AGE_KEY: BOB.identity, HUSH_USER: "alice" } });
    expect(r.status).toBe(125);
    expect(r.stdout).toBe("");
    expectNoValueIn(r.stderr);
  });

  it("takes --cwd for the workspace and an absolute --env-file path", () => {
    // (A relative --env-file with --cwd meets a Node 20 bug: node itself checks every
    // `--env-file F` in argv against the shell's directory and exits 9 when F is not there.)
    writeFileSync(join(cwd, "other.env"), "ONLY={{postgres.user}}\n");
    const r = hush(["--cwd", cwd, "run", "--no-mask", "--env-file", join(cwd, "other.env"), "--", ...printEnv("ONLY", "HUSH_STACK_CONFIG")], {
      cwd: FIXTURES,
      env,
    });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual({ ONLY: SECRETS.user, HUSH_STACK_CONFIG: null });
  });

  it("leaves no value on disk: only the run's 0600 stack.json and secrets.json exist during the run, nothing after", () => {
    const tmp = mkdtempSync(join(tmpdir(), "hush-canary-"));
    const list = `${node} -e 'const fs=require("fs"),p=require("path");const walk=(d)=>fs.readdirSync(d).flatMap((f)=>fs.statSync(p.join(d,f)).isDirectory()?walk(p.join(d,f)):[p.relative(process.argv[1],p.join(d,f))]);console.log(JSON.stringify(walk(process.argv[1])))' ${tmp}`;
    const r = hush(["run", "--no-mask", "--with-secrets", "postgres", "--env-file", ".env.hush", "--", "sh", "-c", list], {
      cwd,
      env: { ...env, HUSH_TMPDIR: tmp },
    });
    expect(r.status).toBe(0);
    const during = (JSON.parse(r.stdout) as string[]).sort();
    expect(during).toHaveLength(2);
    expect(during[0]).toMatch(/^hush-run-\d+-[^/]+\/secrets\.json$/);
    expect(during[1]).toBe(during[0]!.replace("secrets.json", "stack.json"));
    expect(readdirSync(tmp)).toEqual([]);
    // Nothing in the workspace holds a value either.
    const files = execFileSync("git", ["ls-files", "-o", "-c"], { cwd, encoding: "utf8" }).trim().split("\n");
    for (const f of files) expectNoValueIn(readFileSync(join(cwd, f), "utf8"));
    rmSync(tmp, { recursive: true, force: true });
  });
});

describe("what the child gets for in-run getSecret", () => {
  it("is the path of a 0600 file, not the values: HUSH_RUN_SECRETS is gone", () => {
    const r = hush(["run", "--no-mask", "--with-secrets", "postgres", "--", ...printEnv("HUSH_RUN_SECRETS", "HUSH_RUN_SECRETS_FILE")], { cwd, env });
    expect(r.status).toBe(0);
    const got = JSON.parse(r.stdout) as { HUSH_RUN_SECRETS: string | null; HUSH_RUN_SECRETS_FILE: string };
    expect(got.HUSH_RUN_SECRETS).toBeNull();
    expect(got.HUSH_RUN_SECRETS_FILE).toMatch(/\/hush-run-\d+-[A-Za-z0-9]{6}\/secrets\.json$/);
    expectNoValueIn(r.stdout);
  });
});

describe("the library's getSecret inside and outside a run", () => {
  const lib = join(import.meta.dirname, "../../dist/index.js");
  // The child drops the age key from its own environment first: inside the run it needs none.
  const script = `delete process.env.SOPS_AGE_KEY; const { getSecret } = await import(${JSON.stringify(lib)}); const s = await getSecret("postgres"); console.log(JSON.stringify({ scope: s.scope, n: s.values.password.length, same: s.values.password === process.env.POSTGRES_PASSWORD }));`;

  it("inside hush run: returns what the run decrypted, with no age identity", () => {
    const r = hush(["run", "--with-secrets", "postgres", "--", node, "--input-type=module", "-e", script], { cwd, env });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ scope: "shared", n: SECRETS.password.length, same: true });
  });

  it("outside a run without a key: the repository's error, one line; with the key it decrypts", () => {
    const bare = spawnSync(node, ["--input-type=module", "-e", script], { cwd, env: { PATH: process.env.PATH ?? "", HOME: cwd }, encoding: "utf8" });
    expect(bare.status).not.toBe(0);
    expect(bare.stderr).toMatch(/NO_IDENTITY|no age identity/);
    const keyed = spawnSync(node, ["--input-type=module", "-e", script.replace("delete process.env.SOPS_AGE_KEY; ", "")], {
      cwd,
      env: { PATH: process.env.PATH ?? "", HOME: cwd, ...env },
      encoding: "utf8",
    });
    expect(keyed.stderr).toBe("");
    expect(JSON.parse(keyed.stdout)).toMatchObject({ scope: "shared", n: SECRETS.password.length });
  });
});
