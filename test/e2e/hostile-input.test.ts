// Documents a committer without keys may plant, or a user may paste: huge,
// deeply nested, tagged, or carrying terminal escape sequences in names.
// Every command must answer in one line (or work), never with a stack trace
// or an "internal error", and never pass a control character to the terminal.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HUSH_BIN, hush, type CliResult } from "../helpers/cli.js";
import { git, gitRepo } from "../helpers/git.js";
import { ALICE } from "../helpers/keys.js";

const env = { SOPS_AGE_KEY: ALICE.identity };
const HUSH_YAML = `version: 1\ndefault_scope: user\nusers:\n  alice: { recipients: [${ALICE.recipient}], email: alice@example.com }\n`;

function repo(extra: Record<string, string> = {}): string {
  const root = gitRepo({ ".hush.yaml": HUSH_YAML, "secrets/shared/.gitkeep": "", ...extra });
  git(root, "add", "-A");
  git(root, "commit", "-qm", "start");
  return root;
}

function ok(r: CliResult): CliResult {
  expect(r.status, r.stderr).toBe(0);
  return r;
}

/** One line on stderr, no stack trace, no internal error. */
function oneLineError(r: CliResult): string {
  expect(r.status).not.toBe(0);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at |Warning:/);
  expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  return r.stderr;
}

/** `text` (YAML) encrypted to alice by hush itself, as a committer with her public key could. */
function encryptedYaml(root: string, text: string): string {
  writeFileSync(join(root, "plain.tmp.yaml"), text);
  const r = ok(hush(["encrypt", "--age", ALICE.recipient, "plain.tmp.yaml"], { cwd: root, env: {} }));
  return r.stdout;
}

describe("a secret with 130,000 keys", () => {
  it("is created from --values and reads back whole (linear; no call-stack overflow)", () => {
    const root = repo();
    const values: Record<string, string> = {};
    for (let i = 0; i < 130_000; i++) values[`k${i}`] = `v${i}`;
    writeFileSync(join(root, "big.json"), JSON.stringify(values));
    // The old code took over two minutes here (the yaml library's duplicate-key check is quadratic): the CLI helper kills it at 50 s.
    ok(hush(["secret", "create", "big", "--values", "@big.json"], { cwd: root, env }));
    // ...and every read died of "Maximum call stack size exceeded" (a 130,000-item spread into splice).
    const r = ok(hush(["secret", "get", "big", "--reveal", "--json"], { cwd: root, env }));
    const got = (JSON.parse(r.stdout) as { values: Record<string, string> }).values;
    expect(Object.keys(got)).toHaveLength(130_000);
    expect(got.k0).toBe("v0");
    expect(got.k129999).toBe("v129999");
  }, 150_000);

  it("a sops INI file with 130,000 keys encrypts and decrypts (the INI reader was quadratic, its writer spread every key into Math.max)", () => {
    const root = repo();
    let ini = "";
    for (let i = 0; i < 130_000; i++) ini += `k${i} = v${i}\n`;
    writeFileSync(join(root, "big.ini"), ini);
    const enc = ok(hush(["encrypt", "--age", ALICE.recipient, "big.ini"], { cwd: root, env: {} }));
    writeFileSync(join(root, "big.enc.ini"), enc.stdout);
    const dec = ok(hush(["decrypt", "big.enc.ini"], { cwd: root, env }));
    const lines = dec.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(130_000);
    expect(lines[129_999]).toMatch(/^k129999 += v129999$/);
  }, 150_000);

  it("hush check on a planted file with 130,000 plaintext values: every one reported, no call-stack overflow", () => {
    const lines: string[] = [];
    for (let i = 0; i < 130_000; i++) lines.push(`k${i}: plain${i}`);
    const root = repo({ "secrets/shared/big.yaml": lines.join("\n") + "\n" });
    const r = hush(["check"], { cwd: root, env });
    expect(r.status).toBe(3);
    expect(r.stderr).not.toContain("internal error");
    expect(r.stderr).toContain('secrets/shared/big.yaml:130000:1: plaintext value for key "k129999"');
    expect(r.stderr).toMatch(/hush: check failed: 130001 problems in 1 file\n$/);
  });

  it("--values still refuses a key given twice (the duplicate check moved out of the yaml library)", () => {
    const root = repo();
    const e = oneLineError(hush(["secret", "create", "d", "--values", '{"a":"1","b":"2","a":"3"}'], { cwd: root, env }));
    expect(e).toContain('key "a" is given twice');
    const y = oneLineError(hush(["secret", "create", "d", "--values", "a: 1\na: 2\n"], { cwd: root, env }));
    expect(y).toContain('key "a" is given twice (line 2, column 1)');
  });
});

