// Commits through a real git pre-commit hook installed by `hush hook install`
// (build first: `npx tsc -p .`). Secret files are sops-shaped; the default
// level reads no private key, and no SOPS_AGE_* is set here at all.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { hush, hushOnPath } from "../helpers/cli.js";
import { git, gitRepo } from "../helpers/git.js";
import { ALICE, DAVE } from "../helpers/keys.js";
import { ALL, HUSH_YAML, hushRepo } from "../unit/check/repo.js";
import { sopsText } from "../unit/check/sops-text.js";

/** `git commit` as a user would run it: the hook's output and status. */
function commit(dir: string, message = "change", path = `${hushOnPath()}:${process.env.PATH}`): { status: number | null; output: string } {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(SOPS_|HUSH_|GIT_)/.test(k)) env[k] = v;
  const r = spawnSync("git", ["commit", "-q", "-m", message], { cwd: dir, env: { ...env, PATH: path, GIT_CONFIG_NOSYSTEM: "1" }, encoding: "utf8" });
  return { status: r.status, output: r.stdout + r.stderr };
}

const head = (dir: string): string => git(dir, "rev-parse", "HEAD").trim();

describe("the pre-commit hook", () => {
  let dir: string;
  let base: string;
  beforeEach(() => {
    dir = hushRepo();
    const installed = hush(["hook", "install"], { cwd: dir });
    expect(installed.status).toBe(0);
    expect(installed.stdout).toMatch(/installed .*\.git\/hooks\/pre-commit: runs .*check --staged/);
    git(dir, "add", "-A");
    const first = commit(dir, "init");
    expect(first.output).toMatch(/^ok: 2 staged secret files, 1 stacks \(3 references at SECRET_AND_KEY_EXISTS\), 4 files searched for age keys\n$/);
    expect(first.status).toBe(0);
    base = head(dir);
  });

  it("lets a clean commit through", () => {
    writeFileSync(join(dir, "secrets/shared/db.yaml"), sopsText(["user", "password"], { recipients: ALL }));
    writeFileSync(join(dir, "stacks/prod.yaml"), readFileSync(join(dir, "stacks/prod.yaml"), "utf8") + '  DB: "{{db.password}}"\n');
    git(dir, "add", "-A");
    expect(commit(dir)).toEqual({ status: 0, output: expect.stringMatching(/^ok: 1 staged secret files, 1 stacks \(4 references/) });
    expect(head(dir)).not.toBe(base);
  });

  it("lets real secrets written by hush through, and refuses one decrypted in place", () => {
    const created = hush(["secret", "create", "db", "--user=admin", "--password=hunter2", "--scope", "shared"], { cwd: dir });
    expect(created.status).toBe(0);
    writeFileSync(join(dir, "stacks/prod.yaml"), readFileSync(join(dir, "stacks/prod.yaml"), "utf8") + '  DB: "{{db.password}}"\n');
    git(dir, "add", "-A");
    expect(commit(dir)).toMatchObject({ status: 0 });
    const committed = head(dir);
    writeFileSync(
      join(dir, "secrets/shared/db.yaml"),
      readFileSync(join(dir, "secrets/shared/db.yaml"), "utf8").replace(/^password: ENC\[[^\]]*\]$/m, "password: hunter2"),
    );
    git(dir, "add", "-A");
    const r = commit(dir);
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(
      /^secrets\/shared\/db.yaml:2:1: plaintext value for key "password" in a secret file. a value written by hand stays in clear: remove the line and set it with `hush secret update NAME --KEY=...`/m,
    );
    expect(r.output).not.toContain("hunter2");
    expect(head(dir)).toBe(committed);
  });

  it("refuses a plaintext secret file, naming file and line", () => {
    writeFileSync(join(dir, "secrets/shared/db.yaml"), "user: admin\npassword: hunter2\n");
    git(dir, "add", "-A");
    const r = commit(dir);
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(
      /^secrets\/shared\/db.yaml:2:1: plaintext value for key "password" in a secret file. a value written by hand stays in clear: remove the line and set it with `hush secret update NAME --KEY=...`/m,
    );
    expect(r.output).toMatch(/^secrets\/shared\/db.yaml:1:1: not encrypted/m);
    expect(r.output).toMatch(/the commit was refused/);
    expect(r.output).not.toMatch(/hunter2|admin/);
    expect(head(dir)).toBe(base);
  });

  it("refuses a stale recipient, naming the users", () => {
    writeFileSync(join(dir, "secrets/shared/db.yaml"), sopsText(["password"], { recipients: [ALICE.recipient, DAVE.recipient] }));
    git(dir, "add", "-A");
    const r = commit(dir);
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(
      /^secrets\/shared\/db.yaml:4:1: recipients differ from .hush.yaml: missing bob \(.*\), ci \(.*\); should not be there: unknown recipient age1a5975xez/m,
    );
    expect(head(dir)).toBe(base);
  });

  it("refuses a broken reference, with line, column and a suggestion", () => {
    writeFileSync(join(dir, "stacks/prod.yaml"), 'env:\n  DB: "postgres://{{mlflow.username}}:{{mlflow.pasword}}@h/db"\n');
    git(dir, "add", "-A");
    const r = commit(dir);
    expect(r.status).not.toBe(0);
    expect(r.output).toContain('stacks/prod.yaml:2:39: secret "mlflow" has no key "pasword" (keys: password, username). did you mean "password"?');
    expect(head(dir)).toBe(base);
  });

  it("refuses a staged age identity without printing it", () => {
    writeFileSync(join(dir, "keys.txt"), `# public key: ${ALICE.recipient}\n${ALICE.identity}\n`);
    git(dir, "add", "keys.txt");
    const r = commit(dir);
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/^keys.txt:2:1: contains an age secret key/m);
    expect(r.output).not.toContain(ALICE.identity.slice(16, 40));
    expect(head(dir)).toBe(base);
  });

  it("refuses a secret file with conflict markers", () => {
    writeFileSync(join(dir, "secrets/shared/mlflow.yaml"), "<<<<<<< ours\npassword: a\n=======\npassword: b\n>>>>>>> theirs\n");
    git(dir, "add", "-A");
    const r = commit(dir);
    expect(r.output).toMatch(/^secrets\/shared\/mlflow.yaml:1:1: contains merge-conflict markers/m);
    expect(head(dir)).toBe(base);
  });

  it("refuses a symbolic link under secrets/ without reading through it", () => {
    // The link points at a valid secret file: only the link itself is wrong.
    symlinkSync("mlflow.yaml", join(dir, "secrets/shared/alias.yaml"));
    git(dir, "add", "-A");
    const r = commit(dir);
    expect(r.output).toMatch(/^secrets\/shared\/alias.yaml:1:1: a symbolic link; hush refuses symlinks under the secrets directory/m);
    expect(head(dir)).toBe(base);
  });

  it("judges `git commit -a` by the index being committed", () => {
    writeFileSync(join(dir, "secrets/shared/mlflow.yaml"), "password: oops\n");
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(SOPS_|HUSH_|GIT_)/.test(k)) env[k] = v;
    const r = spawnSync("git", ["commit", "-q", "-a", "-m", "all"], {
      cwd: dir,
      env: { ...env, PATH: `${hushOnPath()}:${process.env.PATH}` },
      encoding: "utf8",
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/secrets\/shared\/mlflow.yaml:1:1: plaintext value for key "password"/);
    expect(head(dir)).toBe(base);
  });
});

