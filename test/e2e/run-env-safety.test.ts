// What a secret cannot do to the child of `hush run`, and what the child
// cannot see of hush: the built CLI, real age keys, secrets committed by
// another user (bob encrypts to alice's public key, as any committer can),
// and real node/sh children.
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { hush, HUSH_BIN } from "../helpers/cli.js";
import { gitRepo } from "../helpers/git.js";
import { ALICE, BOB } from "../helpers/keys.js";
import { rsaKey } from "../helpers/ssh-keys.js";
import { tempDir } from "../helpers/tmp.js";

const node = process.execPath;
const alice = { SOPS_AGE_KEY: ALICE.identity, HUSH_USER: "alice" };

let cwd: string;
let marker: string;
let payload: string;
beforeEach(() => {
  cwd = gitRepo({
    ".hush.yaml": `version: 1\ndefault_scope: user\nusers:\n  alice: { recipients: [${ALICE.recipient}] }\n  bob: { recipients: [${BOB.recipient}] }\nshared:\n  readers: ["*"]\n`,
  });
  // The outsider's payload: a module that leaves a file behind when Node preloads it.
  const dir = tempDir("hush-payload-");
  marker = join(dir, "ran");
  payload = join(dir, "payload.cjs");
  writeFileSync(payload, `require("fs").writeFileSync(${JSON.stringify(marker)}, "x");\n`);
});

/** `hush secret create NAME --k=v...` in alice's scope, as `who`: bob needs only her public key. */
function create(name: string, values: Record<string, string>, who: string = BOB.identity): void {
  const args = Object.entries(values).map(([k, v]) => `--${k}=${v}`);
  const r = hush(["--as", "alice", "secret", "create", name, ...args], { cwd, env: { SOPS_AGE_KEY: who } });
  expect(r.status, r.stderr).toBe(0);
}

const child = [node, "-e", 'console.log("child started")'];

describe("names made from secret keys cannot set variables that change how the child starts", () => {
  beforeEach(() => create("node", { options: `--require=${payload}` }));

  it("refuses --with-secrets node whose key `options` would be NODE_OPTIONS: exit 125, one line, the child never starts", () => {
    const r = hush(["run", "--with-secrets", "node", "--", ...child], { cwd, env: alice });
    expect(r.status).toBe(125);
    expect(r.stdout).toBe("");
    expect(existsSync(marker)).toBe(false);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("--with-secrets node (key options) would set NODE_OPTIONS");
    // How to do it on purpose: a line of the user's own, or the flag.
    expect(lines[0]).toContain("NODE_OPTIONS={{node.options}} in the --env-file or the stack's env:");
    expect(lines[0]).toContain("--allow-env NODE_OPTIONS");
    expect(r.stderr).not.toContain(payload);
  });

  it("takes the variable from a line the user wrote: --env-file, alone or beside --with-secrets", () => {
    writeFileSync(join(cwd, ".env.node"), "NODE_OPTIONS={{node.options}}\n");
    for (const extra of [[], ["--with-secrets", "node"]]) {
      const r = hush(["run", ...extra, "--env-file", ".env.node", "--", ...child], { cwd, env: alice });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      expect(r.stdout).toBe("child started\n");
      expect(existsSync(marker)).toBe(true);
    }
  });

  it("takes the variable from the stack's env: map", () => {
    writeFileSync(join(cwd, "stacks.yaml"), 'env:\n  NODE_OPTIONS: "{{node.options}}"\n');
    const r = hush(["run", "--stack", "stacks.yaml", "--", ...child], { cwd, env: alice });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("child started\n");
    expect(existsSync(marker)).toBe(true);
  });

  it("sets it with --allow-env NODE_OPTIONS", () => {
    const r = hush(["run", "--with-secrets", "node", "--allow-env", "NODE_OPTIONS", "--", ...child], { cwd, env: alice });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("child started\n");
    expect(existsSync(marker)).toBe(true);
  });

  it("names every refused variable in the one line (loader, shell, interpreter, git) and lets --allow-env lift them one by one", () => {
    create("ld", { preload: "/nonexistent/evil.so" });
    create("python", { startup: "/nonexistent/evil.py" });
    create("git", { sshCommand: "touch /nonexistent/pwned" });
    create("bash", { env: "/nonexistent/evil.sh" });
    create("db", { password: "pg-Pa55word-42" });
    const names = ["--with-secrets", "ld,python,git,bash,db"];
    const r = hush(["run", ...names, "--", ...child], { cwd, env: alice });
    expect(r.status).toBe(125);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    // PYTHON_STARTUP is refused with the whole PYTHON* family (what `python -E` ignores).
    for (const v of ["LD_PRELOAD", "PYTHON_STARTUP", "GIT_SSH_COMMAND", "BASH_ENV"]) expect(r.stderr).toContain(`would set ${v}, which `);
    expect(r.stderr).not.toContain("DB_PASSWORD");
    expect(r.stderr).not.toContain("/nonexistent");

    const some = hush(["run", ...names, "--allow-env", "LD_PRELOAD,PYTHON_STARTUP", "--allow-env", "GIT_SSH_COMMAND", "--", ...child], { cwd, env: alice });
    expect(some.status).toBe(125);
    expect(some.stderr).toContain("would set BASH_ENV");
    expect(some.stderr).not.toContain("would set LD_PRELOAD");
  });

  it("still exports ordinary names (DB_PASSWORD)", () => {
    create("db", { password: "pg-Pa55word-42" });
    const r = hush(["run", "--no-mask", "--with-secrets", "db", "--", node, "-e", "console.log(process.env.DB_PASSWORD)"], { cwd, env: alice });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("pg-Pa55word-42\n");
  });
});

