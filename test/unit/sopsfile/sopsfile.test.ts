import { describe, expect, it } from "vitest";
import { decryptFile, encryptFile, inspectFile, rotateFile, updateKeys } from "../../../src/sopsfile/index.js";
import { encrypt } from "../../../src/sopsfile/encrypt.js";
import { identitiesFromText } from "../../../src/keys/identities.js";
import { getFormat } from "../../../src/formats/index.js";
import type { FormatName } from "../../../src/formats/format.js";
import { ageRecipients } from "../../../src/sops/metadata.js";
import { Branch, Comment } from "../../../src/sops/tree.js";
import type { Document } from "../../../src/sops/tree.js";
import { isHushError } from "../../../src/errors.js";
import { ALICE, BOB } from "../../helpers/keys.js";
import { FILE_OWN_SELECTION } from "../../../src/sops/selection-policy.js";

const ids = async (...keys: { identity: string }[]) => identitiesFromText(keys.map((k) => k.identity).join("\n"), "test");
const text = (b: Uint8Array) => Buffer.from(b).toString();
const CANARY = "canary-s3cr3t-value-7781";

async function plaintext(format: FormatName, source: string): Promise<Document> {
  return (await getFormat(format)).parse(Buffer.from(source)).document;
}

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    if (isHushError(e)) {
      expect(e.message).not.toContain(CANARY);
      return e.code;
    }
    throw e;
  }
  return undefined;
}

const samples: [FormatName, string][] = [
  ["yaml", `# head\ndb:\n    password: ${CANARY}\n    port: 5432\n    enabled: true\nlist:\n    - a\n    - 0.5\nplain_unencrypted: visible\n`],
  ["json", `{\n\t"password": "${CANARY}",\n\t"n": 1,\n\t"f": 1.5,\n\t"nested": {\n\t\t"l": [\n\t\t\t"x",\n\t\t\tnull\n\t\t]\n\t}\n}\n`],
  ["dotenv", `#c\nPASSWORD=${CANARY}\nMULTI=a\\nb\nOPEN_unencrypted=yes\n`],
  ["ini", `[db]\npassword = ${CANARY}\nuser     = me\n`],
  ["binary", `raw ${CANARY}\n\u0000bytes`],
];

describe("codec round trips", () => {
  for (const [format, source] of samples) {
    it(`${format}: encrypts, hides the value, decrypts back to the same plaintext`, async () => {
      const bytes = await encryptFile(await plaintext(format, source), { format, recipients: [ALICE.recipient] });
      expect(text(bytes)).not.toContain(CANARY);
      const opened = await decryptFile(bytes, { policy: FILE_OWN_SELECTION, format, identities: await ids(ALICE) });
      expect(text((await getFormat(format)).emit(opened.document, undefined))).toBe(source);
      expect(ageRecipients(inspectFile(bytes, format, undefined, FILE_OWN_SELECTION).metadata)).toEqual([ALICE.recipient]);
    });

    it(`${format}: re-encrypting unchanged with reuse gives identical bytes; a change touches only its value`, async () => {
      const bytes = await encryptFile(await plaintext(format, source), { format, recipients: [ALICE.recipient] });
      const opened = await decryptFile(bytes, { policy: FILE_OWN_SELECTION, format, identities: await ids(ALICE) });
      expect(text(await encryptFile(opened.document, { format, reuse: opened }))).toBe(text(bytes));
      if (format === "binary") return;
      const changed = await plaintext(format, source.replace(CANARY, "other"));
      const after = text(await encryptFile(changed, { format, reuse: opened })).split("\n");
      const before = text(bytes).split("\n");
      const differing = before.filter((line, i) => line !== after[i]);
      // the value and the mac, and lastmodified unless still the same second (each on its own line)
      expect(differing.some((l) => /password/i.test(l))).toBe(true);
      expect(differing.some((l) => /mac/.test(l))).toBe(true);
      expect(differing.filter((l) => !/password|mac|lastmodified/i.test(l))).toEqual([]);
    });
  }

  it("binary files record no selection rule", async () => {
    const bytes = await encryptFile(await plaintext("binary", "x"), { format: "binary", recipients: [ALICE.recipient] });
    expect(text(bytes)).not.toContain("unencrypted_suffix");
  });
});

