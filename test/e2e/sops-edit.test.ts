// `hush edit` with real editor processes (tiny node scripts in test/fixtures):
// the private temp copy, IV reuse, unchanged files, failures, new files, and
// signals to hush while the editor runs — the plaintext copy never outlives it.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HUSH_BIN, hush } from "../helpers/cli.js";
import { tempDir, writeTree } from "../helpers/tmp.js";
import { ALICE } from "../helpers/keys.js";

const FIXTURES = join(import.meta.dirname, "../fixtures");
const EDITOR = `${process.execPath} ${join(FIXTURES, "editor.js")}`;
const CANARY = "canary-7Qp2-plaintext";
const PLAIN = `db:\n    user: admin\n    password: ${CANARY}\nport: 5432\n`;

function ok<T extends { status: number | null; stderr: string }>(r: T): T {
  expect(r.status, r.stderr).toBe(0);
  return r;
}

/** An encrypted file, and a private TMPDIR for hush so leftovers can be seen. */
function setup(): { dir: string; tmp: string; env: Record<string, string> } {
  const dir = tempDir();
  const tmp = tempDir("hush-tmpdir-");
  writeTree(dir, { "s.yaml": PLAIN });
  ok(hush(["encrypt", "-i", "--age", ALICE.recipient, "s.yaml"], { cwd: dir }));
  return { dir, tmp, env: { SOPS_AGE_KEY: ALICE.identity, HUSH_TMPDIR: tmp, EDITOR } };
}

const encOf = (text: string, key: string) => new RegExp(`${key}: (ENC\\[[^\\]]+\\])`).exec(text)?.[1];

