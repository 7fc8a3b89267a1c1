// The mistakes and small things of everyday use, through the CLI as a new
// user meets them: a forgotten `--`, exit statuses of hush's own refusals,
// errors as JSON, `hush version`, one rule for --as, and the ZenML variable.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hush, HUSH_BIN } from "../helpers/cli.js";
import { git, gitRepo } from "../helpers/git.js";
import { ALICE, BOB } from "../helpers/keys.js";

const ALICE_ENV = { SOPS_AGE_KEY: ALICE.identity };

function repo(): string {
  const dir = gitRepo({
    ".hush.yaml": `version: 1\nusers:\n  alice: { recipients: [${ALICE.recipient}] }\n  bob: { recipients: [${BOB.recipient}] }\nshared:\n  readers: ["*"]\n`,
    "stacks/default.yaml": 'env:\n  TOKEN: "{{api.token}}"\n',
  });
  expect(hush(["secret", "create", "api", "--token=tok-123456", "--scope", "shared"], { cwd: dir, env: ALICE_ENV }).status).toBe(0);
  return dir;
}

describe("a forgotten -- before the command", () => {
  it("`run --with-secrets python3 train.py` says so and prints the corrected line (exit 125, nothing run)", () => {
    const dir = repo();
    writeFileSync(join(dir, "train.py"), "print('ran')\n");
    const r = hush(["run", "--with-secrets", "python3", "train.py"], { cwd: dir, env: ALICE_ENV });
    expect(r.status).toBe(125);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe('hush: --with-secrets: "python3" is not a secret here: did you forget "--" before the command. run: hush run --with-secrets -- python3 train.py\n');
  });

  it("`... python3 -c '...'` too, where commander stops at the unknown -c", () => {
    const r = hush(["run", "--with-secrets", "python3", "-c", "print(1)"], { cwd: repo(), env: ALICE_ENV });
    expect(r.status).toBe(125);
    expect(r.stderr).toBe(`hush: unknown option '-c': did you forget "--" before the command. run: hush run --with-secrets -- python3 -c 'print(1)'\n`);
  });

  it("a real secret named like its command still works without --", () => {
    const dir = repo();
    expect(hush(["secret", "create", "env", "--x=value-1234", "--scope", "shared"], { cwd: dir, env: ALICE_ENV }).status).toBe(0);
    const r = hush(["run", "--with-secrets", "env", "printenv", "ENV_X"], { cwd: dir, env: ALICE_ENV });
    expect(r).toMatchObject({ status: 0, stdout: "*****\n" });
  });
});

describe("exit statuses of hush's own refusals", () => {
  it("`hush run --bogus -- true` is hush failing before the child: 125, as env and docker run", () => {
    const r = hush(["run", "--bogus", "--", "true"], { cwd: repo(), env: ALICE_ENV });
    expect(r).toMatchObject({ status: 125, stderr: "hush: unknown option '--bogus'\n" });
  });

  it("other commands keep 2 for a usage error", () => {
    expect(hush(["secret", "list", "--bogus"], { cwd: repo() })).toMatchObject({ status: 2, stderr: "hush: unknown option '--bogus'\n" });
  });

  it("declining `secret delete`'s prompt is an answer, not a usage error: exit 1, nothing deleted", () => {
    const dir = repo();
    // A real terminal (util-linux script), answering "n".
    const line = `${JSON.stringify(process.execPath)} ${JSON.stringify(HUSH_BIN)} secret delete api --scope shared; echo "status=$?"`;
    const out = execFileSync("script", ["-qec", line, "/dev/null"], { cwd: dir, input: "n\n", env: { PATH: process.env.PATH, HOME: dir, TERM: "dumb", SOPS_AGE_KEY: ALICE.identity }, encoding: "utf8" });
    expect(out).toContain("not deleted: the answer was not yes");
    expect(out).toMatch(/status=1\r?\n/);
    expect(hush(["secret", "get", "api"], { cwd: dir, env: ALICE_ENV }).status).toBe(0);
  });
});

describe("--json errors", () => {
  it("are one JSON object on stderr with the code, message, file and line, and the documented status", () => {
    const dir = repo();
    const missing = hush(["secret", "get", "nope", "--json"], { cwd: dir, env: ALICE_ENV });
    expect(missing.status).toBe(1);
    expect(missing.stdout).toBe("");
    expect(JSON.parse(missing.stderr)).toEqual({ code: "SECRET_NOT_FOUND", message: expect.stringContaining('secret "nope" not found'), hint: expect.any(String) });
    expect(missing.stderr.trim().split("\n")).toHaveLength(1);

    writeFileSync(join(dir, ".hush.yaml"), "version: 1\nusers: [oops\n");
    const broken = hush(["secret", "list", "--json"], { cwd: dir });
    expect(broken.status).toBe(1);
    expect(JSON.parse(broken.stderr)).toMatchObject({ code: "CONFIG_INVALID", file: expect.stringMatching(/\.hush\.yaml$/), line: expect.any(Number) });

    const usage = hush(["secret", "list", "--json", "--bogus"], { cwd: dir });
    expect(usage.status).toBe(2);
    expect(JSON.parse(usage.stderr)).toEqual({ code: "USAGE", message: "unknown option '--bogus'" });
  });

  it("`--json` after `--` belongs to the child, not to hush", () => {
    const r = hush(["run", "--bogus", "--", "echo", "--json"], { cwd: repo(), env: ALICE_ENV });
    expect(r.stderr).toBe("hush: unknown option '--bogus'\n");
  });
});

