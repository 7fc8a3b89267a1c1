// The one line scanner of sops files: what it reads must be what the full
// parse reads (the codec's inspectFile, the yaml library's lines); what it
// cannot read for certain it declines. test/property/file-facts.test.ts
// fuzzes the same on files the codec writes.
import { describe, expect, it } from "vitest";
import { readRecipientLine, readTopLevelLine, scanSopsYaml } from "../../../src/sopsfile/file-facts.js";
import { normalizeRfc3339 } from "../../../src/sops/timestamp.js";
import { comparableScan, fullParseFacts } from "../../helpers/sops-facts.js";
import { ALICE, BOB } from "../../helpers/keys.js";

const ENC = "ENC[AES256_GCM,data:YWJj,iv:MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTI=,tag:MTIzNDU2Nzg5MDEyMzQ1Ng==,type:str]";
const SSH = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHj4b9qGJ0Q2i3bUQfPp0d5b0pzG0O2wq0Z3m9nXc0aM alice@laptop";

/** A sops file as hush writes it, `meta` lines replacing the default metadata fields. */
function file(
  keys: string,
  age: string[],
  meta = ['    lastmodified: "2025-01-02T03:04:05Z"', `    mac: ${ENC}`, "    unencrypted_suffix: _unencrypted", "    version: 3.10.2"],
): string {
  return `${keys}sops:\n    age:\n${age.join("\n")}\n${meta.join("\n")}\n`;
}
const entry = (recipient: string) =>
  [
    `        - recipient: ${recipient}`,
    "          enc: |",
    "            -----BEGIN AGE ENCRYPTED FILE-----",
    "            YWJj",
    "            -----END AGE ENCRYPTED FILE-----",
  ].join("\n");
const BASE = file(`password: ${ENC}\nuser: ${ENC}\n`, [entry(ALICE.recipient), entry(SSH)]);

/** Scans `text` and holds whatever it reads to the full parse. */
function scanned(text: string) {
  const facts = scanSopsYaml(text);
  if (facts?.sopsLine !== undefined) {
    const full = fullParseFacts(text);
    const valid = facts.lastModified && normalizeRfc3339(facts.lastModified.value);
    // A file the codec refuses is read only to report why (no lastmodified, or not a time).
    if (full === "refused") expect(valid, text).toBeFalsy();
    else expect(comparableScan(facts, normalizeRfc3339), text).toEqual(full);
  }
  return facts;
}