describe("codec refusals", () => {
  it("ALREADY_ENCRYPTED for a data key named sops / sops_*", async () => {
    const yaml = [new Branch([{ key: "sops", value: "1" }])];
    expect(await codeOf(encryptFile(yaml, { format: "yaml", recipients: [ALICE.recipient] }))).toBe("ALREADY_ENCRYPTED");
    expect(await codeOf(encryptFile(await plaintext("dotenv", "A=1\n"), { format: "dotenv", recipients: [ALICE.recipient] }))).toBeUndefined();
    const doc = [new Branch([{ key: "sops_version", value: "1" }])];
    expect(await codeOf(encryptFile(doc, { format: "dotenv", recipients: [ALICE.recipient] }))).toBe("ALREADY_ENCRYPTED");
  });
  it("EMPTY_FILE, NO_RECIPIENTS, NOT_ENCRYPTED", async () => {
    expect(await codeOf(encryptFile([], { format: "yaml", recipients: [ALICE.recipient] }))).toBe("EMPTY_FILE");
    expect(await codeOf(encryptFile([new Branch([{ key: "a", value: "b" }])], { format: "yaml", recipients: [] }))).toBe("NO_RECIPIENTS");
    expect(() => inspectFile(Buffer.from("a: b\n"), "yaml", undefined, FILE_OWN_SELECTION)).toThrow(/metadata not found/);
    expect(await codeOf(decryptFile(Buffer.from("{}"), { policy: FILE_OWN_SELECTION, format: "json", identities: await ids(ALICE) }))).toBe("NOT_ENCRYPTED");
  });
  it("VALUE_FORMAT_INVALID for a value edited in clear; MAC_MISMATCH unless ignoreMac", async () => {
    const bytes = text(await encryptFile(await plaintext("dotenv", `A=${CANARY}\nB_unencrypted=1\n`), { format: "dotenv", recipients: [ALICE.recipient] }));
    const clear = bytes.replace(/^A=.*$/m, `A=${CANARY}`);
    expect(await codeOf(decryptFile(Buffer.from(clear), { policy: FILE_OWN_SELECTION, format: "dotenv", identities: await ids(ALICE) }))).toBe(
      "VALUE_FORMAT_INVALID",
    );
    const edited = Buffer.from(bytes.replace("B_unencrypted=1", "B_unencrypted=2"));
    expect(await codeOf(decryptFile(edited, { policy: FILE_OWN_SELECTION, format: "dotenv", identities: await ids(ALICE) }))).toBe("MAC_MISMATCH");
    const opened = await decryptFile(edited, { policy: FILE_OWN_SELECTION, format: "dotenv", identities: await ids(ALICE), ignoreMac: true });
    expect(opened.document[0]!.get("B_unencrypted")).toBe("2");
  });
});

describe("updateKeys and rotate", () => {
  it("adds only new recipients; values, MAC, lastmodified and staying entries untouched", async () => {
    const bytes = await encryptFile(await plaintext("yaml", `a: ${CANARY}\nb: 2\n`), { format: "yaml", recipients: [ALICE.recipient] });
    const before = inspectFile(bytes, "yaml", undefined, FILE_OWN_SELECTION);
    const result = await updateKeys(bytes, {
      policy: FILE_OWN_SELECTION,
      format: "yaml",
      identities: await ids(ALICE),
      recipients: [ALICE.recipient, BOB.recipient],
    });
    expect(result.added).toEqual([BOB.recipient]);
    expect(result.removed).toEqual([]);
    const after = inspectFile(result.bytes, "yaml", undefined, FILE_OWN_SELECTION);
    expect(after.document).toEqual(before.document);
    expect(after.metadata.mac).toBe(before.metadata.mac);
    expect(after.metadata.lastModified).toBe(before.metadata.lastModified);
    expect(after.metadata.keyGroups[0]!.age[0]).toEqual(before.metadata.keyGroups[0]!.age[0]);
    expect((await decryptFile(result.bytes, { policy: FILE_OWN_SELECTION, format: "yaml", identities: await ids(BOB) })).document[0]!.get("a")).toBe(CANARY);

    const same = await updateKeys(result.bytes, {
      policy: FILE_OWN_SELECTION,
      format: "yaml",
      identities: await ids(BOB),
      recipients: [BOB.recipient, ALICE.recipient],
    });
    expect(same.bytes).toBe(result.bytes);

    const dropped = await updateKeys(result.bytes, { policy: FILE_OWN_SELECTION, format: "yaml", identities: await ids(BOB), recipients: [BOB.recipient] });
    expect(dropped.removed).toEqual([ALICE.recipient]);
    expect(await codeOf(decryptFile(dropped.bytes, { policy: FILE_OWN_SELECTION, format: "yaml", identities: await ids(ALICE) }))).toBe("NO_MATCHING_IDENTITY");
  });

  it("rotate: new data key, every ciphertext changes, version kept, MAC valid", async () => {
    const bytes = await encryptFile(await plaintext("json", '{"a": "x", "b": [1, 2]}'), { format: "json", recipients: [ALICE.recipient] });
    const opened = await decryptFile(bytes, { policy: FILE_OWN_SELECTION, format: "json", identities: await ids(ALICE) });
    const rotated = await rotateFile(bytes, { policy: FILE_OWN_SELECTION, format: "json", identities: await ids(ALICE), recipients: [BOB.recipient] });
    const again = await decryptFile(rotated, { policy: FILE_OWN_SELECTION, format: "json", identities: await ids(BOB) });
    expect(Buffer.from(again.dataKey).equals(Buffer.from(opened.dataKey))).toBe(false);
    expect(again.document).toEqual(opened.document);
    const encs = (b: Uint8Array) => text(b).match(/ENC\[[^\]]+\]/g)!;
    const oldSet = new Set(encs(bytes));
    expect(encs(rotated).filter((e) => oldSet.has(e))).toEqual([]);
    expect(again.metadata.version).toBe(opened.metadata.version);
  });

  it("Shamir key groups: both groups needed at threshold 2", async () => {
    const doc = await plaintext("yaml", `a: ${CANARY}\n`);
    const bytes = await encrypt(doc, { format: "yaml" }, { recipientGroups: [[ALICE.recipient], [BOB.recipient]], shamirThreshold: 2 });
    expect(text(bytes)).toContain("key_groups:");
    expect(text(bytes)).toContain("shamir_threshold: 2");
    expect((await decryptFile(bytes, { policy: FILE_OWN_SELECTION, format: "yaml", identities: await ids(ALICE, BOB) })).document[0]!.get("a")).toBe(CANARY);
    expect(await codeOf(decryptFile(bytes, { policy: FILE_OWN_SELECTION, format: "yaml", identities: await ids(ALICE) }))).toBe("NO_MATCHING_IDENTITY");
    const rotated = await rotateFile(bytes, { policy: FILE_OWN_SELECTION, format: "yaml", identities: await ids(ALICE, BOB) });
    expect(inspectFile(rotated, "yaml", undefined, FILE_OWN_SELECTION).metadata.keyGroups).toHaveLength(2);
  });

  it("keeps comments encrypted and restores them", async () => {
    const bytes = await encryptFile(await plaintext("yaml", "# hello\na: b\n"), { format: "yaml", recipients: [ALICE.recipient] });
    expect(text(bytes)).toContain("#ENC[");
    const opened = await decryptFile(bytes, { policy: FILE_OWN_SELECTION, format: "yaml", identities: await ids(ALICE) });
    expect(opened.document[0]!.items[0]).toEqual(new Comment(" hello"));
  });
});

