// The native X25519 unwrap agrees with age-encryption on random payloads and keys.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Decrypter, Encrypter, armor } from "age-encryption";
import { decryptX25519 } from "../../src/age/x25519-unwrap.js";
import { decodeX25519Identity, x25519KeyFromScalar } from "../../src/age/x25519-key.js";
import { generateX25519Identity } from "../../src/keys/keygen.js";

const runs = Number(process.env.HUSH_PROPERTY_RUNS ?? 25);

describe("native unwrap == age-encryption", () => {
  it("opens every file age-encryption writes, to the same bytes, for any of its recipients", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 70_000 }), fc.integer({ min: 1, max: 3 }), fc.nat(), async (plaintext, count, pick) => {
        const ids = Array.from({ length: count }, () => generateX25519Identity());
        const encrypter = new Encrypter();
        for (const id of ids) encrypter.addRecipient(id.recipient);
        const enc = armor.encode(await encrypter.encrypt(plaintext));
        const chosen = ids[pick % count]!;
        const decrypter = new Decrypter();
        decrypter.addIdentity(chosen.identity);
        const theirs = await decrypter.decrypt(armor.decode(enc));
        const ours = decryptX25519(enc, [x25519KeyFromScalar(decodeX25519Identity(chosen.identity)!)]);
        expect(ours && Buffer.from(ours).equals(Buffer.from(theirs))).toBe(true);
        expect(Buffer.from(theirs).equals(Buffer.from(plaintext))).toBe(true);
        const stranger = generateX25519Identity();
        expect(decryptX25519(enc, [x25519KeyFromScalar(decodeX25519Identity(stranger.identity)!)])).toBeUndefined();
      }),
      { numRuns: runs },
    );
  });
});