describe("scanSopsYaml", () => {
  it("reads keys, age and SSH recipients, metadata and their lines", () => {
    const facts = scanned(BASE)!;
    expect(facts.entries.map((e) => [e.key, e.line])).toEqual([
      ["password", 1],
      ["user", 2],
    ]);
    expect(facts.recipients).toEqual([
      { value: ALICE.recipient, line: 5 },
      { value: SSH, line: 10 },
    ]);
    expect(facts).toMatchObject({
      sopsLine: 3,
      lastModified: { value: "2025-01-02T03:04:05Z", line: 15 },
      version: { value: "3.10.2", line: 18 },
      selection: { value: { kind: "unencrypted_suffix", value: "_unencrypted" }, line: 17 },
    });
  });

  it("reads the layouts sops writes: 3.13's order, go-yaml v2's dashes, 2-space indent, old empty key lists", () => {
    const v313 = BASE.replace(
      / {8}- recipient: (.*)\n {10}enc: \|\n((?: {12}.*\n)+)/g,
      (_, r, armor) => `        - enc: |\n${armor}          recipient: ${r}\n`,
    );
    expect(scanned(v313)!.recipients.map((r) => r.value)).toEqual([ALICE.recipient, SSH]);
    const legacy = BASE.replace(/ {8}- recipient:/g, "    -   recipient:").replace(/ {10}enc:/g, "        enc:");
    expect(scanned(legacy)!.recipients.map((r) => r.value)).toEqual([ALICE.recipient, SSH]);
    const twoSpaces = BASE.replace(/^ {4}(?=\S)/gm, "  ")
      .replace(/^ {8}- /gm, "    - ")
      .replace(/^ {10}/gm, "      ")
      .replace(/^ {12}/gm, "        ");
    expect(scanned(twoSpaces)!.recipients).toHaveLength(2);
    const old = BASE.replace("sops:\n", "sops:\n    kms: []\n    gcp_kms: []\n    azure_kv: []\n    hc_vault: []\n");
    expect(scanned(old)!.recipients).toHaveLength(2);
  });

  it("reads sops's field names in any letter case, the exact name first, as sops does", () => {
    const text = BASE.replace("    unencrypted_suffix: _unencrypted", "    Encrypted_Regex: ^pass").replace(
      "    version:",
      "    MAC_only_encrypted: true\n    version:",
    );
    expect(scanned(text)).toMatchObject({ selection: { value: { kind: "encrypted_regex", value: "^pass" } }, macOnlyEncrypted: { value: true } });
    // Two spellings of `age`: the exact one counts, the other is ignored (as in metadata.ts).
    const twice = BASE.replace("    lastmodified:", `    AGE:\n${entry(BOB.recipient)}\n    lastmodified:`);
    expect(scanned(twice)!.recipients.map((r) => r.value)).toEqual([ALICE.recipient, SSH]);
    expect(scanned(twice.replace("    age:", "    Age:"))!.recipients.map((r) => r.value)).toEqual([ALICE.recipient, SSH]);
  });

  it("an `- recipient:` line inside an enc armor is armor, not a recipient (the old line scanners counted it)", () => {
    const forged = BASE.replace("            YWJj\n", `            YWJj\n            - recipient: ${BOB.recipient}\n`);
    expect(scanned(forged)!.recipients.map((r) => r.value)).toEqual([ALICE.recipient, SSH]);
  });

  it("takes an empty option as unset, and reads values as YAML does (quotes, numbers)", () => {
    expect(scanned(BASE.replace("_unencrypted\n", '""\n'))!.selection).toBeUndefined();
    expect(scanned(BASE.replace("version: 3.10.2", "version: 3.10"))!.version!.value).toBe("3.1");
    expect(scanned(BASE.replace("version: 3.10.2", "version: '3.10'"))!.version!.value).toBe("3.10");
    expect(scanned(BASE.replace('"2025-01-02T03:04:05Z"', "2025-01-02T04:04:05.25+01:00"))!.lastModified!.value).toBe("2025-01-02T04:04:05.25+01:00");
    expect(scanned(`a: ""\nb: 5\nc: '${ENC}'\nd: plain text\n` + BASE)!.entries.map((e) => e.value)).toEqual(["", 5, ENC, "plain text", ENC, ENC]);
    expect(scanned(BASE.replace("user: ENC", '"my user": ENC').replace("password: ENC", "'1': ENC"))!.entries.map((e) => e.key)).toEqual(["1", "my user"]);
  });

  it("gives a file without a sops block its entries and no sopsLine", () => {
    expect(scanned("user: admin\npassword: hunter2\n")).toEqual({
      entries: [
        { key: "user", value: "admin", line: 1 },
        { key: "password", value: "hunter2", line: 2 },
      ],
      sopsLine: undefined,
      recipients: [],
    });
  });

  it("declines what it cannot read for certain (the codec decides then)", () => {
    const declined = [
      "# a comment\n" + BASE,
      BASE.replace("user: ENC", "user: |\n  ENC"),
      BASE.replace("user: ENC", "user:\n  nested: ENC"),
      BASE.replace("user: ENC", "1: ENC"),
      BASE.replace("user: ENC", "password: ENC"), // a duplicate key
      BASE.replace("user: ENC", "user: &a ENC"),
      BASE.replace("user: ENC", "user: !!str ENC"),
      `user: ${ENC} # a comment\n` + BASE.replace(/^user.*\n/m, ""),
      "user: a: b\n" + BASE.replace(/^user.*\n/m, ""),
      'user: "a\\nb"\n' + BASE.replace(/^user.*\n/m, ""),
      "user: 18446744073709551615\n" + BASE.replace(/^user.*\n/m, ""),
      BASE + "extra: 1\n",
      BASE.replace("    version:", "    key_groups:\n        - age: []\n    version:"),
      BASE.replace("    version:", "    pgp:\n        - fp: X\n    version:"),
      BASE.replace("    version:", "    unknown: x\n    version:"),
      BASE.replace("    version:", "    mac: x\n    version:"), // a duplicate field
      BASE.replace("    unencrypted_suffix: _unencrypted", "    encrypted_regex: a\n    encrypted_suffix: b"),
      BASE.replace("    version:", "    mac_only_encrypted: maybe\n    version:"),
      BASE.replace("          enc: |", "          enc: >"),
      BASE.replace(/ {10}enc: \|\n(?: {12}.*\n)+/, ""), // an entry without enc
      BASE.replace("recipient: age1", "recipient: &x age1"),
      BASE.replace("YWJj", "YWJj\n          x"), // an armor line less indented than the first
      BASE.replace("    lastmodified: ", "\tlastmodified: "),
      BASE.replace("password: ENC", "pässword: ENC"),
      BASE.replace("password: ENC", "password: ENC").replace(/\n/g, "\r\n"),
      "a: 1\n---\n" + BASE,
      "sops:\n",
    ];
    for (const text of declined) expect(scanned(text), text).toBeUndefined();
  });
});

