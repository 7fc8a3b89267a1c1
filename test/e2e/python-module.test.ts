// python/hush_secrets.py (shipped in the package) with the system python3:
// get_secret(name), get_secret(name, key) and stack_config() inside a real
// `hush run`, in a grandchild too, and its one-line errors outside a run.
import { spawnSync } from "node:child_process";
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hush } from "../helpers/cli.js";
import { gitRepo } from "../helpers/git.js";
import { ALICE } from "../helpers/keys.js";

const MODULE_DIR = join(import.meta.dirname, "../../python");
const ENV = { SOPS_AGE_KEY: ALICE.identity, PYTHONPATH: MODULE_DIR };

function repo(): string {
  const dir = gitRepo({
    ".hush.yaml": `version: 1\nusers:\n  alice: { recipients: [${ALICE.recipient}] }\nshared:\n  readers: ["*"]\n`,
    "stacks/default.yaml": 'components:\n  tracker:\n    uri: "https://mlflow.example/{{mlflow.user}}"\nenv: {}\n',
    "job.py": [
      "from hush_secrets import get_secret, stack_config, in_run",
      "import json",
      "print(json.dumps({'in_run': in_run(), 'pg': get_secret('postgres'), 'pw_len': len(get_secret('postgres', 'password')), 'tracker': stack_config()['components']['tracker']}))",
    ].join("\n"),
  });
  expect(hush(["secret", "create", "postgres", "--user=trainer", "--password=pg-pass-1234", "--scope", "shared"], { cwd: dir, env: ENV }).status).toBe(0);
  expect(hush(["secret", "create", "mlflow", "--user=tracker-user"], { cwd: dir, env: ENV }).status).toBe(0);
  return dir;
}

describe("python/hush_secrets.py", () => {
  it("reads the run's secrets and stack config, in the child and in a grandchild", () => {
    const dir = repo();
    for (const command of [
      ["python3", "job.py"],
      ["sh", "-c", "python3 job.py"],
    ]) {
      const r = hush(["run", "--no-mask", "--with-secrets", "postgres", "--", ...command], { cwd: dir, env: ENV });
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual({
        in_run: true,
        pg: { user: "trainer", password: "pg-pass-1234" },
        pw_len: 12,
        tracker: { uri: "https://mlflow.example/tracker-user" },
      });
    }
  });

  it("a secret or key the run did not read: one line naming it and what the run has, never a value", () => {
    const dir = repo();
    writeFileSync(join(dir, "missing.py"), "from hush_secrets import get_secret\nget_secret('postgres', 'nokey')\n");
    const r = hush(["run", "--with-secrets", "postgres", "--", "python3", "missing.py"], { cwd: dir, env: ENV });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('hush_secrets.HushSecretError: secret "postgres" has no key "nokey" in this run (keys: password, user)');
    expect(r.stderr).not.toContain("pg-pass-1234");
    writeFileSync(join(dir, "other.py"), "from hush_secrets import get_secret\nget_secret('redis')\n");
    const other = hush(["run", "--with-secrets", "postgres", "--", "python3", "other.py"], { cwd: dir, env: ENV });
    expect(other.stderr).toContain('secret "redis" is not in this run (it has: mlflow, postgres); name it in --with-secrets');
  });

  it("outside a run, and a run file that is not private, are refused", () => {
    const dir = repo();
    const outside = spawnSync("python3", ["-c", "from hush_secrets import get_secret, in_run\nprint(in_run())\nget_secret('postgres')"], {
      cwd: dir,
      env: { PATH: process.env.PATH, PYTHONPATH: MODULE_DIR },
      encoding: "utf8",
    });
    expect(outside.stdout).toBe("False\n");
    expect(outside.stderr).toContain("HUSH_RUN_SECRETS_FILE is not set: start this job with `hush run --with-secrets -- ...`");
    const planted = join(dir, "planted.json");
    writeFileSync(planted, JSON.stringify({ postgres: { scope: "shared", values: { password: "attacker" } } }));
    chmodSync(planted, 0o644);
    const r = spawnSync("python3", ["-c", "from hush_secrets import get_secret\nget_secret('postgres')"], {
      cwd: dir,
      env: { PATH: process.env.PATH, PYTHONPATH: MODULE_DIR, HUSH_RUN_SECRETS_FILE: planted },
      encoding: "utf8",
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("is not a private file of yours (owner or mode); not trusted");
  });
});
