// The library's sops namespace writes `-i` / `--output` itself (it was the CLI's
// deliver()): atomically (a new file replaces the target by rename, so a hard
// link to the old one keeps the old bytes), keeping an existing file's mode,
// 0600 for new plaintext, and nothing at all when the command fails.
import { chmodSync, linkSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sops } from "../../../src/index.js";
import { ALICE, BOB } from "../../helpers/keys.js";
import { tempDir } from "../../helpers/tmp.js";

const env = { SOPS_AGE_KEY: ALICE.identity, HOME: "/nonexistent" };
const mode = (path: string): number => statSync(path).mode & 0o777;

/** A sops file for ALICE in a fresh directory. */
async function encrypted(): Promise<{ dir: string; file: string }> {
  const dir = tempDir();
  const file = join(dir, "app.enc.yaml");
  writeFileSync(file, "password: hunter2\nuser: admin\n");
  await sops.encrypt({ file, age: ALICE.recipient, env, cwd: dir, inPlace: true });
  return { dir, file };
}

describe("sops namespace: output delivery", () => {
  it("returns the bytes and writes nothing without a target", async () => {
    const { dir, file } = await encrypted();
    const before = readdirSync(dir);
    const r = await sops.decrypt({ file, env, cwd: dir });
    expect(Buffer.from(r.bytes).toString()).toBe("password: hunter2\nuser: admin\n");
    expect(r.written).toBeUndefined();
    expect(readdirSync(dir)).toEqual(before);
  });

  it("--output: a new plaintext file is 0600; an existing one keeps its mode and is replaced by rename", async () => {
    const { dir, file } = await encrypted();
    const fresh = await sops.decrypt({ file, env, cwd: dir, output: "plain.yaml" });
    expect(fresh.written).toBe(join(dir, "plain.yaml"));
    expect(readFileSync(join(dir, "plain.yaml"), "utf8")).toBe("password: hunter2\nuser: admin\n");
    expect(mode(join(dir, "plain.yaml"))).toBe(0o600);

    const out = join(dir, "shared.yaml");
    writeFileSync(out, "old\n");
    chmodSync(out, 0o640);
    linkSync(out, join(dir, "old-link.yaml"));
    await sops.decrypt({ file, env, cwd: dir, output: out });
    expect(readFileSync(out, "utf8")).toBe("password: hunter2\nuser: admin\n");
    expect(mode(out)).toBe(0o640);
    // Written beside and renamed over: the old inode (the link) still holds the old bytes, never a half-written mix.
    expect(readFileSync(join(dir, "old-link.yaml"), "utf8")).toBe("old\n");
    expect(statSync(out).ino).not.toBe(statSync(join(dir, "old-link.yaml")).ino);
  });

  it("a failed command leaves the target as it was, with no temp file beside it", async () => {
    const { dir, file } = await encrypted();
    const out = join(dir, "out.yaml");
    writeFileSync(out, "keep me\n");
    const before = readdirSync(dir).sort();
    // BOB's key opens nothing: the decrypt fails before anything is written.
    await expect(sops.decrypt({ file, env: { SOPS_AGE_KEY: BOB.identity, HOME: "/nonexistent" }, cwd: dir, output: out })).rejects.toMatchObject({ code: "NO_MATCHING_IDENTITY" });
    await expect(sops.rotate({ file, env: { SOPS_AGE_KEY: BOB.identity, HOME: "/nonexistent" }, cwd: dir, inPlace: true })).rejects.toMatchObject({ code: "NO_MATCHING_IDENTITY" });
    expect(readFileSync(out, "utf8")).toBe("keep me\n");
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it("-i rewrites the file in place keeping its mode; -i with --output and -i on stdin are refused before anything is read", async () => {
    const { dir, file } = await encrypted();
    chmodSync(file, 0o664);
    const inode = statSync(file).ino;
    const r = await sops.rotate({ file, env, cwd: dir, inPlace: true });
    expect(r.written).toBe(file);
    expect(mode(file)).toBe(0o664);
    expect(statSync(file).ino).not.toBe(inode);
    expect(Buffer.from((await sops.decrypt({ file, env, cwd: dir })).bytes).toString()).toBe("password: hunter2\nuser: admin\n");
    await expect(sops.decrypt({ file: join(dir, "missing.yaml"), env, cwd: dir, inPlace: true, output: "x" })).rejects.toMatchObject({ code: "CONFLICTING_OPTIONS" });
    expect(() => sops.checkOutputTarget("-", { inPlace: true })).toThrow(expect.objectContaining({ code: "USAGE" }));
  });

  it("encrypt --output: a new sops file is 0644 and opens with the recipient's key", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "plain.yaml"), "token: abc\n");
    const r = await sops.encrypt({ file: "plain.yaml", age: ALICE.recipient, env, cwd: dir, output: "plain.enc.yaml" });
    expect(r.settings.groups).toEqual([[ALICE.recipient]]);
    expect(mode(join(dir, "plain.enc.yaml"))).toBe(0o644);
    expect(readFileSync(join(dir, "plain.enc.yaml"), "utf8")).toMatch(/^token: ENC\[AES256_GCM,/);
    expect(Buffer.from((await sops.decrypt({ file: "plain.enc.yaml", env, cwd: dir })).bytes).toString()).toBe("token: abc\n");
  });
});
