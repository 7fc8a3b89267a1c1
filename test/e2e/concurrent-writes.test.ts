// Races between real hush processes on one repo: concurrent writers lose no
// update, an editor open across a change does not overwrite it, a membership
// change is not undone by writers running at the same time, and a lock file
// left by a dead or broken writer does not block every later write.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { HUSH_BIN, hush } from "../helpers/cli.js";
import { git, gitRepo } from "../helpers/git.js";
import { tempDir } from "../helpers/tmp.js";
import { ALICE, BOB, DAVE } from "../helpers/keys.js";

const FIXTURES = join(import.meta.dirname, "../fixtures");
const EDITOR = `${process.execPath} ${join(FIXTURES, "editor.js")}`;
const GATED_EDITOR = `${process.execPath} ${join(FIXTURES, "gated-editor.js")}`;
// Twenty processes on a loaded 2-core machine: waiting for a lock may take long; a timeout here would be a false failure.
const SLOW_OK = { HUSH_LOCK_TIMEOUT_MS: "150000" };
const CHILD_TIMEOUT_MS = 170_000;
const TEST_TIMEOUT_MS = 240_000;

function ok<T extends { status: number | null; stderr: string }>(r: T): T {
  expect(r.status, r.stderr).toBe(0);
  return r;
}

interface Done {
  args: string[];
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Starts the CLI as its own process (all of them at once is the point) and resolves when it exits. */
function start(args: string[], cwd: string, env: Record<string, string>): Promise<Done> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [HUSH_BIN, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? "", HOME: tempDir("hush-home-"), ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), CHILD_TIMEOUT_MS);
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ args, status, stdout, stderr });
    });
  });
}

async function until(what: string, test: () => boolean): Promise<void> {
  for (let i = 0; i < 3000 && !test(); i++) await new Promise((r) => setTimeout(r, 20));
  if (!test()) throw new Error(`gave up waiting for ${what}`);
}

const TWO_USERS = `version: 1\ndefault_scope: shared\nusers:\n  alice: { recipients: [${ALICE.recipient}] }\n  bob: { recipients: [${BOB.recipient}] }\nshared:\n  readers: ["*"]\n`;

function repo(): { root: string; env: Record<string, string> } {
  const root = gitRepo({ ".hush.yaml": TWO_USERS, "secrets/shared/.gitkeep": "" });
  const env = { SOPS_AGE_KEY: ALICE.identity, TMPDIR: tempDir("hush-tmp-"), ...SLOW_OK };
  ok(hush(["secret", "create", "db", "--k0=v0"], { cwd: root, env }));
  git(root, "add", "-A");
  git(root, "commit", "-qm", "start");
  return { root, env };
}

function values(root: string, env: Record<string, string>): Record<string, string> {
  return JSON.parse(ok(hush(["secret", "get", "db", "--scope", "shared", "--reveal", "--json"], { cwd: root, env })).stdout).values as Record<string, string>;
}

/** The kept-edit path a refused `hush edit` names on stderr. */
function keptPath(stderr: string): string {
  const m = /kept in (\S+?) \(/.exec(stderr);
  if (!m) throw new Error(`no kept file named in: ${stderr}`);
  return m[1]!;
}

function recipientsOf(path: string): string[] {
  const doc = parse(readFileSync(path, "utf8")) as { sops: { age?: Array<{ recipient: string }> } };
  return (doc.sops.age ?? []).map((e) => e.recipient);
}

function secretFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name.endsWith(".yaml")) out.push(join(dir, e.name));
    }
  };
  walk(join(root, "secrets"));
  return out;
}

