// Each age entry hush writes is an armored age file that the real `age`
// binary opens, with the identity of its recipient, to the 32-byte data key.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { armor } from "age-encryption";
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decryptFile, encryptFile, inspectFile } from "../../src/sopsfile/index.js";
import { identitiesFromText } from "../../src/keys/identities.js";
import { unwrapDataKey } from "../../src/sopsfile/age-entries.js";
import { generateKeyFile } from "../../src/keys/keygen.js";
import { decryptX25519 } from "../../src/age/x25519-unwrap.js";
import { encryptX25519 } from "../../src/age/x25519-wrap.js";
import { decodeX25519Identity, x25519KeyFromScalar } from "../../src/age/x25519-key.js";
import { getFormat } from "../../src/formats/index.js";
import type { FormatName } from "../../src/formats/format.js";
import { tempDir } from "../helpers/tmp.js";
import { ALICE, BOB, CI } from "../helpers/keys.js";
import { FILE_OWN_SELECTION } from "../../src/sops/selection-policy.js";

const KEYS = [ALICE, BOB, CI];

describe("the real age binary opens hush's age entries", () => {
  for (const [format, source] of [
    ["yaml", "a: b\n"],
    ["json", '{"a": "b"}'],
    ["dotenv", "A=b\n"],
    ["ini", "[s]\na = b\n"],
  ] as [FormatName, string][]) {
    it(format, async () => {
      const dir = tempDir();
      const { document } = (await getFormat(format)).parse(Buffer.from(source));
      const bytes = await encryptFile(document, { format, recipients: KEYS.map((k) => k.recipient) });
      const identities = await identitiesFromText(ALICE.identity, "test");
      const { dataKey } = await decryptFile(bytes, { policy: FILE_OWN_SELECTION, format, identities });
      const entries = inspectFile(bytes, format, undefined, FILE_OWN_SELECTION).metadata.keyGroups[0]!.age;
      expect(entries.map((e) => e.recipient)).toEqual(KEYS.map((k) => k.recipient));
      for (const [i, entry] of entries.entries()) {
        expect(entry.enc.startsWith("-----BEGIN AGE ENCRYPTED FILE-----\n")).toBe(true);
        expect(entry.enc.endsWith("-----END AGE ENCRYPTED FILE-----\n")).toBe(true);
        const keyFile = join(dir, `key-${i}.txt`);
        writeFileSync(keyFile, KEYS[i]!.identity + "\n", { mode: 0o600 });
        chmodSync(keyFile, 0o600);
        const out = execFileSync("age", ["-d", "-i", keyFile], { input: entry.enc });
        expect(out.length).toBe(32);
        expect(Buffer.from(out).equals(Buffer.from(dataKey))).toBe(true);
      }
    });
  }
});

// The native X25519 wrap (src/age/x25519-wrap.ts): the real `age` opens what it writes.
describe("the real age binary opens what hush's native wrap writes", () => {
  it("data keys, Shamir shares and payloads across STREAM chunk boundaries, armored and not", () => {
    const dir = tempDir();
    for (const [i, key] of KEYS.entries()) writeFileSync(join(dir, `key-${i}.txt`), key.identity + "\n", { mode: 0o600 });
    for (const size of [32, 33, 0, 1, 65536, 65537, 140_000]) {
      const plaintext = randomBytes(size);
      for (const [i, key] of KEYS.entries()) {
        const enc = encryptX25519(plaintext, key.recipient);
        const armored = execFileSync("age", ["-d", "-i", join(dir, `key-${i}.txt`)], { input: enc });
        expect(armored.equals(plaintext), `size ${size}, armored`).toBe(true);
        const binary = execFileSync("age", ["-d", "-i", join(dir, `key-${i}.txt`)], { input: armor.decode(enc) });
        expect(binary.equals(plaintext), `size ${size}, binary`).toBe(true);
      }
    }
  });

  it("refuses it with another recipient's key", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "bob.txt"), BOB.identity + "\n", { mode: 0o600 });
    const enc = encryptX25519(randomBytes(32), ALICE.recipient);
    expect(() => execFileSync("age", ["-d", "-i", join(dir, "bob.txt")], { input: enc, stdio: "pipe" })).toThrow(/no identity matched/);
  });
});

// The native X25519 unwrap (src/age/x25519-unwrap.ts) against files the real `age` wrote.
describe("hush's native unwrap opens what the real age binary writes", () => {
  const keys = () => identitiesFromText(`${ALICE.identity}\n${BOB.identity}`, "test");

  it("a 32-byte data key from `age -a -r`, alone and beside other recipients", async () => {
    const dataKey = randomBytes(32);
    for (const recipients of [[ALICE], [CI, BOB, ALICE]]) {
      const enc = execFileSync("age", ["-a", ...recipients.flatMap((k) => ["-r", k.recipient])], { input: dataKey }).toString();
      const entries = [{ recipient: recipients.at(-1)!.recipient, enc }];
      expect(Buffer.from(await unwrapDataKey(entries, await keys())).equals(dataKey)).toBe(true);
    }
  });

  it("payloads across STREAM chunk boundaries, with CRLF armor", async () => {
    const alice = x25519KeyFromScalar(decodeX25519Identity(ALICE.identity)!);
    for (const size of [0, 65536, 65537, 140_000]) {
      const plaintext = randomBytes(size);
      const enc = execFileSync("age", ["-a", "-r", ALICE.recipient], { input: plaintext }).toString();
      expect(decryptX25519(enc.replaceAll("\n", "\r\n"), [alice])?.equals(plaintext), `size ${size}`).toBe(true);
    }
  });

  it("refuses, as age does, a file whose header MAC was changed", async () => {
    const dir = tempDir();
    const keyFile = join(dir, "key.txt");
    writeFileSync(keyFile, ALICE.identity + "\n", { mode: 0o600 });
    const binary = execFileSync("age", ["-r", ALICE.recipient], { input: randomBytes(32) });
    const at = binary.indexOf("\n--- ") + 6;
    binary[at] = binary[at] === 0x41 ? 0x42 : 0x41;
    expect(() => execFileSync("age", ["-d", "-i", keyFile], { input: binary, stdio: "pipe" })).toThrow();
    const enc = armor.encode(binary);
    const error = await unwrapDataKey([{ recipient: ALICE.recipient, enc }], await keys()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "METADATA_INVALID" });
    expect((error as Error).message).toMatch(/header MAC does not match/);
  });

  it("the real age decrypts with a key file hush keygen wrote", async () => {
    const { file, recipient } = await generateKeyFile({ output: join(tempDir(), "keys.txt") });
    const sealed = execFileSync("age", ["-a", "-r", recipient], { input: "42" });
    expect(execFileSync("age", ["-d", "-i", file], { input: sealed }).toString()).toBe("42");
  });
});