describe("one value, for $(...)", () => {
  it("`secret get NAME --key KEY` prints the value alone, no newline unless -n", () => {
    const dir = repo();
    expect(hush(["secret", "get", "api", "--key", "token"], { cwd: dir, env: ALICE_ENV })).toMatchObject({ status: 0, stdout: "tok-123456", stderr: "" });
    expect(hush(["secret", "get", "api", "--key", "token", "-n"], { cwd: dir, env: ALICE_ENV }).stdout).toBe("tok-123456\n");
    expect(JSON.parse(hush(["secret", "get", "api", "--key", "token", "--json"], { cwd: dir, env: ALICE_ENV }).stdout)).toBe("tok-123456");
    const typo = hush(["secret", "get", "api", "--key", "tokn"], { cwd: dir, env: ALICE_ENV });
    expect(typo).toMatchObject({ status: 1, stdout: "" });
    expect(typo.stderr).toMatch(/^hush: secrets\/shared\/api\.yaml: secret "api" has no key "tokn" \(keys: token\)\. did you mean "token"\?\n$/);
  });

  it("refuses to print it to a terminal unless --reveal", () => {
    const dir = repo();
    const line = (extra: string) => `${JSON.stringify(process.execPath)} ${JSON.stringify(HUSH_BIN)} secret get api --key token ${extra}; echo " status=$?"`;
    const env = { PATH: process.env.PATH, HOME: dir, TERM: "dumb", SOPS_AGE_KEY: ALICE.identity };
    const refused = execFileSync("script", ["-qec", line(""), "/dev/null"], { cwd: dir, env, encoding: "utf8" });
    expect(refused).toContain("hush: refusing to print a secret value to a terminal. pass --reveal to show it");
    expect(refused).not.toContain("tok-123456");
    expect(refused).toMatch(/status=2/);
    const shown = execFileSync("script", ["-qec", line("--reveal"), "/dev/null"], { cwd: dir, env, encoding: "utf8" });
    expect(shown).toContain("tok-123456 status=0");
  });
});

describe("small things", () => {
  it("`hush version` prints what --version prints", () => {
    const dir = repo();
    const v = hush(["--version"], { cwd: dir });
    expect(v.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(hush(["version"], { cwd: dir })).toMatchObject({ status: 0, stdout: v.stdout });
  });

  it("--as naming no user is refused by every command, secret list included", () => {
    const dir = repo();
    for (const args of [["secret", "list"], ["secret", "get", "api"], ["stack", "validate"], ["whoami"]]) {
      const r = hush([...args, "--as", "carol"], { cwd: dir, env: ALICE_ENV });
      expect(r.status, args.join(" ")).toBe(1);
      expect(r.stderr).toMatch(/^hush: user "carol" \(from --as\) is not in \.hush\.yaml\. known users: alice, bob/);
    }
    // HUSH_USER is the same rule, for a command that needs no user at all.
    expect(hush(["access"], { cwd: dir, env: { HUSH_USER: "carol" } })).toMatchObject({ status: 1, stderr: expect.stringMatching(/^hush: user "carol" \(from HUSH_USER\) is not in \.hush\.yaml/) });
  });

  it("ZENML_SECRET_VALIDATION_LEVEL is read when HUSH_SECRET_VALIDATION_LEVEL is not set", () => {
    const dir = repo();
    writeFileSync(join(dir, "stacks/default.yaml"), 'env:\n  TOKEN: "{{api.nokey}}"\n');
    expect(hush(["stack", "validate"], { cwd: dir, env: ALICE_ENV }).status).toBe(3);
    expect(hush(["stack", "validate"], { cwd: dir, env: { ...ALICE_ENV, ZENML_SECRET_VALIDATION_LEVEL: "SECRET_EXISTS" } })).toMatchObject({ status: 0, stdout: expect.stringContaining("at SECRET_EXISTS") });
    expect(hush(["stack", "validate"], { cwd: dir, env: { ...ALICE_ENV, ZENML_SECRET_VALIDATION_LEVEL: "SECRET_EXISTS", HUSH_SECRET_VALIDATION_LEVEL: "SECRET_AND_KEY_EXISTS" } }).status).toBe(3);
    expect(hush(["stack", "validate"], { cwd: dir, env: { ZENML_SECRET_VALIDATION_LEVEL: "ALL" } }).stderr).toMatch(/unknown validation level "ALL" \(from ZENML_SECRET_VALIDATION_LEVEL\)/);
  });

  it("`git setup` says \"(commit it)\" only while .gitattributes is not committed", () => {
    const dir = repo();
    expect(hush(["git", "setup"], { cwd: dir }).stdout).toContain(".gitattributes: added the hush merge/diff line (commit it)");
    git(dir, "add", ".gitattributes");
    git(dir, "commit", "-q", "-m", "attributes");
    expect(hush(["git", "setup"], { cwd: dir }).stdout).toContain(".gitattributes: already has the hush merge/diff line\n");
  });
});