describe("the child gets none of hush's keys", () => {
  const printKeys = [node, "-e", 'console.log(JSON.stringify(Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith("SOPS_")))))'];

  beforeEach(() => create("db", { password: "pg-Pa55word-42" }, ALICE.identity));

  it("removes SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, SOPS_AGE_KEY_CMD and the SSH ones; keeps SOPS_AGE_RECIPIENTS", () => {
    const keyFile = join(tempDir("hush-key-"), "keys.txt");
    writeFileSync(keyFile, `${ALICE.identity}\n`, { mode: 0o600 });
    const env = {
      ...alice,
      SOPS_AGE_KEY_FILE: keyFile,
      SOPS_AGE_KEY_CMD: `cat ${keyFile}`,
      SOPS_AGE_SSH_PRIVATE_KEY_FILE: "/nonexistent/id",
      SOPS_AGE_SSH_PRIVATE_KEY_CMD: "false",
      SOPS_AGE_RECIPIENTS: ALICE.recipient,
    };
    // With no secret to read, hush loads no key at all; with one, it decrypts and still passes none on.
    for (const args of [[], ["--with-secrets", "db"]]) {
      const noSsh = args.length ? { ...env, SOPS_AGE_SSH_PRIVATE_KEY_FILE: "", SOPS_AGE_SSH_PRIVATE_KEY_CMD: "" } : env;
      const r = hush(["run", ...args, "--", ...printKeys], { cwd, env: noSsh });
      expect(r.stderr).toBe("");
      expect(JSON.parse(r.stdout)).toEqual({ SOPS_AGE_RECIPIENTS: ALICE.recipient });
    }
  });

  it("`sh -c env` shows no key, masked or not", () => {
    for (const mask of [[], ["--no-mask"]]) {
      const r = hush(["run", ...mask, "--with-secrets", "db", "--", "sh", "-c", "env"], { cwd, env: alice });
      expect(r.status).toBe(0);
      expect(r.stdout).not.toContain("SOPS_AGE_KEY");
      expect(r.stdout).not.toContain(ALICE.identity);
    }
  });

  it("--pass-keys passes them on for a child that runs hush or sops itself, and masks the key in its output", () => {
    const nested = `require("child_process").execFileSync(process.execPath, [${JSON.stringify(HUSH_BIN)}, "secret", "get", "--reveal", "--json", "db"], { encoding: "utf8" })`;
    const script = `console.log(process.env.SOPS_AGE_KEY); console.log(JSON.parse(${nested}).values.password)`;
    const r = hush(["run", "--pass-keys", "--", node, "-e", script], { cwd, env: alice });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    // The key is masked even though this run decrypted nothing; the value, which this run did not read, is the nested hush's to show.
    expect(r.stdout).toBe("*****\npg-Pa55word-42\n");
    const unmasked = hush(["run", "--no-mask", "--pass-keys", "--", node, "-e", "console.log(process.env.SOPS_AGE_KEY)"], { cwd, env: alice });
    expect(unmasked.stdout).toBe(`${ALICE.identity}\n`);
    // Without the flag the nested hush finds no key.
    const without = hush(["run", "--", node, "-e", script], { cwd, env: alice });
    expect(without.status).not.toBe(0);
  });

  it("masks the key when the child prints the key file it can read anyway", () => {
    const keyFile = join(tempDir("hush-key-"), "keys.txt");
    writeFileSync(keyFile, `# created: 2026-01-01T00:00:00Z\n# public key: ${ALICE.recipient}\n${ALICE.identity}\n`, { mode: 0o600 });
    const r = hush(["run", "--with-secrets", "db", "--", "cat", keyFile], { cwd, env: { SOPS_AGE_KEY_FILE: keyFile, HUSH_USER: "alice" } });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`# created: 2026-01-01T00:00:00Z\n# public key: ${ALICE.recipient}\n*****\n`);
  });
});