describe("readRecipientLine", () => {
  it("reads age and SSH recipients as sops and hush write them", () => {
    expect(readRecipientLine("          recipient: age1abc")).toBe("age1abc");
    expect(readRecipientLine("        - recipient: age1abc")).toBe("age1abc");
    expect(readRecipientLine("    -   recipient: age1abc")).toBe("age1abc");
    expect(readRecipientLine("          recipient: ssh-ed25519 AAAAC3Nz alice@laptop")).toBe("ssh-ed25519 AAAAC3Nz alice@laptop");
    expect(readRecipientLine("          recipient: ssh-rsa AAAAB3+/= ")).toBe("ssh-rsa AAAAB3+/=");
    expect(readRecipientLine('          recipient: "ssh-ed25519 AAAA a: b"')).toBe("ssh-ed25519 AAAA a: b");
    expect(readRecipientLine("          recipient: 'age1abc'")).toBe("age1abc");
  });

  it("is undefined on other lines and null on a recipient it cannot read (the caller parses the YAML)", () => {
    expect(readRecipientLine("    mac: ENC[...]")).toBeUndefined();
    expect(readRecipientLine("recipient: age1abc")).toBeUndefined(); // not inside the sops block
    expect(readRecipientLine("          recipients: age1abc")).toBeUndefined();
    for (const odd of ['"a\\"b"', "ssh-ed25519 AAAA # note", "ssh-ed25519 AAAA a: b", "|", "&anchor age1", "*alias", ""]) {
      expect(readRecipientLine(`          recipient: ${odd}`), odd).toBeNull();
    }
  });
});

describe("readTopLevelLine", () => {
  it("reads the key a line opens and the value written on it", () => {
    expect(readTopLevelLine(`password: ${ENC}`)).toEqual({ key: "password", value: ENC });
    expect(readTopLevelLine("db:")).toEqual({ key: "db", value: undefined });
    expect(readTopLevelLine('"my key": x ')).toEqual({ key: "my key", value: "x" });
    expect(readTopLevelLine("sops:")).toEqual({ key: "sops", value: undefined });
    for (const other of ["    mac: x", "- a: b", "# c: d", "a", "", "ab:c"]) expect(readTopLevelLine(other), other).toBeUndefined();
  });
});
