// The library API (DESIGN "Library"), in-process, on a real temp repository.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Hush, isHushError } from "../../../src/index.js";
import { gitRepo } from "../../helpers/git.js";
import { ALICE, BOB } from "../../helpers/keys.js";

function open(as?: string, key: string = ALICE.identity): Promise<Hush> {
  const root = gitRepo({
    ".hush.yaml": `version: 1\ndefault_scope: shared\nusers:\n  alice: { recipients: [${ALICE.recipient}] }\n  bob: { recipients: [${BOB.recipient}] }\n`,
  });
  return Hush.open({ cwd: root, env: { SOPS_AGE_KEY: key, PATH: process.env.PATH }, ...(as ? { as } : {}) });
}

describe("Hush library", () => {
  it("create, get, update, list, delete", async () => {
    const hush = await open();
    const created = await hush.createSecret({ name: "db", values: { user: "a", password: "b" } });
    expect(created).toMatchObject({ name: "db", scope: "shared", file: "secrets/shared/db.yaml" });
    expect(await hush.getSecret("db")).toMatchObject({ name: "db", scope: "shared", values: { user: "a", password: "b" } });
    await hush.updateSecret({ name: "db", values: { password: "c" }, removeKeys: ["user"] });
    expect((await hush.getSecret("db")).values).toEqual({ password: "c" });
    await hush.createSecret({ name: "mine", values: { k: "v" }, scope: "user" });
    const list = await hush.listSecrets({ sortBy: "name", desc: true });
    expect(list.map((s) => [s.name, s.scope, s.user])).toEqual([
      ["mine", "user", "alice"],
      ["db", "shared", undefined],
    ]);
    expect((await hush.listSecrets({ scope: "shared" })).map((s) => s.name)).toEqual(["db"]);
    await hush.deleteSecret("db");
    await expect(hush.getSecret("db")).rejects.toMatchObject({ code: "SECRET_NOT_FOUND" });
  });

  it("setSecret creates then updates; setSecrets/getSecrets work in batches", async () => {
    const hush = await open();
    await hush.setSecret("api", { token: "1" });
    await hush.setSecret("api", { region: "eu" });
    expect((await hush.getSecret("api")).values).toEqual({ token: "1", region: "eu" });
    await hush.setSecrets([
      { name: "a", values: { x: "1" } },
      { name: "b", values: { y: "2" }, scope: "user" },
    ]);
    const got = await hush.getSecrets(["a", "b", "api"]);
    expect(got.map((s) => [s.name, s.scope, s.values])).toEqual([
      ["a", "shared", { x: "1" }],
      ["b", "user", { y: "2" }],
      ["api", "shared", { token: "1", region: "eu" }],
    ]);
    expect(readFileSync(join(hush.root, "secrets/users/alice/b.yaml"), "utf8")).toContain(ALICE.recipient);
  });

  it("typed errors with stable codes", async () => {
    const hush = await open();
    const refused = await hush.createSecret({ name: "../x", values: { a: "1" } }).catch((e: unknown) => e);
    expect(isHushError(refused, "NAME_INVALID")).toBe(true);
    await hush.createSecret({ name: "db", values: { a: "1" } });
    await expect(hush.createSecret({ name: "db", values: { a: "2" } })).rejects.toMatchObject({ code: "SECRET_EXISTS" });
    await expect(hush.createSecret({ name: "e", values: {} })).rejects.toMatchObject({ code: "USAGE" });
    await expect(hush.addUser({ name: "bob", recipients: [BOB.recipient] })).rejects.toMatchObject({ code: "USER_EXISTS" });
    await expect(hush.removeUser("zoe")).rejects.toMatchObject({ code: "USER_NOT_FOUND" });
    const bobsView = await Hush.open({ cwd: hush.root, env: { SOPS_AGE_KEY: BOB.identity, PATH: process.env.PATH }, as: "alice" });
    await expect(bobsView.createSecret({ name: "x", values: { a: "1" }, scope: "user" })).resolves.toMatchObject({ user: "alice" });
    await expect(bobsView.getSecret("x")).rejects.toMatchObject({ code: "NO_MATCHING_IDENTITY" });
  });

  it("adding a user who is not a shared reader touches no shared file", async () => {
    const root = gitRepo({
      ".hush.yaml": `version: 1\nusers:\n  alice: { recipients: [${ALICE.recipient}] }\nshared:\n  readers: [alice]\n`,
    });
    const hush = await Hush.open({ cwd: root, env: { SOPS_AGE_KEY: ALICE.identity, PATH: process.env.PATH } });
    await hush.createSecret({ name: "db", values: { a: "1" }, scope: "shared" });
    const before = readFileSync(join(root, "secrets/shared/db.yaml"), "utf8");
    const r = await hush.addUser({ name: "bob", recipients: [BOB.recipient] });
    expect(r.secrets).toEqual([]);
    expect(r.changed.sort()).toEqual([".hush.yaml", ".sops.yaml"]);
    expect(readFileSync(join(root, "secrets/shared/db.yaml"), "utf8")).toBe(before);
  });

  it("whoami, activeUser and listUsers", async () => {
    const hush = await open();
    expect(await hush.whoami()).toMatchObject({ user: "alice", how: expect.stringContaining("SOPS_AGE_KEY") });
    expect((await hush.listUsers()).map((u) => u.name)).toEqual(["alice", "bob"]);
    const asBob = await open("bob");
    expect(await asBob.activeUser()).toEqual({ user: "bob", how: "--as bob" });
  });
});
