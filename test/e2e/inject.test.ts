// `hush inject` (op inject's pattern): a text template rendered with the
// values, validated as a stack is, written 0600 or to stdout, never into a
// tracked file unless forced.
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hush } from "../helpers/cli.js";
import { git, gitRepo } from "../helpers/git.js";
import { ALICE, BOB } from "../helpers/keys.js";

const ALICE_ENV = { SOPS_AGE_KEY: ALICE.identity };
const TEMPLATE = `# app config
database:
  url: "postgres://{{db.user}}:{{ db.password }}@db:5432/app"
tracker_token: {{mlflow.token}}
jinja: "\\{{ left for the app }}"
`;

function repo(): string {
  const dir = gitRepo({
    ".hush.yaml": `version: 1\nusers:\n  alice: { recipients: [${ALICE.recipient}] }\n  bob: { recipients: [${BOB.recipient}] }\nshared:\n  readers: ["*"]\n`,
    "config.tpl.yaml": TEMPLATE,
    ".gitignore": "config.yaml\n",
  });
  expect(hush(["secret", "create", "db", "--user=app", "--password=s3cret-pass", "--scope", "shared"], { cwd: dir, env: ALICE_ENV }).status).toBe(0);
  expect(hush(["secret", "create", "mlflow", "--token=tok-alice-1234"], { cwd: dir, env: ALICE_ENV }).status).toBe(0);
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "setup");
  return dir;
}

const RENDERED = `# app config
database:
  url: "postgres://app:s3cret-pass@db:5432/app"
tracker_token: tok-alice-1234
jinja: "{{ left for the app }}"
`;

describe("hush inject", () => {
  it("renders to stdout byte for byte, escapes removed, the active user's own secret first", () => {
    const r = hush(["inject", "-i", "config.tpl.yaml"], { cwd: repo(), env: ALICE_ENV });
    expect(r).toMatchObject({ status: 0, stdout: RENDERED, stderr: "" });
  });

  it("-o writes a 0600 file atomically and says how many references it filled", () => {
    const dir = repo();
    const r = hush(["inject", "-i", "config.tpl.yaml", "-o", "config.yaml"], { cwd: dir, env: ALICE_ENV });
    expect(r).toMatchObject({ status: 0, stdout: "wrote config.yaml (0600): 3 references filled in\n" });
    expect(readFileSync(join(dir, "config.yaml"), "utf8")).toBe(RENDERED);
    expect(statSync(join(dir, "config.yaml")).mode & 0o777).toBe(0o600);
  });

  it("refuses to write into a tracked file unless --force; never over the template", () => {
    const dir = repo();
    writeFileSync(join(dir, "tracked.yaml"), "old\n");
    git(dir, "add", "-f", "tracked.yaml");
    const r = hush(["inject", "-i", "config.tpl.yaml", "-o", "tracked.yaml"], { cwd: dir, env: ALICE_ENV });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      "hush: tracked.yaml: tracked.yaml is tracked by git: the rendered values would be committed in clear. write to an untracked (and ignored) file, or pass --force\n",
    );
    expect(readFileSync(join(dir, "tracked.yaml"), "utf8")).toBe("old\n");
    expect(hush(["inject", "-i", "config.tpl.yaml", "-o", "tracked.yaml", "--force"], { cwd: dir, env: ALICE_ENV }).status).toBe(0);
    expect(readFileSync(join(dir, "tracked.yaml"), "utf8")).toBe(RENDERED);
    expect(hush(["inject", "-i", "config.tpl.yaml", "-o", "config.tpl.yaml"], { cwd: dir, env: ALICE_ENV })).toMatchObject({
      status: 2,
      stderr: expect.stringContaining("would overwrite the template"),
    });
  });

  it("every unresolved reference at once, placed in the template, exit 3, nothing written", () => {
    const dir = repo();
    writeFileSync(join(dir, "bad.tpl"), "a: {{db.pasword}}\nb: {{nope.x}}\nc: {{mlflow.token\n");
    const r = hush(["inject", "-i", "bad.tpl", "-o", "out.txt"], { cwd: dir, env: ALICE_ENV });
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('bad.tpl:1:4: secret "db" has no key "pasword" (keys: password, user). did you mean "password"?');
    expect(r.stderr).toMatch(/^bad\.tpl:2:4: secret "nope" not found/m);
    expect(r.stderr).toMatch(/^bad\.tpl:3:4: unbalanced braces/m);
    expect(r.stderr).not.toContain("s3cret-pass");
    expect(() => statSync(join(dir, "out.txt"))).toThrow();
  });

  it("bob cannot render alice's user-scope secret: the same explanation as a stack", () => {
    const r = hush(["inject", "-i", "config.tpl.yaml"], { cwd: repo(), env: { SOPS_AGE_KEY: BOB.identity } });
    expect(r.status).toBe(3);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/config\.tpl\.yaml:4:16: secret "mlflow" not found in bob's scope or the shared scope\. it exists only in the scope of alice/);
  });
});