describe("concurrent writers on one file", () => {
  it(
    "a 20-way mix of set / secret update / edit / rotate -i loses no update (an edit is merged, or refused with its text kept)",
    async () => {
      const { root, env } = repo();
      const file = "secrets/shared/db.yaml";
      const runs: Array<Promise<Done>> = [];
      const expected: string[] = ["k0"];
      const edits = new Map<string, string>();
      for (let i = 1; i <= 20; i++) {
        const kind = i % 4;
        if (kind === 0 && i % 8 === 0) {
          runs.push(start(["rotate", "-i", file], root, env));
        } else if (kind === 0 || kind === 1) {
          expected.push(`s${i}`);
          runs.push(start(["set", file, `["s${i}"]`, `"v${i}"`], root, env));
        } else if (kind === 2) {
          expected.push(`u${i}`);
          runs.push(start(["secret", "update", "db", "--scope", "shared", `--u${i}=v${i}`], root, env));
        } else {
          edits.set(`e${i}`, `e${i}: v${i}\n`);
          runs.push(start(["edit", file], root, { ...env, EDITOR, EDIT_APPEND: `e${i}: v${i}\n` }));
        }
      }
      const done = await Promise.all(runs);
      const have = values(root, env);
      for (const d of done) if (d.args[0] !== "edit") expect(d.status, `${d.args.join(" ")}: ${d.stderr}`).toBe(0);
      for (const k of expected) expect(have[k], `key ${k} lost; keys: ${Object.keys(have).join(",")}`).toBe(k === "k0" ? "v0" : `v${k.slice(1)}`);
      const editRuns = done.filter((d) => d.args[0] === "edit");
      for (const [i, d] of editRuns.entries()) {
        const key = [...edits.keys()][i]!;
        if (d.status === 0) {
          expect(have[key], `edit ${key} reported success but its key is missing`).toBe(`v${key.slice(1)}`);
        } else {
          // Refused: one line saying so, the edited text kept in a private 0600 file.
          expect(d.stderr.trim().split("\n"), d.stderr).toHaveLength(1);
          expect(d.stderr).toMatch(/changed while the editor was open/);
          const kept = keptPath(d.stderr);
          expect(statSync(kept).mode & 0o777).toBe(0o600);
          expect(readFileSync(kept, "utf8")).toContain(edits.get(key));
          expect(have[key]).toBeUndefined();
        }
      }
    },
    TEST_TIMEOUT_MS,
  );

  /** Opens `hush edit` on db with the gated editor, runs `meanwhile` while it is open, then lets it save. */
  async function editAcross(root: string, env: Record<string, string>, editorEnv: Record<string, string>, meanwhile: () => void): Promise<Done> {
    const started = join(tempDir(), "started");
    const go = join(tempDir(), "go");
    const edit = start(["edit", "secrets/shared/db.yaml"], root, { ...env, EDITOR: GATED_EDITOR, EDIT_STARTED: started, EDIT_GO: go, ...editorEnv });
    await until("the editor to open", () => existsSync(started));
    meanwhile();
    writeFileSync(go, "");
    return edit;
  }

  it(
    "an update made while an editor is open to a key the editor did not touch: both kept (merged), and said so",
    async () => {
      const { root, env } = repo();
      const d = await editAcross(root, env, { EDIT_APPEND: "mine: edited-in-editor\n" }, () => {
        ok(hush(["secret", "update", "db", "--scope", "shared", "--meanwhile=1"], { cwd: root, env }));
      });
      expect(d.status, d.stderr).toBe(0);
      expect(d.stderr).toMatch(
        /^hush: warning: secrets\/shared\/db\.yaml changed while the editor was open \(added: meanwhile\); your change to mine was merged onto it\n$/,
      );
      expect(values(root, env)).toEqual({ k0: "v0", meanwhile: "1", mine: "edited-in-editor" });
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "an update made while an editor is open to the key the editor changed: the edit is refused, said what changed, kept",
    async () => {
      const { root, env } = repo();
      const d = await editAcross(root, env, { EDIT_FIND: "k0: v0", EDIT_REPLACE: "k0: from-editor" }, () => {
        ok(hush(["secret", "update", "db", "--scope", "shared", "--k0=from-update"], { cwd: root, env }));
      });
      expect(d.status).not.toBe(0);
      const lines = d.stderr.trim().split("\n");
      expect(lines, d.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^hush: secrets\/shared\/db\.yaml: changed while the editor was open \(changed: k0; both changed k0\); your edit was not saved, it is kept in /,
      );
      expect(d.stderr).not.toContain("from-editor");
      expect(d.stderr).not.toContain("from-update");
      const kept = keptPath(d.stderr);
      expect(statSync(kept).mode & 0o777).toBe(0o600);
      expect(statSync(join(kept, "..")).mode & 0o777).toBe(0o700);
      expect(readFileSync(kept, "utf8")).toContain("k0: from-editor");
      expect(values(root, env)).toEqual({ k0: "from-update" });
    },
    TEST_TIMEOUT_MS,
  );
});

describe("membership changes against concurrent writers", () => {
  it(
    "user remove bob with 20 concurrent shared creates and an open editor: afterwards no file lists bob's recipient",
    async () => {
      const { root, env } = repo();
      ok(hush(["secret", "create", "api", "--token=t"], { cwd: root, env }));
      const started = join(tempDir(), "started");
      const go = join(tempDir(), "go");
      const edit = start(["edit", "secrets/shared/api.yaml"], root, {
        ...env,
        EDITOR: GATED_EDITOR,
        EDIT_STARTED: started,
        EDIT_GO: go,
        EDIT_APPEND: "late: edit\n",
      });
      await until("the editor to open", () => existsSync(started));
      const creates = Array.from({ length: 20 }, (_, i) => start(["secret", "create", `s${i}`, "--scope", "shared", `--k=v${i}`], root, env));
      const remove = start(["user", "remove", "bob"], root, env);
      const removed = await remove;
      expect(removed.status, removed.stderr).toBe(0);
      writeFileSync(go, "");
      const all = await Promise.all([...creates, edit]);
      for (const d of all.slice(0, 20)) expect(d.status, `${d.args.join(" ")}: ${d.stderr}`).toBe(0);
      const edited = all[20]!;
      // The editor opened the file as it was before bob left: saving that would bring bob's data key back.
      // The edit is merged onto the rotated file instead (its new data key, without bob).
      expect(edited.status, edited.stderr).toBe(0);
      expect(edited.stderr).toMatch(/changed while the editor was open \(recipients changed \(\+0 -1\)\); your change to late was merged onto it/);
      expect(JSON.parse(ok(hush(["secret", "get", "api", "--scope", "shared", "--reveal", "--json"], { cwd: root, env })).stdout).values).toEqual({
        token: "t",
        late: "edit",
      });
      const files = secretFiles(root);
      expect(files.length).toBe(22);
      for (const f of files) expect(recipientsOf(f), relative(root, f)).not.toContain(BOB.recipient);
      for (const f of files) expect(recipientsOf(f), relative(root, f)).toContain(ALICE.recipient);
      const asBob = hush(["secret", "get", "s0", "--scope", "shared", "--reveal"], { cwd: root, env: { SOPS_AGE_KEY: BOB.identity } });
      expect(asBob.status).not.toBe(0);
    },
    TEST_TIMEOUT_MS,
  );
});

describe("writers whose recipients come from .sops.yaml, against user remove", () => {
  it(
    "a new file saved from an editor opened before `user remove bob` is encrypted without bob",
    async () => {
      const { root, env } = repo();
      ok(hush(["user", "sync"], { cwd: root, env }));
      expect(readFileSync(join(root, ".sops.yaml"), "utf8")).toContain(BOB.recipient);
      const started = join(tempDir(), "started");
      const go = join(tempDir(), "go");
      const edit = start(["edit", "secrets/shared/fresh.yaml"], root, {
        ...env,
        EDITOR: GATED_EDITOR,
        EDIT_STARTED: started,
        EDIT_GO: go,
        EDIT_APPEND: "fresh: value\n",
      });
      await until("the editor to open", () => existsSync(started));
      ok(hush(["user", "remove", "bob"], { cwd: root, env }));
      writeFileSync(go, "");
      const d = await edit;
      expect(d.status, d.stderr).toBe(0);
      expect(recipientsOf(join(root, "secrets/shared/fresh.yaml"))).toEqual([ALICE.recipient]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "updatekeys confirmed after `user remove bob` rewrote .sops.yaml does not give bob his key back",
    async () => {
      const root = gitRepo({
        ".hush.yaml": TWO_USERS.replace("shared:", `  dave: { recipients: [${DAVE.recipient}] }\nshared:`),
        "secrets/shared/.gitkeep": "",
      });
      const env = { SOPS_AGE_KEY: ALICE.identity, TMPDIR: tempDir("hush-tmp-"), ...SLOW_OK };
      ok(hush(["user", "sync"], { cwd: root, env }));
      ok(hush(["secret", "create", "db", "--k=v"], { cwd: root, env }));
      // The file lacks dave, .sops.yaml lists him: updatekeys has a change to ask about.
      ok(hush(["rotate", "-i", "--rm-age", DAVE.recipient, "secrets/shared/db.yaml"], { cwd: root, env }));
      const child = spawn(process.execPath, [HUSH_BIN, "updatekeys", "secrets/shared/db.yaml"], {
        cwd: root,
        env: { PATH: process.env.PATH ?? "", HOME: tempDir("hush-home-"), ...env },
        stdio: ["pipe", "pipe", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
      const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
      await until("the confirmation prompt", () => stderr.includes("The following changes will be made"));
      ok(hush(["user", "remove", "bob"], { cwd: root, env }));
      child.stdin.end("y\n");
      const status = await exited;
      expect(status, stderr).not.toBe(0);
      expect(stderr).toMatch(/changed while updatekeys ran; nothing was written/);
      const readers = recipientsOf(join(root, "secrets/shared/db.yaml"));
      expect(readers).not.toContain(BOB.recipient);
      expect(readers).toContain(ALICE.recipient);
    },
    TEST_TIMEOUT_MS,
  );
});

describe("lock files left behind", () => {
  for (const [what, content] of [
    ["a dead process's pid", "DEAD"],
    ["nothing (empty)", ""],
    ["garbage", "\u0000\u0001not a pid\n"],
  ] as const) {
    it(
      `a lock holding ${what} is taken over: secret update and set both succeed`,
      async () => {
        const { root, env } = repo();
        const lock = join(root, "secrets/shared/db.yaml.lock");
        let text: string = content;
        if (content === "DEAD") {
          const pid = Number(execFileSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }));
          text = `${pid}\n`;
        }
        writeFileSync(lock, text);
        const env2 = { ...env, HUSH_LOCK_TIMEOUT_MS: "30000" };
        ok(hush(["secret", "update", "db", "--scope", "shared", "--a=1"], { cwd: root, env: env2 }));
        writeFileSync(lock, text);
        ok(hush(["set", "secrets/shared/db.yaml", '["b"]', '"2"'], { cwd: root, env: env2 }));
        expect(existsSync(lock)).toBe(false);
        expect(values(root, env)).toEqual({ k0: "v0", a: "1", b: "2" });
      },
      TEST_TIMEOUT_MS,
    );
  }

  it("readers take no lock: with the file's and the membership lock held, run, secret get and decrypt still work", () => {
    const { root, env } = repo();
    writeFileSync(join(root, "secrets/shared/db.yaml.lock"), `${process.pid}\n`);
    writeFileSync(join(root, ".hush.yaml.lock"), `${process.pid}\n`);
    const quick = { ...env, HUSH_LOCK_TIMEOUT_MS: "200" };
    const run = ok(
      hush(["run", "--no-mask", "--with-secrets", "db", "--", process.execPath, "-e", "process.stdout.write(process.env.DB_K0 ?? 'unset')"], {
        cwd: root,
        env: quick,
      }),
    );
    expect(run.stdout).toBe("v0");
    expect(values(root, quick)).toEqual({ k0: "v0" });
    expect(ok(hush(["decrypt", "secrets/shared/db.yaml"], { cwd: root, env: quick })).stdout).toContain("k0: v0");
    // ...while a writer does wait for them.
    expect(hush(["secret", "update", "db", "--scope", "shared", "--k1=v1"], { cwd: root, env: quick }).stderr).toMatch(/held by process/);
  });

  it("a lock held by a live process: LOCK_TIMEOUT names the lock file once and says what to do", () => {
    const { root, env } = repo();
    const lock = join(root, "secrets/shared/db.yaml.lock");
    writeFileSync(lock, `${process.pid}\n`);
    const r = hush(["set", "secrets/shared/db.yaml", '["b"]', '"2"'], { cwd: root, env: { ...env, HUSH_LOCK_TIMEOUT_MS: "300" } });
    expect(r.status).not.toBe(0);
    const lines = r.stderr.trim().split("\n");
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]!.split("db.yaml.lock").length - 1, lines[0]).toBe(1);
    expect(lines[0]).toMatch(new RegExp(`process ${process.pid}`));
    expect(lines[0]).toMatch(/delete the lock file/);
    expect(existsSync(lock)).toBe(true);
  });
});
