import { describe, expect, it } from "vitest";
import { makeSelector } from "../../../src/sops/selection.js";
import { encryptTree } from "../../../src/sops/encrypt-tree.js";
import { Branch, Comment } from "../../../src/sops/tree.js";
import type { Selection } from "../../../src/sops/metadata.js";

const sel = (kind: Selection["kind"], value: string) => makeSelector({ kind, value });

describe("selection rules (spec §3)", () => {
  it("unencrypted_suffix: any ancestor with the suffix leaves the subtree clear", () => {
    const s = sel("unencrypted_suffix", "_unencrypted");
    expect(s(["a", "b"], [])).toBe(true);
    expect(s(["nested_unencrypted", "a", "b"], [])).toBe(false);
    expect(s([], [])).toBe(true); // top-level comments are encrypted by default
  });
  it("encrypted_suffix: some component must end with it", () => {
    const s = sel("encrypted_suffix", "_enc");
    expect(s(["x_enc", "y"], [])).toBe(true);
    expect(s(["x", "y"], [])).toBe(false);
    expect(s([], [])).toBe(false);
  });
  it("regexes match per component, unanchored", () => {
    expect(sel("encrypted_regex", "^(data|stringData)$")(["data", "k"], [])).toBe(true);
    expect(sel("encrypted_regex", "^(data|stringData)$")(["metadata", "k"], [])).toBe(false);
    expect(sel("encrypted_regex", "pass")(["db", "password"], [])).toBe(true);
    expect(sel("unencrypted_regex", "^public")(["public_key"], [])).toBe(false);
    expect(sel("unencrypted_regex", "^public")(["private"], [])).toBe(true);
  });
  it("comment regexes look at active comments", () => {
    expect(sel("unencrypted_comment_regex", "sops:clear")(["a"], [" sops:clear"])).toBe(false);
    expect(sel("unencrypted_comment_regex", "sops:clear")(["a"], [" other"])).toBe(true);
    expect(sel("unencrypted_comment_regex", "sops:clear")([], [], " sops:clear")).toBe(false);
    expect(sel("encrypted_comment_regex", "sops:enc")(["a"], [" sops:enc"])).toBe(true);
    expect(sel("encrypted_comment_regex", "sops:enc")(["a"], [])).toBe(false);
  });

  it("active comments apply to the next item only, and to nested items", () => {
    const doc = [new Branch([new Comment(" sops:enc"), { key: "a", value: new Branch([{ key: "inner", value: "1" }]) }, { key: "b", value: "2" }])];
    const { document } = encryptTree(doc, {
      dataKey: Buffer.alloc(32),
      selection: { kind: "encrypted_comment_regex", value: "sops:enc" },
      macOnlyEncrypted: false,
    });
    const out = document[0]!;
    expect((out.items[0] as Comment).text).toBe(" sops:enc"); // the marker stays clear
    expect(((out.get("a") as Branch).get("inner") as string).startsWith("ENC[")).toBe(true);
    expect(out.get("b")).toBe("2");
  });
});

describe("Go regex syntax", () => {
  it("reads a leading (?i) as Go does", () => {
    expect(sel("encrypted_regex", "(?i)^password$")(["PASSWORD"], [])).toBe(true);
    expect(sel("encrypted_regex", "^password$")(["PASSWORD"], [])).toBe(false);
  });
  it("refuses to write a comment ciphertext the clear-comment rule would match", () => {
    const doc = [new Branch([new Comment(" x"), { key: "a", value: "1" }])];
    expect(() =>
      encryptTree(doc, { dataKey: Buffer.alloc(32), selection: { kind: "unencrypted_comment_regex", value: "ENC" }, macOnlyEncrypted: false }),
    ).toThrow(/unencrypted_comment_regex/);
  });
});
