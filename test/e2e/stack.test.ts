// `hush stack validate|resolve` through bin/hush.js (build first: `npx tsc -p .`),
// on sops-shaped files: none of this needs a private key.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hush } from "../helpers/cli.js";
import { hushRepo } from "../unit/check/repo.js";

describe("hush stack validate", () => {
  it("passes at the default level with no private key anywhere (user from git email)", () => {
    const r = hush(["stack", "validate"], { cwd: hushRepo() });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("ok: 1 stack valid at SECRET_AND_KEY_EXISTS (as alice)\n");
    expect(r.status).toBe(0);
  });

  it("prints every problem at once as file:line:col, exit 3", () => {
    const dir = hushRepo({
      "stacks/prod.yaml":
        'components:\n  t:\n    flavor: mlflow\n    password: "{{mlflow.pasword}}"\n    user: "{{mlfow.username}}"\nenv:\n  X: "{{x}}"\n  Y: 3\n',
    });
    const r = hush(["stack", "validate", "prod"], { cwd: dir });
    expect(r.status).toBe(3);
    expect(r.stderr.split("\n")).toEqual([
      'stacks/prod.yaml:4:16: secret "mlflow" has no key "pasword" (keys: password, username). did you mean "password"?',
      `stacks/prod.yaml:5:12: secret "mlfow" not found in alice's scope or the shared scope. did you mean "mlflow"?`,
      "stacks/prod.yaml:7:7: reference `{{x}}` has no key: write `{{x.key}}`",
      "stacks/prod.yaml:8:6: env.Y must be a string",
      "hush: stack validation failed: 4 problems in 1 file",
      "",
    ]);
  });

  it("takes the level from --level or HUSH_SECRET_VALIDATION_LEVEL and refuses an unknown one (exit 2)", () => {
    const dir = hushRepo({ "stacks/prod.yaml": 'env:\n  A: "{{mlflow.nokey}}"\n' });
    expect(hush(["stack", "validate"], { cwd: dir }).status).toBe(3);
    expect(hush(["stack", "validate", "--level", "SECRET_EXISTS"], { cwd: dir }).status).toBe(0);
    expect(hush(["stack", "validate"], { cwd: dir, env: { HUSH_SECRET_VALIDATION_LEVEL: "NONE" } }).stdout).toMatch(/valid at NONE/);
    const bad = hush(["stack", "validate", "--level", "ALL"], { cwd: dir });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('hush: unknown validation level "ALL" (from --level). use one of NONE, SECRET_EXISTS, SECRET_AND_KEY_EXISTS, DECRYPTABLE\n');
  });

  it("--all-users names the users a reference fails for; --json gives the report", () => {
    const r = hush(["stack", "validate", "--all-users", "--json"], { cwd: hushRepo() });
    expect(r.status).toBe(3);
    const report = JSON.parse(r.stdout) as { ok: boolean; users: string[]; problems: Array<{ line: number; message: string }> };
    expect(report.ok).toBe(false);
    expect(report.users).toEqual(["alice", "bob", "ci"]);
    expect(report.problems.map((p) => `${p.line} ${p.message}`)).toEqual([
      `7 secret "token" not found in bob's scope or the shared scope (as user bob)`,
      `7 secret "token" not found in ci's scope or the shared scope (as user ci)`,
    ]);
  });

  it("with no active user resolves the shared scope only, and says so", () => {
    const dir = hushRepo();
    writeFileSync(join(dir, ".hush.yaml"), readFileSync(join(dir, ".hush.yaml"), "utf8").replace("email: test@example.com", "email: other@example.com"));
    const r = hush(["stack", "validate"], { cwd: dir });
    expect(r.status).toBe(3);
    expect(r.stderr).toContain(
      'stacks/prod.yaml:7:11: secret "token" not found in the shared scope. it exists only in the scope of alice (set HUSH_USER or --as to check as a user)',
    );
    expect(hush(["--as", "alice", "stack", "validate"], { cwd: dir }).status).toBe(0);
    expect(hush(["stack", "validate"], { cwd: dir, env: { HUSH_USER: "alice" } }).status).toBe(0);
    // --as after the subcommand too, as for `hush secret ...`.
    expect(hush(["stack", "validate", "--as", "alice"], { cwd: dir }).status).toBe(0);
    expect(hush(["stack", "resolve", "prod", "--as", "alice"], { cwd: dir }).status).toBe(0);
    expect(hush(["check", "--as", "alice"], { cwd: dir }).status).toBe(0);
    expect(hush(["check", "--as", "bob"], { cwd: dir }).stderr).toContain(`secret "token" not found in bob's scope`);
  });

  it("names the stacks there are when one is missing", () => {
    const r = hush(["stack", "validate", "staging"], { cwd: hushRepo() });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('hush: stack "staging" not found in stacks/. stacks here: prod\n');
  });
});

describe("hush stack resolve", () => {
  it("fills references with ***** without --reveal, and needs no key", () => {
    const r = hush(["stack", "resolve", "prod"], { cwd: hushRepo() });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('components:\n  tracker:\n    flavor: mlflow\n    username: "*****"\n    password: "*****"\nenv:\n  TOKEN: "*****"\n');
    const json = JSON.parse(hush(["stack", "resolve", "prod", "--json"], { cwd: hushRepo() }).stdout) as {
      revealed: boolean;
      data: { env: { TOKEN: string } };
    };
    expect(json).toMatchObject({ revealed: false, user: "alice", data: { env: { TOKEN: "*****" } } });
  });

  it("without STACK resolves default_stack", () => {
    const r = hush(["stack", "resolve", "--json"], { cwd: hushRepo() });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ stack: "prod", data: { env: { TOKEN: "*****" } } });
  });

  it("refuses a stack with unresolved references (exit 3)", () => {
    const r = hush(["stack", "resolve", "prod"], { cwd: hushRepo({ "stacks/prod.yaml": 'env:\n  A: "{{nope.x}}"\n' }) });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^stacks\/prod.yaml:2:7: secret "nope" not found/);
  });
});