/** YAML maps nested `depth` deep under `key`, indented by `base` spaces. */
function nested(depth: number, base = 2): string {
  let s = "";
  for (let i = 0; i < depth; i++) s += `${" ".repeat(base + i)}a:\n`;
  return s + `${" ".repeat(base + depth)}b: x\n`;
}

describe("documents nested thousands of levels deep", () => {
  it("a planted secret file: get, update, list, decrypt and check answer in one line at the limit", () => {
    const root = repo();
    ok(hush(["secret", "create", "deep", "--a=1"], { cwd: root, env }));
    const file = join(root, "secrets/users/alice/deep.yaml");
    // The committer swaps a value for a 3,000-deep map (the parse fails before any MAC check).
    writeFileSync(file, readFileSync(file, "utf8").replace(/^a: .*\n/m, `a:\n${nested(3000)}`));
    // The first three died of "Maximum call stack size exceeded"; get and list now refuse the file too (they listed its keys).
    for (const args of [
      ["secret", "get", "deep", "--reveal"],
      ["secret", "update", "deep", "--b=2"],
      ["decrypt", "secrets/users/alice/deep.yaml"],
      ["secret", "get", "deep"],
      ["secret", "list"],
    ]) {
      const e = oneLineError(hush(args, { cwd: root, env }));
      expect(e, args.join(" ")).toContain("secrets/users/alice/deep.yaml");
      expect(e, args.join(" ")).toMatch(/nested (more than 500 levels deep|too deeply)/);
    }
    const c = hush(["check"], { cwd: root, env });
    expect(c.status).toBe(3);
    expect(c.stderr).toContain("secrets/users/alice/deep.yaml:");
    expect(c.stderr).not.toContain("internal error");
  });

  it("hush encrypt/decrypt: 500 levels work, 501 and 3,000 are refused with the place (YAML and JSON)", () => {
    const root = repo();
    const jsonDeep = (d: number): string => '{"a":'.repeat(d) + "1" + "}".repeat(d);
    writeFileSync(join(root, "ok.json"), jsonDeep(500));
    const enc = ok(hush(["encrypt", "--age", ALICE.recipient, "ok.json"], { cwd: root, env: {} }));
    writeFileSync(join(root, "ok.enc.json"), enc.stdout);
    const back = ok(hush(["decrypt", "ok.enc.json"], { cwd: root, env }));
    expect(JSON.parse(back.stdout)).toEqual(JSON.parse(jsonDeep(500)));
    // `a:` 499 times and `b: x`: 500 maps.
    writeFileSync(join(root, "ok.yaml"), nested(499, 0));
    ok(hush(["encrypt", "--age", ALICE.recipient, "ok.yaml"], { cwd: root, env: {} }));
    writeFileSync(join(root, "d501.json"), jsonDeep(501));
    expect(oneLineError(hush(["encrypt", "--age", ALICE.recipient, "d501.json"], { cwd: root, env: {} }))).toContain(
      "d501.json:1:2501: maps and lists nested more than 500 levels deep",
    );
    writeFileSync(join(root, "d.json"), jsonDeep(3000));
    expect(oneLineError(hush(["encrypt", "--age", ALICE.recipient, "d.json"], { cwd: root, env: {} }))).toContain("nested more than 500 levels deep");
    writeFileSync(join(root, "d.yaml"), `x:\n${nested(3000)}y: 1\n`);
    expect(oneLineError(hush(["encrypt", "--age", ALICE.recipient, "d.yaml"], { cwd: root, env: {} }))).toMatch(
      /d\.yaml.*nested (more than 500 levels deep|too deeply)/,
    );
    // `hush set` with such a value says why (it said "not valid JSON").
    writeFileSync(join(root, "ok.enc.yaml"), ok(hush(["encrypt", "--age", ALICE.recipient, "ok.yaml"], { cwd: root, env: {} })).stdout);
    writeFileSync(join(root, "value.json"), jsonDeep(3000));
    expect(oneLineError(hush(["set", "--value-file", "ok.enc.yaml", '["b"]', "value.json"], { cwd: root, env }))).toBe(
      "hush: the value: maps and lists nested more than 500 levels deep. hush reads at most 500 levels; flatten the document\n",
    );
    // ...and never writes a file it could not read back: 499 levels under ["y"]["z"] would be 501.
    writeFileSync(join(root, "v499.json"), jsonDeep(499));
    expect(oneLineError(hush(["set", "--value-file", "ok.enc.json", '["y"]["z"]', "v499.json"], { cwd: root, env }))).toBe(
      "hush: the value would sit 501 levels deep. hush reads at most 500 levels; flatten the value\n",
    );
    ok(hush(["decrypt", "ok.enc.json"], { cwd: root, env }));
    writeFileSync(join(root, "flow.yaml"), `x: ${"{a: ".repeat(3000)}1${"}".repeat(3000)}\n`);
    expect(oneLineError(hush(["encrypt", "--age", ALICE.recipient, "flow.yaml"], { cwd: root, env: {} }))).toMatch(
      /flow\.yaml.*nested (more than 500 levels deep|too deeply)/,
    );
  });

  it(".hush.yaml, a stack file, .sops.yaml and --values nested 3,000 deep: a placed one-line error", () => {
    const deepTail = `extra:\n${nested(3000)}`;
    const root = repo();
    writeFileSync(join(root, ".hush.yaml"), deepTail + HUSH_YAML);
    expect(hush(["whoami"], { cwd: root, env }).stderr).toMatch(
      /^\.hush\.yaml:\d+:\d+: maps and lists nested too deeply \(hush reads at most 500 levels\)\nhush: \.hush\.yaml is not valid/,
    );
    writeFileSync(join(root, ".hush.yaml"), HUSH_YAML);
    mkdirSync(join(root, "stacks"));
    writeFileSync(join(root, "stacks/default.yaml"), `${deepTail}env:\n  X: y\n`);
    const v = hush(["stack", "validate"], { cwd: root, env });
    expect(v.status).toBe(3);
    expect(v.stderr).toMatch(/^stacks\/default\.yaml:\d+:\d+: not valid YAML: maps and lists nested too deeply/);
    const run = hush(["run", "--stack", "default", "--", "true"], { cwd: root, env });
    expect(run.status).toBe(125);
    expect(run.stderr).toMatch(/^stacks\/default\.yaml:\d+:\d+: not valid YAML: maps and lists nested too deeply/);
    writeFileSync(join(root, ".sops.yaml"), `${deepTail}creation_rules:\n  - age: ${ALICE.recipient}\n`);
    writeFileSync(join(root, "p.yaml"), "a: 1\n");
    expect(oneLineError(hush(["encrypt", "p.yaml"], { cwd: root, env: {} }))).toContain("nested too deeply");
    writeFileSync(join(root, "v.yaml"), `x:\n${nested(3000)}y: 1\n`);
    expect(oneLineError(hush(["secret", "create", "v", "--values", "@v.yaml"], { cwd: root, env }))).toContain(
      "--values is neither JSON nor YAML: maps and lists nested too deeply",
    );
  });
});