describe("an SSH key hush decrypted with", () => {
  it("is masked line by line when the child prints its file", () => {
    const pair = rsaKey();
    const repo = gitRepo({ ".hush.yaml": `version: 1\ndefault_scope: user\nusers:\n  carol: { recipients: ["${pair.recipient}"] }\n` });
    const env = { SOPS_AGE_SSH_PRIVATE_KEY_FILE: pair.file, HUSH_USER: "carol" };
    expect(hush(["secret", "create", "db", "--password=pg-Pa55word-42"], { cwd: repo, env }).status).toBe(0);
    const r = hush(["run", "--with-secrets", "db", "--", "cat", pair.file], { cwd: repo, env });
    expect(r.status).toBe(0);
    const long = pair.privateKey.split("\n").filter((l) => l.trim().length >= 16);
    expect(long.length).toBeGreaterThan(10);
    for (const line of long) expect(r.stdout).not.toContain(line);
    expect(r.stdout).toContain("*****");
  });
});

describe("masking the forms a child prints", () => {
  const pemBody = [
    "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj",
    "MzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu",
    "NMoSfm76oqFvAp8Gy0iz5sxjZmSnXyCdPEovGhLa0VzMaQ8s+CLOyS56YyCFGeJZ",
  ];
  const pem = ["-----BEGIN PRIVATE KEY-----", ...pemBody, "-----END PRIVATE KEY-----", ""].join("\n");
  const quoted = 'pa"ss\\word-9';

  beforeEach(() => {
    create("db", { password: quoted, port: "q7" }, ALICE.identity);
    create("tls", { key: pem }, ALICE.identity);
    writeFileSync(join(cwd, "stack.yaml"), 'components:\n  database:\n    password: "{{db.password}}"\n    port: "{{db.port}}"\n');
  });

  it("masks a value with quotes and backslashes where the child prints the JSON stack config and secrets file", () => {
    const r = hush(["run", "--stack", "stack.yaml", "--", "sh", "-c", 'cat "$HUSH_STACK_CONFIG" "$HUSH_RUN_SECRETS_FILE"'], { cwd, env: alice });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('"password": "*****"');
    expect(r.stdout).not.toContain("word-9");
    const unmasked = hush(["run", "--no-mask", "--stack", "stack.yaml", "--", "sh", "-c", 'cat "$HUSH_STACK_CONFIG" "$HUSH_RUN_SECRETS_FILE"'], {
      cwd,
      env: alice,
    });
    expect(unmasked.stdout.split(JSON.stringify(quoted).slice(1, -1)).length).toBeGreaterThan(2);
  });

  it("masks each line of a PEM key the child prints one line at a time", () => {
    const script = 'for (const line of process.env.TLS_KEY.split("\\n")) console.log("line:", line)';
    const r = hush(["run", "--with-secrets", "tls", "--", node, "-e", script], { cwd, env: alice });
    expect(r.status).toBe(0);
    for (const line of pemBody) expect(r.stdout).not.toContain(line.slice(0, 20));
    expect(r.stdout).toBe(["*****", "*****", "*****", "*****", "*****", ""].map((l) => `line: ${l}`).join("\n") + "\n");
  });

  it("says at start-up which values are too short to mask, by secret and key, never the value", () => {
    const r = hush(["run", "--stack", "stack.yaml", "--", "true"], { cwd, env: alice });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("hush: warning: not masked in the output, shorter than 4 characters: db.port\n");
    const unmasked = hush(["run", "--no-mask", "--stack", "stack.yaml", "--", "true"], { cwd, env: alice });
    expect(unmasked.stderr).toBe("");
  });
});
