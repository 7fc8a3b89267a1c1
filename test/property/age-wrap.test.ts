// The native X25519 wrap agrees with age-encryption and with the native unwrap
// on random data keys (32 bytes) and Shamir shares (33 bytes) and random keys.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Decrypter, armor } from "age-encryption";
import { encryptX25519 } from "../../src/age/x25519-wrap.js";
import { decryptX25519 } from "../../src/age/x25519-unwrap.js";
import { decodeX25519Identity, x25519KeyFromScalar } from "../../src/age/x25519-key.js";
import { generateX25519Identity } from "../../src/keys/keygen.js";

const runs = Number(process.env.HUSH_PROPERTY_RUNS ?? 25);
const keyOf = (identity: string) => x25519KeyFromScalar(decodeX25519Identity(identity)!);

describe("native wrap → age-encryption and native unwrap", () => {
  it("round-trips every 32- or 33-byte payload, and a stranger opens nothing", async () => {
    const payload = fc.oneof(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 33, maxLength: 33 }));
    await fc.assert(
      fc.asyncProperty(payload, async (plaintext) => {
        const id = generateX25519Identity();
        const enc = encryptX25519(plaintext, id.recipient);
        const decrypter = new Decrypter();
        decrypter.addIdentity(id.identity);
        expect(Buffer.from(await decrypter.decrypt(armor.decode(enc))).equals(Buffer.from(plaintext))).toBe(true);
        expect(decryptX25519(enc, [keyOf(id.identity)])?.equals(Buffer.from(plaintext))).toBe(true);
        expect(decryptX25519(enc, [keyOf(generateX25519Identity().identity)])).toBeUndefined();
      }),
      { numRuns: runs },
    );
  });
});