describe("config, stack and env files that are not files", () => {
  // (Not an --env-file: Node 20 itself opens any `--env-file` path in argv at start-up, before hush runs.)
  it("a committed .hush.yaml or stack file linked to /dev/zero, or a FIFO: one line, no hang", () => {
    const root = repo({ "stacks/.keep": "" });
    symlinkSync("/dev/zero", join(root, "stacks/zero.yaml"));
    execFileSync("mkfifo", [join(root, "stacks/fifo.yaml")]);
    const stack = hush(["run", "--stack", "zero", "--", "true"], { cwd: root, env });
    expect(stack.status).toBe(125);
    expect(stack.stderr).toMatch(/zero\.yaml is not a regular file \(a device, pipe or directory, perhaps through a link\); hush does not read it/);
    const fifo = hush(["stack", "validate", "fifo"], { cwd: root, env });
    expect(fifo.status).toBe(1);
    expect(fifo.stderr).toMatch(/fifo\.yaml is not a regular file/);
    rmSync(join(root, ".hush.yaml"));
    symlinkSync("/dev/zero", join(root, ".hush.yaml"));
    const config = hush(["secret", "list"], { cwd: root, env });
    expect(config.status).toBe(1);
    // /dev/zero is writable by everyone, so the planted-file rule refuses it even before the read would.
    expect(config.stderr).toMatch(/^hush: ignoring .*\.hush\.yaml: writable by every user/);
    expect(config.stderr.trim().split("\n")).toHaveLength(1);
  });
});

