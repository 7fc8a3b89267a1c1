import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { identityToRecipient } from "age-encryption";
import { describe, expect, it } from "vitest";
import { decodeX25519Identity, encodeX25519Identity, x25519KeyFromScalar } from "../../../src/age/x25519-key.js";
import { ALICE } from "../../helpers/keys.js";

const RUNS = Number(process.env.HUSH_PROPERTY_RUNS ?? 100);

describe("x25519KeyFromScalar", () => {
  it("derives the recipient age derives, for the test key", () => {
    expect(x25519KeyFromScalar(decodeX25519Identity(ALICE.identity)!).recipient).toBe(ALICE.recipient);
  });

  it("derives the recipient age-encryption derives, for random scalars", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 32, maxLength: 32 }), async (scalar) => {
        const key = x25519KeyFromScalar(scalar);
        expect(key.recipient).toBe(await identityToRecipient(encodeX25519Identity(scalar)));
      }),
      { numRuns: RUNS },
    );
  });

  it("gives a private key that agrees with the public key it reports", () => {
    const key = x25519KeyFromScalar(randomBytes(32));
    const jwk = key.privateKey.export({ format: "jwk" });
    expect(Buffer.from(jwk.x!, "base64url")).toEqual(Buffer.from(key.publicKey));
    expect(key.privateKey.asymmetricKeyType).toBe("x25519");
  });
});