describe("hush hook install", () => {
  it("refuses a foreign hook (exit 1, HOOK_EXISTS) unless --force", () => {
    const dir = hushRepo();
    writeFileSync(join(dir, ".git/hooks/pre-commit"), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
    const r = hush(["hook", "install"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/pre-commit: a pre-commit hook hush did not write is already there\. add `hush check --staged` to it yourself, or pass --force/);
    const forced = hush(["hook", "install", "--force"], { cwd: dir });
    expect(forced.status).toBe(0);
    expect(forced.stdout).toMatch(/replaced a foreign hook: --force; kept as .*pre-commit\.hush-replaced/);
    expect(readFileSync(join(dir, ".git/hooks/pre-commit.hush-replaced"), "utf8")).toBe("#!/bin/sh\nexit 0\n");
  });

  it("a hush root in a subdirectory (a monorepo): the hook checks it there", () => {
    const top = gitRepo({
      "README.md": "monorepo\n",
      "infra/.hush.yaml": HUSH_YAML,
      "infra/secrets/shared/mlflow.yaml": sopsText(["username", "password"], { recipients: ALL }),
    });
    const installed = hush(["hook", "install"], { cwd: join(top, "infra") });
    expect(installed.stdout).toMatch(/runs .* -C infra check --staged/);
    git(top, "add", "-A");
    expect(commit(top, "init")).toMatchObject({ status: 0, output: expect.stringMatching(/^ok: 1 staged secret files/) });
    writeFileSync(join(top, "infra/secrets/shared/plain.yaml"), "token: abc\n");
    git(top, "add", "-A");
    expect(commit(top).output).toMatch(/^secrets\/shared\/plain.yaml:1:1: /m);
    git(top, "rm", "-q", "--cached", "infra/secrets/shared/plain.yaml");
    // An age identity staged outside the hush root is refused too (rule 4 covers every file being committed).
    writeFileSync(join(top, "keys.txt"), `${DAVE.identity}\n`);
    git(top, "add", "keys.txt");
    writeFileSync(join(top, "keys.txt"), "gone from the working tree, still in the index\n");
    const r = commit(top);
    expect(r.output).toMatch(/^\.\.\/keys.txt:1:1: contains an age secret key/m);
    expect(r.output).not.toContain(DAVE.identity);
  });

  it("finds hush on PATH, else in the project's node_modules/.bin, else says how to install it; no absolute path of this machine is written", () => {
    const dir = hushRepo();
    git(dir, "config", "core.hooksPath", ".githooks");
    expect(hush(["hook", "install"], { cwd: dir }).status).toBe(0);
    const script = readFileSync(join(dir, ".githooks/pre-commit"), "utf8");
    // The hooks directory is committed and shared: nothing in it may point into this machine.
    expect(script).not.toContain(process.execPath);
    expect(script).not.toContain(dir);
    git(dir, "add", "-A");
    const noHushPath = "/usr/bin:/bin";
    const missing = commit(dir, "init", noHushPath);
    expect(missing.status).toBe(1);
    expect(missing.output).toMatch(
      /^hush pre-commit hook: hush is not installed here \(not on PATH, not in node_modules\/\.bin\): install it \(npm install --save-dev hush-secrets/m,
    );
    expect(git(dir, "rev-list", "--all")).toBe("");
    // As `npm install --save-dev hush-secrets` leaves it: node_modules/.bin/hush.
    mkdirSync(join(dir, "node_modules/.bin"), { recursive: true });
    writeFileSync(join(dir, "node_modules/.bin/hush"), readFileSync(join(hushOnPath(), "hush")), { mode: 0o755 });
    writeFileSync(join(dir, ".gitignore"), "node_modules/\n");
    git(dir, "add", "-A");
    expect(commit(dir, "init", noHushPath)).toMatchObject({ status: 0, output: expect.stringMatching(/^ok: 2 staged secret files/) });
  });

  it("hook uninstall removes hush's hook and puts back the one --force replaced; a foreign hook stays", () => {
    const dir = hushRepo();
    const hookFile = join(dir, ".git/hooks/pre-commit");
    writeFileSync(hookFile, "#!/bin/sh\nexit 0\n", { mode: 0o755 });
    expect(hush(["hook", "uninstall"], { cwd: dir })).toMatchObject({
      status: 1,
      stderr: expect.stringMatching(/pre-commit: the pre-commit hook there is not hush's; it was left as it is/),
    });
    expect(hush(["hook", "install", "--force"], { cwd: dir }).status).toBe(0);
    expect(readFileSync(hookFile, "utf8")).toContain("hush check");
    const r = hush(["hook", "uninstall"], { cwd: dir });
    expect(r).toMatchObject({ status: 0, stdout: expect.stringMatching(/^removed .*pre-commit \(restored the hook it had replaced\)\n$/) });
    expect(readFileSync(hookFile, "utf8")).toBe("#!/bin/sh\nexit 0\n");
    rmSync(hookFile);
    expect(hush(["hook", "install"], { cwd: dir }).status).toBe(0);
    expect(hush(["hook", "uninstall"], { cwd: dir })).toMatchObject({ status: 0, stdout: expect.stringMatching(/^removed /) });
    expect(existsSync(hookFile)).toBe(false);
    expect(hush(["hook", "uninstall"], { cwd: dir })).toMatchObject({ status: 0, stdout: expect.stringMatching(/^no pre-commit hook at /) });
  });

  it("honours core.hooksPath", () => {
    const dir = hushRepo();
    git(dir, "config", "core.hooksPath", "hooks");
    expect(hush(["hook", "install"], { cwd: dir }).stdout).toContain(join(dir, "hooks/pre-commit"));
    writeFileSync(join(dir, "oops.txt"), ALICE.identity);
    git(dir, "add", "-A");
    expect(commit(dir).output).toMatch(/oops.txt:1:1: contains an age secret key/);
  });
});