describe("YAML tags and library warnings", () => {
  it("--values with an unknown tag is refused in one line, nothing from the yaml library printed", () => {
    const root = repo();
    const r = hush(["secret", "create", "t", "--values", "a: !custom x"], { cwd: root, env });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'hush: --values: unknown YAML tag "!custom": hush files hold plain values; remove the tag (quote the value to keep "!" in it) (line 1, column 4)\n',
    );
    expect(existsSync(join(root, "secrets/users/alice/t.yaml"))).toBe(false);
    expect(oneLineError(hush(["secret", "create", "t", "--values", "a: !!int 5"], { cwd: root, env }))).toContain('unknown YAML tag "!!int"');
    expect(oneLineError(hush(["secret", "create", "t", "--values", "a: !!binary aGk="], { cwd: root, env }))).toContain('YAML tag "!!binary" is not supported');
    // !!str is text: accepted.
    ok(hush(["secret", "create", "t", "--values", "a: !!str 5"], { cwd: root, env }));
  });

  it(".hush.yaml and stack files refuse unknown tags at their place; a map as a key prints no library warning", () => {
    const root = repo();
    writeFileSync(join(root, ".hush.yaml"), HUSH_YAML + "default_stack: !custom prod\n");
    const h = hush(["whoami"], { cwd: root, env });
    expect(h.stderr).toMatch(/^\.hush\.yaml:5:16: unknown YAML tag "!custom"/);
    writeFileSync(join(root, ".hush.yaml"), HUSH_YAML + "? [a]\n: b\n");
    const k = hush(["whoami"], { cwd: root, env });
    expect(k.status).not.toBe(0);
    expect(k.stderr).not.toContain("Keys with collection values");
    writeFileSync(join(root, ".hush.yaml"), HUSH_YAML);
    mkdirSync(join(root, "stacks"));
    writeFileSync(join(root, "stacks/default.yaml"), "env:\n  X: !custom y\n? [a]\n: b\n");
    for (const args of [
      ["stack", "validate"],
      ["run", "--stack", "default", "--", "true"],
    ]) {
      const r = hush(args, { cwd: root, env });
      expect(r.stderr, args.join(" ")).toMatch(/^stacks\/default\.yaml:2:6: not valid YAML: unknown YAML tag "!custom"/);
      expect(r.stderr, args.join(" ")).not.toContain("Keys with collection values");
    }
  });

  it(".sops.yaml keeps sops's reading of tags, and prints no library warning", () => {
    const root = repo({ ".sops.yaml": `creation_rules:\n  - age: !custom ${ALICE.recipient}\n? [a]\n: b\n`, "p.yaml": "a: 1\n" });
    const r = ok(hush(["encrypt", "p.yaml"], { cwd: root, env: {} }));
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain(ALICE.recipient);
  });
});

// ESC ] 0 ; ... BEL retitles the window; ESC ] 52 ; c ; ... BEL writes the clipboard; U+009B is CSI.
const TITLE = "\u001b]0;pwned\u0007";
const CLIPBOARD = "\u001b]52;c;cm0gLXJmIH4=\u0007";
const CSI = "\u009b31m";
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/;

