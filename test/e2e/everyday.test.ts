// The mistakes and small things of everyday use, through the CLI as a new
// user meets them: a forgotten `--`, exit statuses of hush's own refusals,
// errors as JSON, `hush version`, one rule for --as, and the ZenML variable.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
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
    expect(r.stderr).toBe(
      'hush: --with-secrets: "python3" is not a secret here: did you forget "--" before the command. run: hush run --with-secrets -- python3 train.py\n',
    );
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

describe("a mistyped option is not stored as a key", () => {
  it("`--scpoe shared` is refused with did-you-mean and the way to store it on purpose; nothing written", () => {
    const dir = repo();
    const r = hush(["secret", "create", "t1", "--scpoe", "shared", "--token=tok-999"], { cwd: dir, env: ALICE_ENV });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `hush: --scpoe: did you mean --scope? (every other option is a key, so --scpoe would be stored as one). to store a key named "scpoe" on purpose, give it with --values '{"scpoe": "..."}' (or --values=@file)\n`,
    );
    expect(hush(["secret", "get", "t1"], { cwd: dir, env: ALICE_ENV }).status).toBe(1);
    expect(hush(["secret", "update", "api", "--remove-kyes", "token"], { cwd: dir, env: ALICE_ENV }).stderr).toMatch(
      /^hush: --remove-kyes: did you mean --remove-keys\?/,
    );
    expect(hush(["secret", "create", "t4", "--forse", "--token=x"], { cwd: dir, env: ALICE_ENV }).stderr).toMatch(/^hush: --forse: did you mean --force\?/);
    // Keys that merely look alike stay keys: --value (a common key) is not a typo of --values, nor --user of anything.
    const ok = hush(["secret", "create", "t2", "--value=v-1234", "--user=u-1234", "--scope", "shared"], { cwd: dir, env: ALICE_ENV });
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(hush(["secret", "get", "t2", "--reveal", "--json"], { cwd: dir, env: ALICE_ENV }).stdout).values).toEqual({
      value: "v-1234",
      user: "u-1234",
    });
    expect(hush(["secret", "create", "t3", "--values", '{"scpoe": "on-purpose"}', "--scope", "shared"], { cwd: dir, env: ALICE_ENV }).status).toBe(0);
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
    const out = execFileSync("script", ["-qec", line, "/dev/null"], {
      cwd: dir,
      input: "n\n",
      env: { PATH: process.env.PATH, HOME: dir, TERM: "dumb", SOPS_AGE_KEY: ALICE.identity },
      encoding: "utf8",
    });
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
    expect(JSON.parse(missing.stderr)).toEqual({
      code: "SECRET_NOT_FOUND",
      message: expect.stringContaining('secret "nope" not found'),
      hint: expect.any(String),
    });
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

describe("--with-secrets: keys under their own names, or one key under a chosen name", () => {
  function awsRepo(): string {
    const dir = repo();
    expect(
      hush(["secret", "create", "aws", "--aws_access_key_id=AKIAEXAMPLE1", "--aws_secret_access_key=wJalrXUtnFEMI", "--scope", "shared"], {
        cwd: dir,
        env: ALICE_ENV,
      }).status,
    ).toBe(0);
    return dir;
  }
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell's indirect expansion
  const printenv = 'for v in AWS_ACCESS_KEY_ID AWS_AWS_ACCESS_KEY_ID API_TOKEN GITHUB_TOKEN; do echo "$v=${!v:-unset}"; done';

  it("NAME prefixes (as before); NAME.* exports each key under its own name", () => {
    const dir = awsRepo();
    const prefixed = hush(["run", "--no-mask", "--with-secrets", "aws", "--", "bash", "-c", printenv], { cwd: dir, env: ALICE_ENV });
    expect(prefixed.stdout).toContain("AWS_AWS_ACCESS_KEY_ID=AKIAEXAMPLE1");
    const bare = hush(["run", "--no-mask", "--with-secrets", "aws.*", "--", "bash", "-c", printenv], { cwd: dir, env: ALICE_ENV });
    expect(bare.status, bare.stderr).toBe(0);
    expect(bare.stdout).toContain("AWS_ACCESS_KEY_ID=AKIAEXAMPLE1\nAWS_AWS_ACCESS_KEY_ID=unset\n");
  });

  it("VAR=NAME.KEY exports one key under the name written, decrypting only what it needs; masked as any value", () => {
    const dir = awsRepo();
    const r = hush(["run", "--with-secrets", "GITHUB_TOKEN=api.token,aws.*", "--", "bash", "-c", printenv], { cwd: dir, env: ALICE_ENV });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("AWS_ACCESS_KEY_ID=*****\nAWS_AWS_ACCESS_KEY_ID=unset\nAPI_TOKEN=unset\nGITHUB_TOKEN=*****\n");
    const missing = hush(["run", "--with-secrets", "X=api.nokey", "--", "true"], { cwd: dir, env: ALICE_ENV });
    expect(missing.status).toBe(125);
    expect(missing.stderr).toMatch(/secret "api" has no key "nokey"/);
    const bad = hush(["run", "--with-secrets", "1X=api.token", "--", "true"], { cwd: dir, env: ALICE_ENV });
    expect(bad).toMatchObject({ status: 125, stderr: expect.stringContaining('--with-secrets: "1X=api.token" is none of NAME') });
  });

  it("a name made from keys is still screened; a name the user wrote is theirs", () => {
    const dir = repo();
    expect(hush(["secret", "create", "node", "--options=--require=/tmp/x.js", "--scope", "shared"], { cwd: dir, env: ALICE_ENV }).status).toBe(0);
    expect(hush(["secret", "create", "tool", "--NODE_OPTIONS=--require=/tmp/x.js", "--scope", "shared"], { cwd: dir, env: ALICE_ENV }).status).toBe(0);
    expect(hush(["run", "--with-secrets", "tool.*", "--", "true"], { cwd: dir, env: ALICE_ENV })).toMatchObject({
      status: 125,
      stderr: expect.stringContaining("NODE_OPTIONS"),
    });
    const written = hush(["run", "--no-mask", "--with-secrets", "NODE_OPTIONS=node.options", "--", "sh", "-c", 'echo "$NODE_OPTIONS"'], {
      cwd: dir,
      env: ALICE_ENV,
    });
    expect(written).toMatchObject({ status: 0, stdout: "--require=/tmp/x.js\n" });
  });
});

describe("a name that only another user's scope holds", () => {
  it("get, run and stack validate all say whose scope has it", () => {
    const dir = repo();
    expect(hush(["secret", "create", "mlflow", "--token=alice-tok-1"], { cwd: dir, env: ALICE_ENV }).status).toBe(0);
    writeFileSync(join(dir, "stacks/default.yaml"), 'env:\n  TOKEN: "{{mlflow.token}}"\n');
    const bob = { SOPS_AGE_KEY: BOB.identity };
    const get = hush(["secret", "get", "mlflow"], { cwd: dir, env: bob });
    expect(get.status).toBe(1);
    expect(get.stderr).toMatch(
      /^hush: secret "mlflow" not found in the user scope of "bob" or the shared scope\. it exists only in the user scope of alice, encrypted to that user alone; ask them to share it/,
    );
    const run = hush(["run", "--with-secrets", "--", "true"], { cwd: dir, env: bob });
    expect(run.status).toBe(125);
    const validate = hush(["stack", "validate", "--as", "bob"], { cwd: dir, env: bob });
    expect(validate.status).toBe(3);
    // One code path, one answer: the same line, the same place.
    const line = 'stacks/default.yaml:2:11: secret "mlflow" not found in bob\'s scope or the shared scope. it exists only in the scope of alice';
    expect(validate.stderr.split("\n")).toContain(line);
    expect(run.stderr.split("\n")).toContain(line);
  });
});

describe("run and stack validate: one answer", () => {
  it("a broken stack gets the same problem lines from both, run adding only its summary", () => {
    const dir = repo();
    writeFileSync(
      join(dir, "stacks/default.yaml"),
      'components:\n  tracker:\n    uri: "https://x/{{api.tokn}}"\n  db: "not a map"\nenv:\n  TOKEN: "{{nosuch.key}}"\n',
    );
    const problems = (text: string) =>
      text
        .split("\n")
        .filter((l) => /^stacks\//.test(l))
        .sort();
    const validate = hush(["stack", "validate", "--as", "alice"], { cwd: dir, env: ALICE_ENV });
    const run = hush(["run", "--with-secrets", "--", "true"], { cwd: dir, env: ALICE_ENV });
    expect(validate.status).toBe(3);
    expect(run.status).toBe(125);
    expect(problems(validate.stderr).length).toBeGreaterThanOrEqual(3);
    expect(problems(run.stderr)).toEqual(problems(validate.stderr));
  });
});

describe("creating a user-scope secret named like a shared one", () => {
  it("says it now shadows the shared one, naming both files", () => {
    const dir = repo();
    const r = hush(["secret", "create", "api", "--token=mine-1234"], { cwd: dir, env: ALICE_ENV });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe(
      "hush: warning: secrets/users/alice/api.yaml now shadows secrets/shared/api.yaml for user alice: {{api.KEY}}, get and run take the user's own (use --scope shared to reach the shared one)\n",
    );
    expect(JSON.parse(hush(["secret", "create", "other", "--x=1234", "--json"], { cwd: dir, env: ALICE_ENV }).stdout).shadows).toBeUndefined();
  });
});

describe("secret update that changes nothing", () => {
  it("says unchanged, writes nothing and commits nothing", () => {
    const dir = repo();
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "base");
    const before = readFileSync(join(dir, "secrets/shared/api.yaml"), "utf8");
    const r = hush(["secret", "update", "api", "--token=tok-123456", "--commit"], { cwd: dir, env: ALICE_ENV });
    expect(r).toMatchObject({ status: 0, stdout: "unchanged secret api (shared): secrets/shared/api.yaml (every value was already so; nothing written)\n" });
    expect(readFileSync(join(dir, "secrets/shared/api.yaml"), "utf8")).toBe(before);
    expect(git(dir, "log", "--format=%s")).toBe("base\n");
    expect(JSON.parse(hush(["secret", "update", "api", "--token=tok-123456", "--json"], { cwd: dir, env: ALICE_ENV }).stdout)).toMatchObject({
      unchanged: true,
    });
    const changed = hush(["secret", "update", "api", "--token=tok-999999"], { cwd: dir, env: ALICE_ENV });
    expect(changed.stdout).toMatch(/^updated secret api/);
    expect(readFileSync(join(dir, "secrets/shared/api.yaml"), "utf8")).not.toBe(before);
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
    expect(hush(["access"], { cwd: dir, env: { HUSH_USER: "carol" } })).toMatchObject({
      status: 1,
      stderr: expect.stringMatching(/^hush: user "carol" \(from HUSH_USER\) is not in \.hush\.yaml/),
    });
  });

  it("ZENML_SECRET_VALIDATION_LEVEL is read when HUSH_SECRET_VALIDATION_LEVEL is not set", () => {
    const dir = repo();
    writeFileSync(join(dir, "stacks/default.yaml"), 'env:\n  TOKEN: "{{api.nokey}}"\n');
    expect(hush(["stack", "validate"], { cwd: dir, env: ALICE_ENV }).status).toBe(3);
    expect(hush(["stack", "validate"], { cwd: dir, env: { ...ALICE_ENV, ZENML_SECRET_VALIDATION_LEVEL: "SECRET_EXISTS" } })).toMatchObject({
      status: 0,
      stdout: expect.stringContaining("at SECRET_EXISTS"),
    });
    expect(
      hush(["stack", "validate"], {
        cwd: dir,
        env: { ...ALICE_ENV, ZENML_SECRET_VALIDATION_LEVEL: "SECRET_EXISTS", HUSH_SECRET_VALIDATION_LEVEL: "SECRET_AND_KEY_EXISTS" },
      }).status,
    ).toBe(3);
    expect(hush(["stack", "validate"], { cwd: dir, env: { ZENML_SECRET_VALIDATION_LEVEL: "ALL" } }).stderr).toMatch(
      /unknown validation level "ALL" \(from ZENML_SECRET_VALIDATION_LEVEL\)/,
    );
  });

  it('`git setup` says "(commit it)" only while .gitattributes is not committed', () => {
    const dir = repo();
    expect(hush(["git", "setup"], { cwd: dir }).stdout).toContain(".gitattributes: added the hush merge/diff line (commit it)");
    git(dir, "add", ".gitattributes");
    git(dir, "commit", "-q", "-m", "attributes");
    expect(hush(["git", "setup"], { cwd: dir }).stdout).toContain(".gitattributes: already has the hush merge/diff line\n");
  });
});
