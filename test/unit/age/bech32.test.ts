import { generateHybridIdentity, identityToRecipient } from "age-encryption";
import { describe, expect, it } from "vitest";
import { bech32Decode, bech32Encode } from "../../../src/age/bech32.js";
import { decodeX25519Identity, encodeX25519Identity } from "../../../src/age/x25519-key.js";
import { ALICE, BOB } from "../../helpers/keys.js";

// BIP 173's own test vectors (https://github.com/bitcoin/bips/blob/master/bip-0173.mediawiki#test-vectors).
const VALID = ["A12UEL5L", "a12uel5l", "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw", "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w", "?1ezyfcl"];
const INVALID = ["A1G7SGD8", "10a06t8", "1qzzfhee", "x1b4n0q5v", "li1dgmt3", "A12uEL5L", "abc1rzg"];

describe("bech32", () => {
  it("accepts BIP 173's valid strings", () => {
    for (const s of VALID) expect(bech32Decode(s), s).toBeDefined();
  });

  it("refuses BIP 173's invalid strings (checksum, case, separator, characters)", () => {
    for (const s of INVALID) expect(bech32Decode(s), s).toBeUndefined();
  });

  it("round-trips the test identities byte for byte", () => {
    for (const key of [ALICE, BOB]) {
      const scalar = decodeX25519Identity(key.identity)!;
      expect(scalar).toHaveLength(32);
      expect(encodeX25519Identity(scalar)).toBe(key.identity);
      const recipient = bech32Decode(key.recipient)!;
      expect(bech32Encode(recipient.hrp, recipient.bytes)).toBe(key.recipient);
    }
  });

  it("refuses an identity with one character changed (checksum)", () => {
    const i = 30;
    const c = ALICE.identity[i] === "Q" ? "P" : "Q";
    const bad = ALICE.identity.slice(0, i) + c + ALICE.identity.slice(i + 1);
    expect(decodeX25519Identity(bad)).toBeUndefined();
    expect(decodeX25519Identity(ALICE.identity.toLowerCase())).toBeUndefined(); // age writes and reads them upper case
  });

  it("has no 90-character limit: age's post-quantum recipients are ~1,950 characters", async () => {
    const recipient = await identityToRecipient(await generateHybridIdentity());
    expect(recipient.length).toBeGreaterThan(1900);
    const decoded = bech32Decode(recipient)!;
    expect(decoded.hrp).toBe("age1pq");
    expect(bech32Encode(decoded.hrp, decoded.bytes)).toBe(recipient);
  });

  it("answers undefined, never throws, for what is not Bech32", () => {
    for (const s of ["", "1", "age1", "\u00e91qqqqqq", "age1qqqqqq\n", "x".repeat(5000)]) expect(bech32Decode(s), JSON.stringify(s)).toBeUndefined();
  });
});