describe("terminal escape sequences in names from files", () => {
  function plantedRepo(): string {
    const root = repo();
    // A committer with alice's public key plants a secret whose key names drive the terminal.
    const text = `${JSON.stringify(`t${TITLE}`)}: a\n${JSON.stringify(`c${CLIPBOARD}`)}: b\n${JSON.stringify(`r${CSI}\u202e`)}: "c\\u009b1m"\n`;
    mkdirSync(join(root, "secrets/users/alice"), { recursive: true });
    writeFileSync(join(root, "secrets/users/alice/evil.yaml"), encryptedYaml(root, text));
    // ...and an email that does the same.
    writeFileSync(join(root, ".hush.yaml"), HUSH_YAML.replace("alice@example.com", JSON.stringify(`alice${TITLE}@example.com`)));
    mkdirSync(join(root, "stacks"));
    writeFileSync(join(root, "stacks/default.yaml"), "env:\n  X: '{{evil.nokey}}'\n");
    git(root, "add", "-A");
    git(root, "commit", "-qm", `plant${TITLE}`);
    return root;
  }

  it("secret list/get, access, log, user list, whoami, stack validate and errors escape them", () => {
    const root = plantedRepo();
    const runs: Array<[string[], CliResult]> = [];
    for (const args of [
      ["secret", "list"],
      ["secret", "get", "evil"],
      ["secret", "get", "evil", "--reveal"],
      ["access"],
      ["access", "--user", "alice"],
      ["log"],
      ["user", "list"],
      ["whoami"],
      ["stack", "validate", "--as", "alice"],
      ["secret", "update", "evil", "--remove-keys", "nope"],
      ["run", "--with-secrets", "evil", "--", "true"],
    ])
      runs.push([args, hush(args, { cwd: root, env })]);
    for (const [args, r] of runs) {
      expect(r.stdout + r.stderr, args.join(" ")).not.toMatch(RAW);
      expect(r.stderr, args.join(" ")).not.toContain("internal error");
    }
    const shown = (args: string): CliResult => runs.find(([a]) => a.join(" ") === args)![1];
    expect(shown("secret get evil").stdout).toContain("t\\x1b]0;pwned\\x07");
    expect(shown("secret get evil").stdout).toContain("r\\x9b31m\\u202e");
    // A value with a control character is shown quoted, and what JSON leaves raw is escaped inside the quotes.
    expect(shown("secret get evil --reveal").stdout).toContain('  r\\x9b31m\\u202e: "c\\x9b1m"\n');
    expect(shown("secret list").stdout).toContain("c\\x1b]52;c;cm0gLXJmIH4=\\x07");
    expect(shown("user list").stdout).toContain("alice\\x1b]0;pwned\\x07@example.com");
    expect(shown("stack validate --as alice").stderr).toContain("t\\x1b]0;pwned\\x07");
    expect(shown("log").stdout).toContain("plant\\x1b]0;pwned\\x07");
  });

  it("--json output carries the same names as \\u escapes: valid JSON, nothing raw", () => {
    const root = plantedRepo();
    for (const args of [
      ["secret", "list", "--json"],
      ["secret", "get", "evil", "--json"],
      ["user", "list", "--json"],
      ["log", "--json"],
    ]) {
      const r = ok(hush(args, { cwd: root, env }));
      expect(r.stdout, args.join(" ")).not.toMatch(RAW);
      expect(r.stdout, args.join(" ")).toMatch(/\\u001b|\\u009b/);
      JSON.parse(r.stdout);
    }
    const keys = (JSON.parse(ok(hush(["secret", "get", "evil", "--json"], { cwd: root, env })).stdout) as { keys: string[] }).keys;
    expect(keys).toEqual([`t${TITLE}`, `c${CLIPBOARD}`, `r${CSI}\u202e`]);
  });
});

describe("a reader that goes away", () => {
  it("`hush secret get --reveal | head -1` ends quietly with 141 (SIGPIPE's status), not a stack trace", async () => {
    const root = repo();
    const values: Record<string, string> = {};
    for (let i = 0; i < 20_000; i++) values[`k${i}`] = `v${i}`;
    writeFileSync(join(root, "many.json"), JSON.stringify(values));
    ok(hush(["secret", "create", "many", "--values", "@many.json"], { cwd: root, env }));
    const child = spawn(process.execPath, [HUSH_BIN, "secret", "get", "many", "--reveal"], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: root, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    // Read the first chunk, then close the pipe, as head does.
    child.stdout.once("data", () => child.stdout.destroy());
    const status = await new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    expect(stderr).toBe("");
    expect(status).toBe(141);
  });
});