describe("selection options through the codec", () => {
  it("records the rule used and leaves unselected values clear", async () => {
    const doc = await plaintext("yaml", `data:\n    token: ${CANARY}\nmetadata:\n    name: app\n`);
    const bytes = text(
      await encryptFile(doc, {
        format: "yaml",
        recipients: [ALICE.recipient],
        selection: { kind: "encrypted_regex", value: "^data$" },
        macOnlyEncrypted: true,
      }),
    );
    expect(bytes).toContain("name: app");
    expect(bytes).not.toContain(CANARY);
    expect(bytes).toContain("encrypted_regex: ^data$");
    expect(bytes).toContain("mac_only_encrypted: true");
    expect(bytes).not.toContain("unencrypted_suffix");
    const opened = await decryptFile(Buffer.from(bytes), { policy: FILE_OWN_SELECTION, format: "yaml", identities: await ids(ALICE) });
    expect(opened.metadata.selection).toEqual({ kind: "encrypted_regex", value: "^data$" });
    // mac_only_encrypted: a clear value may change without breaking the MAC
    const edited = Buffer.from(bytes.replace("name: app", "name: other"));
    expect(await codeOf(decryptFile(edited, { policy: FILE_OWN_SELECTION, format: "yaml", identities: await ids(ALICE) }))).toBeUndefined();
  });

  it("binary ignores selection options", async () => {
    const bytes = await encryptFile(await plaintext("binary", "x_unencrypted"), {
      format: "binary",
      recipients: [ALICE.recipient],
      selection: { kind: "encrypted_regex", value: "^nothing$" },
    });
    expect(text(bytes)).toMatch(/"data": "ENC\[/);
  });
});

describe("multi-document YAML", () => {
  it("encrypts every document, appends the block to each, decrypts all", async () => {
    const doc = await plaintext("yaml", `a: ${CANARY}\n---\nb: two\n`);
    expect(doc).toHaveLength(2);
    const bytes = text(await encryptFile(doc, { format: "yaml", recipients: [ALICE.recipient] }));
    expect(bytes.match(/^sops:$/gm)).toHaveLength(2);
    const opened = await decryptFile(Buffer.from(bytes), { policy: FILE_OWN_SELECTION, format: "yaml", identities: await ids(ALICE) });
    expect(opened.document.map((b) => b.keys())).toEqual([["a"], ["b"]]);
    expect(opened.document[1]!.get("b")).toBe("two");
  });
});
