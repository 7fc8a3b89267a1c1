// `hush secret create/get/list/update/delete` from the CLI: every input form,
// every refused name, symlinks, concurrent updates.
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HUSH_BIN, hush } from "../helpers/cli.js";
import { git, gitRepo } from "../helpers/git.js";
import { tempDir } from "../helpers/tmp.js";
import { ALICE, BOB } from "../helpers/keys.js";

/** A command that must succeed; its stderr is the failure message. */
function ok<T extends { status: number | null; stderr: string }>(r: T): T {
  expect(r.status, r.stderr).toBe(0);
  return r;
}

const env = { SOPS_AGE_KEY: ALICE.identity };

function repo(): string {
  const root = gitRepo({
    ".hush.yaml": `version: 1\ndefault_scope: user\nusers:\n  alice: { recipients: [${ALICE.recipient}] }\n  bob: { recipients: [${BOB.recipient}] }\n`,
    "secrets/shared/.gitkeep": "",
  });
  git(root, "add", "-A");
  git(root, "commit", "-qm", "start");
  return root;
}

function values(root: string, name: string, extra: string[] = []): Record<string, string> {
  const r = hush(["secret", "get", name, "--reveal", "--json", ...extra], { cwd: root, env });
  expect(r.stderr).toBe("");
  return (JSON.parse(r.stdout) as { values: Record<string, string> }).values;
}

describe("secret create: every input form", () => {
  it("--KEY=VALUE pairs, where --user and --password are keys", () => {
    const root = repo();
    const r = hush(["secret", "create", "db", "--user=admin", "--password=p@ss word=1", "--json"], { cwd: root, env });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ name: "db", scope: "user", user: "alice", file: "secrets/users/alice/db.yaml" });
    expect(values(root, "db")).toEqual({ user: "admin", password: "p@ss word=1" });
  });

  it("--values as JSON, as YAML, and as @file", () => {
    const root = repo();
    ok(hush(["secret", "create", "j", "--values", '{"a":"1","b":"two"}'], { cwd: root, env }));
    expect(values(root, "j")).toEqual({ a: "1", b: "two" });
    ok(hush(["secret", "create", "y", "--values", "a: x\nb: 007\n"], { cwd: root, env }));
    expect(values(root, "y")).toEqual({ a: "x", b: "007" });
    writeFileSync(join(root, "v.yaml"), "user: u\npassword: p\n");
    ok(hush(["secret", "create", "f", "--values=@v.yaml"], { cwd: root, env }));
    expect(values(root, "f")).toEqual({ user: "u", password: "p" });
  });

  it("--KEY=@file byte for byte, --KEY=- from stdin", () => {
    const root = repo();
    const pem = "-----BEGIN X-----\r\nline  \n\n-----END X-----\n";
    writeFileSync(join(root, "cert.pem"), pem);
    ok(hush(["secret", "create", "tls", "--cert=@cert.pem", "--token=-"], { cwd: root, env, input: "piped\n" }));
    expect(values(root, "tls")).toEqual({ cert: pem, token: "piped\n" });
    // The human view keeps one line per key: such values are shown quoted.
    const shown = ok(hush(["secret", "get", "tls", "--reveal"], { cwd: root, env })).stdout;
    expect(shown).toContain(`  cert: ${JSON.stringify(pem)}\n  token: "piped\\n"\n`);
  });

  it("-i reads keys and values as lines when stdin is not a terminal", () => {
    const root = repo();
    const r = hush(["secret", "create", "inter", "-i", "--scope", "shared"], { cwd: root, env, input: "user\nadmin\npassword\nhidden value\n\n" });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).not.toContain("hidden value");
    expect(values(root, "inter")).toEqual({ user: "admin", password: "hidden value" });
  });

  it("refuses to replace an existing secret unless --force", () => {
    const root = repo();
    ok(hush(["secret", "create", "db", "--a=1"], { cwd: root, env }));
    const again = hush(["secret", "create", "db", "--a=2"], { cwd: root, env });
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
    ok(hush(["secret", "create", "db", "--a=3", "--force"], { cwd: root, env }));
    expect(values(root, "db")).toEqual({ a: "3" });
  });

  it("a sops file with nested values under secrets/ is refused in one line naming it once", () => {
    const root = repo();
    mkdirSync(join(root, "secrets/shared"), { recursive: true });
    writeFileSync(join(root, "secrets/shared/raw.yaml"), "ok: y\nnested:\n  a: b\n");
    ok(hush(["encrypt", "-i", "--age", ALICE.recipient, "secrets/shared/raw.yaml"], { cwd: root, env }));
    const r = hush(["secret", "get", "raw", "--reveal", "--scope", "shared"], { cwd: root, env });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      'hush: secrets/shared/raw.yaml: key "nested" is not a plain value; a hush secret is a flat map of strings. keep nested data in a file of its own (`hush decrypt`), or store it as one string (JSON)\n',
    );
  });

  it("no value ever shows in output or errors", () => {
    const root = repo();
    const canary = "CANARY-7f3a9c-value";
    const r1 = hush(["secret", "create", "c", `--k=${canary}`, "--json"], { cwd: root, env });
    const r2 = hush(["secret", "create", "c", `--k=${canary}`], { cwd: root, env });
    const r3 = hush(["secret", "get", "c"], { cwd: root, env });
    const r4 = hush(["secret", "list"], { cwd: root, env });
    // Typed without --KEY=: refused without echoing what may be a value.
    const r5 = hush(["secret", "create", "d", `password=${canary}`], { cwd: root, env });
    const r6 = hush(["secret", "create", "d", `-p=${canary}`], { cwd: root, env });
    expect([r5.status, r6.status]).toEqual([2, 2]);
    for (const r of [r1, r2, r3, r4, r5, r6]) expect(r.stdout + r.stderr).not.toContain(canary);
  });
});