describe("hush edit", () => {
  it("edits through a 0600 file in a 0700 temp dir, removed afterwards; unchanged values keep their ciphertext", () => {
    const { dir, tmp, env } = setup();
    const before = readFileSync(join(dir, "s.yaml"), "utf8");
    const record = join(dir, "record.json");
    ok(hush(["edit", "s.yaml"], { cwd: dir, env: { ...env, EDIT_FIND: "admin", EDIT_REPLACE: "root", EDIT_RECORD: record } }));
    const seen = JSON.parse(readFileSync(record, "utf8")) as { file: string; mode: number; dirMode: number };
    expect(seen.mode).toBe(0o600);
    expect(seen.dirMode).toBe(0o700);
    expect(seen.file.startsWith(tmp)).toBe(true);
    expect(seen.file.endsWith("s.yaml")).toBe(true);
    expect(existsSync(seen.file)).toBe(false);
    expect(readdirSync(tmp)).toEqual([]);
    const after = readFileSync(join(dir, "s.yaml"), "utf8");
    expect(encOf(after, "user")).not.toBe(encOf(before, "user"));
    expect(encOf(after, "password")).toBe(encOf(before, "password"));
    expect(encOf(after, "port")).toBe(encOf(before, "port"));
    expect(ok(hush(["decrypt", "s.yaml"], { cwd: dir, env })).stdout).toBe(PLAIN.replace("admin", "root"));
  });

  it("no change: exit 200, the file keeps its bytes and mtime", () => {
    const { dir, tmp, env } = setup();
    const file = join(dir, "s.yaml");
    execFileSync("touch", ["-d", "2001-01-01T00:00:00Z", file]);
    const bytes = readFileSync(file);
    const mtime = statSync(file).mtimeMs;
    const r = hush(["edit", "s.yaml"], { cwd: dir, env });
    expect(r.status).toBe(200);
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(statSync(file).mtimeMs).toBe(mtime);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it("an editor that fails, or edited text that does not parse: nothing written, temp dir gone, the line reported", () => {
    const { dir, tmp, env } = setup();
    const file = join(dir, "s.yaml");
    const bytes = readFileSync(file);
    const failed = hush(["edit", "s.yaml"], { cwd: dir, env: { ...env, EDIT_APPEND: "x: 1\n", EDIT_EXIT: "3" } });
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/exited with status 3/);
    const broken = hush(["edit", "s.yaml"], { cwd: dir, env: { ...env, EDIT_APPEND: "bad: [\n" } });
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(/^hush: s\.yaml:\d+:\d+: the edited text is not valid yaml/);
    for (const r of [failed, broken]) expect(r.stdout + r.stderr).not.toContain(CANARY);
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(readdirSync(tmp)).toEqual([]);
    expect(readdirSync(dir)).toEqual(["s.yaml"]);
  });

  it('SOPS_EDITOR wins over EDITOR; it is split as sops splits it (google/shlex: quotes, "\\x" is x, # comments), no shell run', () => {
    const { dir, env } = setup();
    const record = join(dir, "r.json");
    ok(
      hush(["edit", "s.yaml"], {
        cwd: dir,
        env: {
          ...env,
          EDITOR: "false",
          SOPS_EDITOR: `${EDITOR} '--a b' "c\\"d" "\\x" a#b # the team's editor`,
          EDIT_FIND: "5432",
          EDIT_REPLACE: "5433",
          EDIT_RECORD: record,
        },
      }),
    );
    const seen = JSON.parse(readFileSync(record, "utf8")) as { args: string[] };
    expect(seen.args.slice(0, -1)).toEqual(["--a b", 'c"d', "x", "a#b"]);
    expect(ok(hush(["decrypt", "--extract", '["port"]', "s.yaml"], { cwd: dir, env })).stdout).toBe("5433\n");
  });

  it("an EDITOR with an unterminated quote: a usage error naming the variable, nothing written", () => {
    const { dir, env } = setup();
    const before = readFileSync(join(dir, "s.yaml"));
    const r = hush(["edit", "s.yaml"], { cwd: dir, env: { ...env, EDITOR: `${EDITOR} 'open` } });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^hush: EDITOR has an unterminated quote or a trailing backslash/);
    expect(r.stderr).not.toContain(CANARY);
    expect(readFileSync(join(dir, "s.yaml"))).toEqual(before);
  });

  it("no editor at all: exit 201", () => {
    const { dir, env } = setup();
    const r = hush(["edit", "s.yaml"], { cwd: dir, env: { ...env, EDITOR: "", PATH: tempDir() } });
    expect(r.status).toBe(201);
  });

  it("a new file starts from sops's example and is encrypted to the --age / rule recipients", () => {
    const { dir, tmp, env } = setup();
    const r = hush(["edit", "--age", ALICE.recipient, "new.yaml"], { cwd: dir, env });
    expect(r.status).toBe(200);
    expect(existsSync(join(dir, "new.yaml"))).toBe(false);
    ok(hush(["edit", "--age", ALICE.recipient, "new.yaml"], { cwd: dir, env: { ...env, EDIT_WRITE: "token: t0k3n\n" } }));
    expect(readFileSync(join(dir, "new.yaml"), "utf8")).toContain(ALICE.recipient);
    expect(ok(hush(["decrypt", "new.yaml"], { cwd: dir, env })).stdout).toBe("token: t0k3n\n");
    const record = join(dir, "r.json");
    writeTree(dir, { ".sops.yaml": `creation_rules:\n  - age: ${ALICE.recipient}\n` });
    ok(hush(["edit", "ex.json"], { cwd: dir, env: { ...env, EDIT_APPEND: " ", EDIT_RECORD: record } }));
    expect(JSON.parse(ok(hush(["decrypt", "ex.json"], { cwd: dir, env })).stdout)).toMatchObject({ hello: "Welcome to SOPS! Edit this file as you please!" });
    expect(readdirSync(tmp)).toEqual([]);
  });

  for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) {
    it(`${signal} to hush while the editor runs: editor stopped, temp dir removed, file untouched, exit 128+N`, async () => {
      const { dir, tmp, env } = setup();
      const record = join(dir, "r.json");
      const bytes = readFileSync(join(dir, "s.yaml"));
      const child = spawn(process.execPath, [HUSH_BIN, "edit", "s.yaml"], {
        cwd: dir,
        env: { PATH: process.env.PATH ?? "", HOME: tempDir(), ...env, EDITOR: `${process.execPath} ${join(FIXTURES, "slow-editor.js")}`, EDIT_RECORD: record },
        stdio: ["pipe", "pipe", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      await new Promise<void>((resolve, reject) => {
        child.stdout.on("data", (d: Buffer) => d.toString().includes("editing") && resolve());
        child.on("exit", () => reject(new Error(`hush exited early: ${stderr}`)));
      });
      const seen = JSON.parse(readFileSync(record, "utf8")) as { file: string; pid: number };
      expect(readFileSync(seen.file, "utf8")).toContain(CANARY); // the copy exists while editing
      child.kill(signal);
      const status = await new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      expect(status, stderr).toBe(128 + ({ SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const)[signal]);
      expect(stderr).toContain(`interrupted by ${signal}`);
      expect(existsSync(seen.file)).toBe(false);
      expect(readdirSync(tmp)).toEqual([]);
      expect(readFileSync(join(dir, "s.yaml")).equals(bytes)).toBe(true);
      expect(() => process.kill(seen.pid, 0)).toThrow(); // the editor is gone too
    });
  }
});
