// The native X25519 path against files age-encryption wrote, and every way a file can be broken.
import { describe, expect, it } from "vitest";
import { Encrypter, armor } from "age-encryption";
import { decodeArmor, parseAgeFile } from "../../../src/age/age-file.js";
import { isHushError } from "../../../src/errors.js";
import { decryptX25519 } from "../../../src/age/x25519-unwrap.js";
import { decodeX25519Identity, x25519KeyFromScalar } from "../../../src/age/x25519-key.js";
import { ALICE, BOB } from "../../helpers/keys.js";

const alice = x25519KeyFromScalar(decodeX25519Identity(ALICE.identity)!);
const bob = x25519KeyFromScalar(decodeX25519Identity(BOB.identity)!);

async function encrypt(plaintext: Uint8Array, ...recipients: string[]): Promise<Uint8Array> {
  const e = new Encrypter();
  for (const r of recipients) e.addRecipient(r);
  return e.encrypt(plaintext);
}

/** Re-armors binary `file` in sops's layout. */
const rearmor = (file: Uint8Array) => armor.encode(file);

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (isHushError(error, "METADATA_INVALID")) return error.message;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("decryptX25519 opens what age-encryption writes", () => {
  it("a 32-byte data key, and says undefined for another key", async () => {
    const key = Uint8Array.from({ length: 32 }, (_, i) => 255 - i);
    const enc = armor.encode(await encrypt(key, ALICE.recipient));
    expect(alice.recipient).toBe(ALICE.recipient);
    expect(decryptX25519(enc, [alice])).toEqual(Buffer.from(key));
    expect(decryptX25519(enc, [bob])).toBeUndefined();
    expect(decryptX25519(enc, [bob, alice])).toEqual(Buffer.from(key));
  });

  it("several stanzas, empty and multi-chunk payloads (64 KiB boundaries)", async () => {
    for (const size of [0, 1, 65535, 65536, 65537, 3 * 65536, 200_000]) {
      const plaintext = Uint8Array.from({ length: size }, (_, i) => (i * 31) & 0xff);
      const enc = armor.encode(await encrypt(plaintext, BOB.recipient, ALICE.recipient));
      expect(decryptX25519(enc, [alice])?.equals(Buffer.from(plaintext)), `size ${size}`).toBe(true);
    }
  });

  it("an armor with leading blank lines and CRLF, as sops tolerates", async () => {
    const enc = armor.encode(await encrypt(new Uint8Array(32), ALICE.recipient));
    expect(decryptX25519(`\n\r\n${enc.replaceAll("\n", "\r\n")}`, [alice])).toEqual(Buffer.alloc(32));
  });
});

describe("decryptX25519 refuses broken files", () => {
  it("a tampered header MAC", async () => {
    const file = Buffer.from(await encrypt(new Uint8Array(32), ALICE.recipient));
    const mac = file.indexOf("\n--- ") + 5;
    file[mac] = file[mac] === 0x41 ? 0x42 : 0x41; // one base64 character of the MAC
    expect(refusal(() => decryptX25519(rearmor(file), [alice]))).toMatch(/header MAC does not match/);
  });

  it("a tampered stanza argument is not ours (the wrap key changes), a tampered payload does not verify", async () => {
    const file = Buffer.from(await encrypt(new Uint8Array(32), ALICE.recipient));
    const share = Buffer.from(file);
    const at = share.indexOf("-> X25519 ") + 12;
    share[at] = share[at] === 0x41 ? 0x42 : 0x41;
    expect(decryptX25519(rearmor(share), [alice])).toBeUndefined();
    const payload = Buffer.from(file);
    payload[payload.length - 1]! ^= 0x80;
    expect(refusal(() => decryptX25519(rearmor(payload), [alice]))).toMatch(/payload does not verify/);
    expect(refusal(() => decryptX25519(rearmor(file.subarray(0, file.length - 1)), [alice]))).toMatch(/payload does not verify/);
  });

  it("a truncated or malformed armor", async () => {
    const enc = armor.encode(await encrypt(new Uint8Array(32), ALICE.recipient));
    const lines = enc.split("\n");
    expect(refusal(() => decryptX25519(lines.slice(0, -2).join("\n"), [alice]))).toMatch(/truncated/);
    expect(refusal(() => decryptX25519(lines.slice(1).join("\n"), [alice]))).toMatch(/no age armor header/);
    expect(refusal(() => decryptX25519([lines[0], lines[1]!.slice(0, 60), ...lines.slice(2)].join("\n"), [alice]))).toMatch(/wrong length/);
    expect(refusal(() => decryptX25519(enc.replace(/\n([A-Za-z0-9+/])/, "\n*"), [alice]))).toMatch(/not base64/);
  });

  it("a header that is not age v1, a stanza body of the wrong length, a low-order share", async () => {
    const file = Buffer.from(await encrypt(new Uint8Array(32), ALICE.recipient));
    const text = file.toString("latin1");
    expect(refusal(() => decryptX25519(rearmor(Buffer.from(text.replace("v1", "v2"), "latin1")), [alice]))).toMatch(/not an age v1 file/);
    const header = text.slice(0, text.indexOf("\n--- "));
    const [, stanza, body] = header.split("\n");
    const short = text.replace(`${stanza}\n${body}`, `${stanza}\n${body!.slice(0, 40)}`);
    expect(refusal(() => decryptX25519(rearmor(Buffer.from(short, "latin1")), [alice]))).toMatch(/body of the wrong length/);
    const zero = text.replace(stanza!, `-> X25519 ${Buffer.alloc(32).toString("base64").replace(/=+$/, "")}`);
    expect(refusal(() => decryptX25519(rearmor(Buffer.from(zero, "latin1")), [alice]))).toMatch(/low-order share/);
  });

  it("non-canonical base64 in the header", async () => {
    const file = Buffer.from(await encrypt(new Uint8Array(32), ALICE.recipient));
    const text = file.toString("latin1");
    const stanza = text.split("\n")[1]!;
    const share = stanza.slice("-> X25519 ".length);
    // The last character carries 2 spare bits; setting one keeps the bytes but breaks canonical form.
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const last = alphabet.indexOf(share.at(-1)!);
    const odd = share.slice(0, -1) + alphabet[last ^ 1];
    expect(refusal(() => decryptX25519(rearmor(Buffer.from(text.replace(share, odd), "latin1")), [alice]))).toMatch(/non-canonical/);
    const mac = text.slice(text.indexOf("\n--- ") + 5, text.indexOf("\n--- ") + 48);
    const oddMac = mac.slice(0, -1) + alphabet[alphabet.indexOf(mac.at(-1)!) ^ 1];
    expect(refusal(() => parseAgeFile(decodeArmor(rearmor(Buffer.from(text.replace(mac, oddMac), "latin1")))))).toMatch(/non-canonical/);
  });
});