describe("names and paths", () => {
  it.each([["../x"], ["a/b"], [""], ["."], [".."], [".x"], ["a.b"], ["-x"]])("refuses %j before touching any file", (name) => {
    const root = repo();
    const args = name.startsWith("-") ? ["secret", "create", "--k=v", "--", name] : ["secret", "create", name, "--k=v"];
    const r = hush(args, { cwd: root, env });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/invalid secret name/);
    expect(git(root, "status", "--porcelain", "--untracked-files=all")).toBe("");
  });

  it("refuses symlinks under secrets/", () => {
    const root = repo();
    const outside = tempDir();
    mkdirSync(join(root, "secrets/users"), { recursive: true });
    symlinkSync(outside, join(root, "secrets/users/alice"));
    const r = hush(["secret", "create", "db", "--k=v"], { cwd: root, env });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      "hush: secrets/users/alice: a symbolic link; hush refuses symlinks under the secrets directory. replace the link with a regular file or directory\n",
    );
    expect(readdirSync(outside)).toEqual([]);
    expect(hush(["secret", "list"], { cwd: root, env }).stderr).toMatch(/symbolic link/);
  });
});

describe("get, list, update, delete", () => {
  it("a name in both scopes resolves to the user's and says so", () => {
    const root = repo();
    ok(hush(["secret", "create", "db", "--who=shared", "--scope", "shared"], { cwd: root, env }));
    ok(hush(["secret", "create", "db", "--who=mine"], { cwd: root, env }));
    const r = hush(["secret", "get", "db"], { cwd: root, env });
    expect(r.stdout).toMatch(/scope: user \(alice\)/);
    expect(r.stdout).toMatch(/a shared secret "db" exists too/);
    // shadowing: warn (the default) also says it on stderr, naming both files.
    expect(r.stderr).toContain("hush: warning: secrets/users/alice/db.yaml shadows secrets/shared/db.yaml");
    const revealed = hush(["secret", "get", "db", "--reveal", "--json"], { cwd: root, env });
    expect(JSON.parse(revealed.stdout).values).toEqual({ who: "mine" });
    expect(values(root, "db", ["--scope", "shared"])).toEqual({ who: "shared" });
  });

  it("list filters, sorts and reverses", () => {
    const root = repo();
    for (const [n, s] of [
      ["b-db", "shared"],
      ["a-api", "user"],
      ["c-cache", "shared"],
    ] as const) {
      ok(hush(["secret", "create", n, "--k=v", "--scope", s], { cwd: root, env }));
    }
    const names = (args: string[]) =>
      (JSON.parse(hush(["secret", "list", "--json", ...args], { cwd: root, env }).stdout) as Array<{ name: string }>).map((i) => i.name);
    expect(names([])).toEqual(["a-api", "b-db", "c-cache"]);
    expect(names(["--desc"])).toEqual(["c-cache", "b-db", "a-api"]);
    expect(names(["--scope", "shared"])).toEqual(["b-db", "c-cache"]);
    expect(names(["--scope", "user", "--as", "alice"])).toEqual(["a-api"]);
    expect(names(["--filter", "DB"])).toEqual(["b-db"]);
    expect(names(["--sort-by", "scope"])).toEqual(["b-db", "c-cache", "a-api"]);
    const human = hush(["secret", "list"], { cwd: root, env }).stdout.split("\n");
    expect(human[0]).toMatch(/^NAME\s+SCOPE\s+OWNER\s+KEYS\s+UPDATED$/);
    expect(hush(["secret", "list", "--sort-by", "size"], { cwd: root, env }).status).toBe(2);
  });

  it("update keeps the ciphertext of every value it does not change (small git diffs)", () => {
    const root = repo();
    ok(hush(["secret", "create", "db", "--a=1", "--b=2", "--scope", "shared"], { cwd: root, env }));
    const line = (key: string) =>
      readFileSync(join(root, "secrets/shared/db.yaml"), "utf8")
        .split("\n")
        .find((l) => l.startsWith(`${key}: `));
    const [a, b] = [line("a"), line("b")];
    ok(hush(["secret", "update", "db", "--b=3", "--c=4"], { cwd: root, env }));
    expect(line("a")).toBe(a);
    expect(line("b")).not.toBe(b);
    expect(values(root, "db")).toEqual({ a: "1", b: "3", c: "4" });
  });

  it("update sets and removes keys; delete needs --yes without a terminal", () => {
    const root = repo();
    ok(hush(["secret", "create", "db", "--a=1", "--b=2", "--scope", "shared"], { cwd: root, env }));
    ok(hush(["secret", "update", "db", "--b=20", "--c=3", "--remove-keys", "a"], { cwd: root, env }));
    expect(values(root, "db")).toEqual({ b: "20", c: "3" });
    expect(hush(["secret", "update", "db", "--remove-keys", "zz"], { cwd: root, env }).stderr).toMatch(/has no key "zz"/);
    expect(hush(["secret", "delete", "db"], { cwd: root, env }).status).toBe(2);
    const del = hush(["secret", "delete", "db", "--yes", "--commit"], { cwd: root, env });
    expect(del.status, del.stderr).toBe(0);
    expect(hush(["secret", "get", "db"], { cwd: root, env }).stderr).toMatch(/not found/);
  });

  it("--commit commits exactly the changed file", () => {
    const root = repo();
    writeFileSync(join(root, "unrelated.txt"), "x");
    git(root, "add", "unrelated.txt");
    ok(hush(["secret", "create", "db", "--k=v", "--scope", "shared", "--commit"], { cwd: root, env }));
    expect(git(root, "log", "-1", "--format=%s")).toBe("hush: create secret db (shared)\n");
    expect(git(root, "show", "--name-only", "--format=", "HEAD").trim()).toBe("secrets/shared/db.yaml");
    expect(git(root, "status", "--porcelain")).toBe("A  unrelated.txt\n");
  });

  it("a lock held by a live process ends in a clear LOCK_TIMEOUT, the file untouched", () => {
    const root = repo();
    ok(hush(["secret", "create", "db", "--k=v", "--scope", "shared"], { cwd: root, env }));
    const file = join(root, "secrets/shared/db.yaml");
    const before = readFileSync(file, "utf8");
    writeFileSync(`${file}.lock`, `${process.pid}\n`);
    const r = hush(["secret", "update", "db", "--k=w"], { cwd: root, env: { ...env, HUSH_LOCK_TIMEOUT_MS: "300" } });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/secrets\/shared\/db\.yaml\.lock: held by process \d+/);
    expect(readFileSync(file, "utf8")).toBe(before);
  });

  it("a failed update (no identity opens the file) leaves the old file intact", () => {
    const root = repo();
    ok(hush(["secret", "create", "db", "--k=v", "--scope", "shared"], { cwd: root, env: { SOPS_AGE_KEY: ALICE.identity } }));
    const file = join(root, "secrets/shared/db.yaml");
    const before = readFileSync(file, "utf8");
    const r = hush(["secret", "update", "db", "--k=w"], {
      cwd: root,
      env: { SOPS_AGE_KEY: "AGE-SECRET-KEY-1S5YUWJQ57GZYRTMNKGR6TNDJ9FHZEDQ7D5YR88RDLKTRR3CZCWLQAPL8JZ" },
    });
    expect(r.status).not.toBe(0);
    expect(readFileSync(file, "utf8")).toBe(before);
    expect(readdirSync(join(root, "secrets/shared")).sort()).toEqual([".gitkeep", "db.yaml"]);
  });

  it("concurrent updates from several processes lose no update", async () => {
    const root = repo();
    ok(hush(["secret", "create", "db", "--k0=v0", "--scope", "shared"], { cwd: root, env }));
    const N = 6;
    const statuses = await Promise.all(
      Array.from(
        { length: N },
        (_, i) =>
          new Promise<number | null>((resolve) => {
            const child = spawn(process.execPath, [HUSH_BIN, "secret", "update", "db", `--k${i + 1}=v${i + 1}`], {
              cwd: root,
              env: { PATH: process.env.PATH ?? "", HOME: tempDir(), SOPS_AGE_KEY: ALICE.identity },
              stdio: "ignore",
            });
            child.on("exit", resolve);
          }),
      ),
    );
    expect(statuses).toEqual(Array(N).fill(0));
    const v = values(root, "db");
    expect(Object.keys(v).sort()).toEqual(Array.from({ length: N + 1 }, (_, i) => `k${i}`).sort());
  });
});

describe("secret list with a broken file", () => {
  it("names the file and says how to find out more, in one line", () => {
    const root = repo();
    ok(hush(["secret", "create", "db", "--password=pw-canary-4711", "--scope", "shared"], { cwd: root, env }));
    writeFileSync(join(root, "secrets/shared/plain.yaml"), "password: hunter2-canary\n");
    const r = hush(["secret", "list"], { cwd: root, env });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^hush: secrets\/shared\/plain\.yaml.*`hush check` says what is wrong/);
    expect(r.stderr).not.toContain("hunter2-canary");
  });
});
