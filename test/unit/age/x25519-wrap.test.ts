// The native X25519 wrap against age-encryption (its Decrypter, its armor and
// header encoders) and hush's own parser and unwrap; and every refusal.
import { describe, expect, it } from "vitest";
import { Decrypter, Encrypter, armor, generateHybridIdentity, identityToRecipient } from "age-encryption";
import { decodeArmor, encodeHeaderForMac, parseAgeFile } from "../../../src/age/age-file.js";
import { bech32Encode } from "../../../src/age/bech32.js";
import { decryptX25519 } from "../../../src/age/x25519-unwrap.js";
import { encryptX25519, isX25519Recipient } from "../../../src/age/x25519-wrap.js";
import { decodeX25519Identity, decodeX25519Recipient, x25519KeyFromScalar } from "../../../src/age/x25519-key.js";
import { isHushError } from "../../../src/errors.js";
import { ALICE, BOB } from "../../helpers/keys.js";

const alice = x25519KeyFromScalar(decodeX25519Identity(ALICE.identity)!);
const DATA_KEY = Uint8Array.from({ length: 32 }, (_, i) => 3 * i + 1);

async function theirDecrypt(enc: string, identity: string): Promise<Buffer> {
  const decrypter = new Decrypter();
  decrypter.addIdentity(identity);
  return Buffer.from(await decrypter.decrypt(armor.decode(enc)));
}

function refusal(recipient: string): string {
  try {
    encryptX25519(DATA_KEY, recipient);
  } catch (error) {
    if (isHushError(error, "RECIPIENT_INVALID")) return error.message;
    throw error;
  }
  throw new Error(`expected ${recipient} to be refused`);
}

describe("encryptX25519 writes what age-encryption and hush read", () => {
  it("age-encryption's Decrypter and hush's unwrap open it to the same bytes; another key does not", async () => {
    const enc = encryptX25519(DATA_KEY, ALICE.recipient);
    expect(await theirDecrypt(enc, ALICE.identity)).toEqual(Buffer.from(DATA_KEY));
    expect(decryptX25519(enc, [alice])).toEqual(Buffer.from(DATA_KEY));
    await expect(theirDecrypt(enc, BOB.identity)).rejects.toThrow(/no identity matched/i);
    expect(decryptX25519(enc, [x25519KeyFromScalar(decodeX25519Identity(BOB.identity)!)])).toBeUndefined();
  });

  it("payloads across STREAM chunk boundaries", async () => {
    for (const size of [0, 1, 33, 65535, 65536, 65537, 3 * 65536, 200_000]) {
      const plaintext = Uint8Array.from({ length: size }, (_, i) => (i * 13) & 0xff);
      const enc = encryptX25519(plaintext, ALICE.recipient);
      expect((await theirDecrypt(enc, ALICE.identity)).equals(Buffer.from(plaintext)), `size ${size}`).toBe(true);
      expect(decryptX25519(enc, [alice])?.equals(Buffer.from(plaintext)), `size ${size}`).toBe(true);
    }
  });

  it("the armor is byte for byte what age-encryption's armor.encode makes of the same file", () => {
    for (const size of [0, 1, 16, 32, 33, 100, 65537]) {
      const enc = encryptX25519(new Uint8Array(size), ALICE.recipient);
      expect(armor.encode(decodeArmor(enc)), `size ${size}`).toBe(enc);
    }
  });

  it("has the same layout as age-encryption's own file for the same key: line lengths, BEGIN and END", async () => {
    const encrypter = new Encrypter();
    encrypter.addRecipient(ALICE.recipient);
    const theirs = armor.encode(await encrypter.encrypt(DATA_KEY));
    const ours = encryptX25519(DATA_KEY, ALICE.recipient);
    const shape = (text: string) => text.split("\n").map((l) => (l.startsWith("-----") ? l : l.length));
    expect(shape(ours)).toEqual(shape(theirs));
    expect(ours).toMatch(/^-----BEGIN AGE ENCRYPTED FILE-----\n([A-Za-z0-9+/]{64}\n)*[A-Za-z0-9+/=]{4,64}\n-----END AGE ENCRYPTED FILE-----\n$/);
  });

  it("the header is exactly the age v1 text and parses with hush's parser", () => {
    const binary = Buffer.from(decodeArmor(encryptX25519(DATA_KEY, ALICE.recipient)));
    const macEnd = binary.indexOf("\n", binary.indexOf("\n--- ") + 1) + 1;
    expect(binary.toString("latin1", 0, macEnd)).toMatch(/^age-encryption\.org\/v1\n-> X25519 [A-Za-z0-9+/]{43}\n[A-Za-z0-9+/]{43}\n--- [A-Za-z0-9+/]{43}\n$/);
    const file = parseAgeFile(binary);
    expect(file.stanzas).toHaveLength(1);
    expect(file.stanzas[0]).toMatchObject({ type: "X25519", args: [expect.any(String)] });
    expect(file.stanzas[0]!.body).toHaveLength(32);
    expect(Buffer.from(file.headerForMac).toString("latin1").endsWith("\n---")).toBe(true);
    expect(file.payload).toHaveLength(16 + 32 + 16); // nonce, one chunk, its tag
  });

  it("encodeHeaderForMac rebuilds age-encryption's headers, long post-quantum bodies and several stanzas included", async () => {
    const pq = await identityToRecipient(await generateHybridIdentity());
    for (const recipients of [[ALICE.recipient], [pq], [BOB.recipient, pq, ALICE.recipient]]) {
      const encrypter = new Encrypter();
      for (const r of recipients) encrypter.addRecipient(r);
      const file = parseAgeFile(await encrypter.encrypt(DATA_KEY));
      expect(encodeHeaderForMac(file.stanzas).equals(Buffer.from(file.headerForMac))).toBe(true);
    }
  });

  it("a body that fills its lines ends with an empty line, an empty body is one empty line", () => {
    const header = (length: number) => encodeHeaderForMac([{ type: "t", args: ["a"], body: new Uint8Array(length) }]).toString("latin1");
    expect(header(48)).toBe(`age-encryption.org/v1\n-> t a\n${"A".repeat(64)}\n\n---`);
    expect(header(0)).toBe("age-encryption.org/v1\n-> t a\n\n---");
    expect(header(49)).toBe(`age-encryption.org/v1\n-> t a\n${"A".repeat(64)}\nAA\n---`);
  });

  it("two wraps of the same key differ: a fresh ephemeral share, file key and payload nonce", () => {
    const [a, b] = [0, 1].map(() => parseAgeFile(decodeArmor(encryptX25519(DATA_KEY, ALICE.recipient))));
    expect(a!.stanzas[0]!.args[0]).not.toBe(b!.stanzas[0]!.args[0]);
    expect(Buffer.from(a!.stanzas[0]!.body).equals(Buffer.from(b!.stanzas[0]!.body))).toBe(false);
    expect(Buffer.from(a!.payload.subarray(0, 16)).equals(Buffer.from(b!.payload.subarray(0, 16)))).toBe(false);
  });
});

