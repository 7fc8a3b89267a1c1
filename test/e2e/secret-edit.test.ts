// `hush secret edit NAME` (today `hush edit db` says "no creation rule
// matches db"): the named secret as plain key/values in a scripted editor,
// saved encrypted, held to the store's rules.
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hush, startHush } from "../helpers/cli.js";
import { gitRepo } from "../helpers/git.js";
import { ALICE, BOB } from "../helpers/keys.js";

const EDITOR = `${process.execPath} ${join(import.meta.dirname, "../fixtures/editor.js")}`;
const ALICE_ENV = { SOPS_AGE_KEY: ALICE.identity, EDITOR };

function repo(): string {
  const dir = gitRepo({ ".hush.yaml": `version: 1\nusers:\n  alice: { recipients: [${ALICE.recipient}] }\n  bob: { recipients: [${BOB.recipient}] }\nshared:\n  readers: ["*"]\n` });
  expect(hush(["secret", "create", "db", "--user=app", "--password=old-pass", "--scope", "shared"], { cwd: dir, env: ALICE_ENV }).status).toBe(0);
  return dir;
}

const values = (dir: string, identity: string = ALICE.identity) => JSON.parse(hush(["secret", "get", "db", "--reveal", "--json"], { cwd: dir, env: { SOPS_AGE_KEY: identity } }).stdout).values;

describe("hush secret edit", () => {
  it("shows plain key: value lines in a 0600 file and saves the change encrypted, recipients kept", () => {
    const dir = repo();
    const copy = join(dir, "..", `shown-${Date.now()}.txt`);
    const record = join(dir, "..", `record-${Date.now()}.json`);
    const r = hush(["secret", "edit", "db"], { cwd: dir, env: { ...ALICE_ENV, EDIT_COPY: copy, EDIT_RECORD: record, EDIT_FIND: "old-pass", EDIT_REPLACE: "new-pass" } });
    expect(r).toMatchObject({ status: 0, stdout: "edited secret db: secrets/shared/db.yaml\n" });
    expect(readFileSync(copy, "utf8")).toBe("user: app\npassword: old-pass\n");
    const seen = JSON.parse(readFileSync(record, "utf8")) as { file: string; mode: number; dirMode: number };
    expect([seen.mode, seen.dirMode]).toEqual([0o600, 0o700]);
    expect(() => statSync(seen.file)).toThrow();
    expect(values(dir)).toEqual({ user: "app", password: "new-pass" });
    expect(values(dir, BOB.identity)).toEqual({ user: "app", password: "new-pass" });
    expect(readFileSync(join(dir, "secrets/shared/db.yaml"), "utf8")).not.toContain("new-pass");
  });

  it("SIGTERM to hush while the editor runs: nothing written, exit 143 (128+N, as `hush edit`)", async () => {
    const dir = repo();
    const before = readFileSync(join(dir, "secrets/shared/db.yaml"), "utf8");
    const slow = `${process.execPath} ${join(import.meta.dirname, "../fixtures/slow-editor.js")}`;
    const run = startHush(["secret", "edit", "db"], { cwd: dir, env: { SOPS_AGE_KEY: ALICE.identity, EDITOR: slow } });
    await run.waitFor("editing");
    run.child.kill("SIGTERM");
    expect(await run.exited, run.err()).toBe(143);
    expect(run.err()).toContain("interrupted by SIGTERM");
    expect(readFileSync(join(dir, "secrets/shared/db.yaml"), "utf8")).toBe(before);
  });

  it("an editor that changes nothing writes nothing", () => {
    const dir = repo();
    const before = readFileSync(join(dir, "secrets/shared/db.yaml"), "utf8");
    expect(hush(["secret", "edit", "db"], { cwd: dir, env: ALICE_ENV })).toMatchObject({ status: 0, stdout: "unchanged secret db: secrets/shared/db.yaml (nothing written)\n" });
    expect(readFileSync(join(dir, "secrets/shared/db.yaml"), "utf8")).toBe(before);
  });

  it("refuses a value that is not a string, or a key hush cannot store, naming it; nothing written", () => {
    const dir = repo();
    const before = readFileSync(join(dir, "secrets/shared/db.yaml"), "utf8");
    const number = hush(["secret", "edit", "db"], { cwd: dir, env: { ...ALICE_ENV, EDIT_APPEND: "port: 5432\n" } });
    expect(number.status).toBe(1);
    expect(number.stderr).toMatch(/these keys are not: port \(a number\)\. quote numbers and booleans/);
    const nested = hush(["secret", "edit", "db"], { cwd: dir, env: { ...ALICE_ENV, EDIT_APPEND: "extra:\n  a: b\n" } });
    expect(nested.stderr).toMatch(/extra \(a map\)/);
    const reserved = hush(["secret", "edit", "db"], { cwd: dir, env: { ...ALICE_ENV, EDIT_APPEND: "token_unencrypted: x\n" } });
    expect(reserved.stderr).toMatch(/key "token_unencrypted" in secret "db" is reserved by sops/);
    expect(readFileSync(join(dir, "secrets/shared/db.yaml"), "utf8")).toBe(before);
  });

  it("an unknown name: the usual not-found line", () => {
    const r = hush(["secret", "edit", "nope"], { cwd: repo(), env: ALICE_ENV });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^hush: secret "nope" not found/);
  });
});
