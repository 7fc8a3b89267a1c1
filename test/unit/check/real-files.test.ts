// Rule 1 against files the real sops wrote (test/fixtures/sops-real):
// every valid fixture passes with no key, through the line scan or the
// codec's full inspection; the key-less faults of the tampered copies are found.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { inspectSecret } from "../../../src/check/encrypted.js";
import { requireSopsReal } from "../../helpers/fixtures.js";

const dir = requireSopsReal();
const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as { recipient: string; fixtures: Array<{ file: string; format: string }> };
// comments_unencrypted_comments.yaml: plaintext comments an old sops wrote (sops still loads it); committed, those comments are clear text.
const PLAINTEXT_COMMENTS = "comments_unencrypted_comments.yaml";
const textual = manifest.fixtures.filter((f) => ["yaml", "json"].includes(f.format) && f.file !== "static_github.json" && f.file !== PLAINTEXT_COMMENTS);

describe("inspectSecret on real sops files", () => {
  it.each(textual.map((f) => f.file))("%s: valid, recipients read, no problem", async (file) => {
    const i = await inspectSecret(readFileSync(join(dir, file)), `secrets/shared/${file}`);
    expect(i.problems).toEqual([]);
    expect(i.readable).toBe(true);
    expect(i.recipients).toContain(manifest.recipient);
    expect(i.keys.length).toBeGreaterThan(0);
  });

  it("finds the plaintext comments of an old sops file, at their lines (sops encrypts comments)", async () => {
    const i = await inspectSecret(readFileSync(join(dir, PLAINTEXT_COMMENTS)), `secrets/shared/${PLAINTEXT_COMMENTS}`);
    expect(i.problems.map((p) => `${p.line}: ${p.message}`)).toEqual([
      "1: plaintext comment in a secret file (sops encrypts comments)",
      "3: plaintext comment in a secret file (sops encrypts comments)",
    ]);
    expect(i.readable).toBe(true);
  });

  it("finds the missing MAC of mac-removed and no_mac, with no key", async () => {
    for (const file of ["tampered/mac-removed.enc.yaml", "tampered/no_mac.yaml"]) {
      const i = await inspectSecret(readFileSync(join(dir, file)), `secrets/shared/x.yaml`);
      expect(i.problems.map((p) => p.code)).toEqual(["MAC_MISMATCH"]);
    }
  });

  it("a nested file edited to plaintext is found at its line by the full inspection", async () => {
    const text = readFileSync(join(dir, "example.yaml"), "utf8").replace(/^(\s+user: )ENC\[[^\]]*\]/m, "$1root");
    const line = text.split("\n").findIndex((l) => /^\s+user: root$/.test(l)) + 1;
    const i = await inspectSecret(Buffer.from(text), "secrets/shared/example.yaml");
    expect(i.fast).toBe(false);
    expect(i.problems).toEqual([expect.objectContaining({ line, message: 'plaintext value for key "user" in a secret file' })]);
  });
});