describe("encryptX25519 refuses what is not an X25519 recipient, naming it", () => {
  const key = decodeX25519Recipient(ALICE.recipient)!;

  it("decodes the test recipient to 32 bytes (the refusals below are not vacuous)", () => {
    expect(key).toHaveLength(32);
    expect(bech32Encode("age", key)).toBe(ALICE.recipient);
  });

  it("a bad bech32 checksum", () => {
    const bad = ALICE.recipient.slice(0, -1) + (ALICE.recipient.endsWith("q") ? "p" : "q");
    expect(refusal(bad)).toContain(bad);
  });

  it("a wrong HRP, a wrong length, upper case, a low-order point", () => {
    for (const bad of [
      bech32Encode("agf", key),
      bech32Encode("age1yubikey", key), // a plugin recipient
      bech32Encode("age", key.subarray(0, 31)),
      bech32Encode("age", Buffer.concat([key, Buffer.from([0])])),
      ALICE.recipient.toUpperCase(),
      bech32Encode("age", new Uint8Array(32)), // u = 0: the shared secret would be all zeros
      bech32Encode(
        "age",
        Uint8Array.from({ length: 32 }, (_, i) => (i === 0 ? 1 : 0)),
      ), // u = 1, also low order
      "age1",
      "",
    ]) {
      expect(refusal(bad), bad).toBe(`not an age recipient: ${bad}`);
    }
  });

  it("isX25519Recipient leaves hybrid, tag and plugin recipients to age-encryption", () => {
    expect(isX25519Recipient(ALICE.recipient)).toBe(true);
    expect(isX25519Recipient("age1pq1qqqq")).toBe(false);
    expect(isX25519Recipient("age1tag1qqqq")).toBe(false);
    expect(isX25519Recipient("age1yubikey1qqqq")).toBe(false);
    expect(isX25519Recipient("AGE1QQQQ")).toBe(false);
  });
});
